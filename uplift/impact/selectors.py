"""Reads for the end of a cluster's programme: the impact report and the cohort summary.

The impact report compares each member school's baseline (``ClusterMember.baseline_snapshot``,
recorded when the cluster was confirmed) with its end-of-programme snapshot
(``ClusterMember.end_snapshot``), dimension by dimension, using the dimension levels frozen in each
snapshot's ``data["dimensions"]`` (a dimension's level is its lowest aspect level, or None when not
every aspect was judged). Nothing is guessed: a school without a baseline, or a dimension without a
level on either side, shows no change and is left out of the averages.

Cluster averages per dimension: the baseline mean over schools with a baseline level, the end mean
over schools with an end level, and the mean change over schools with both (so the mean change is
not simply end mean minus baseline mean when some school is missing a side). One decimal place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from uplift.assessments.models import Snapshot
from uplift.clusters.models import Cluster, ClusterMember, ClusterStatus
from uplift.clusters.usage import Usage, support_usage
from uplift.cohorts.models import Cohort
from uplift.frameworks.models import Dimension, Framework
from uplift.impact.models import ClusterClosure, EndSnapshotReminder
from uplift.lib.charts import Series, radar_svg
from uplift.schools.models import School


@dataclass(frozen=True)
class DimensionColumn:
    slug: str
    title: str
    focus: bool = False


@dataclass(frozen=True)
class Cell:
    dimension: DimensionColumn
    baseline: int | None
    end: int | None

    @property
    def change(self) -> int | None:
        if self.baseline is None or self.end is None:
            return None
        return self.end - self.baseline


@dataclass
class SchoolRow:
    member: ClusterMember
    cells: list[Cell]
    reminded_at: dt.datetime | None = None  # the latest reminder, if any

    @property
    def school(self) -> School:
        return self.member.school

    @property
    def baseline(self) -> Snapshot | None:
        return self.member.baseline_snapshot

    @property
    def end(self) -> Snapshot | None:
        return self.member.end_snapshot

    @property
    def improved(self) -> int:
        """How many dimensions went up."""
        return sum(1 for cell in self.cells if cell.change is not None and cell.change > 0)


@dataclass(frozen=True)
class Average:
    dimension: DimensionColumn
    baseline: float | None
    end: float | None
    change: float | None
    schools: int  # schools with both a baseline and an end level (counted in ``change``)


@dataclass
class ImpactReport:
    cluster: Cluster
    dimensions: list[DimensionColumn]
    rows: list[SchoolRow]
    averages: list[Average]
    usage: list[Usage] = field(default_factory=list)
    closure: ClusterClosure | None = None

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def recorded(self) -> int:
        return sum(1 for row in self.rows if row.end is not None)

    @property
    def missing_baseline(self) -> list[SchoolRow]:
        return [row for row in self.rows if row.baseline is None]

    @property
    def still_to_record(self) -> list[SchoolRow]:
        return [row for row in self.rows if row.end is None]

    @property
    def has_end(self) -> bool:
        return self.recorded > 0

    @property
    def all_recorded(self) -> bool:
        return self.total > 0 and self.recorded == self.total

    @property
    def is_finished(self) -> bool:
        return self.cluster.status == ClusterStatus.FINISHED

    @property
    def focus_titles(self) -> list[str]:
        return [d.title for d in self.dimensions if d.focus]

    def chart(self, chart_id: str = "impact-radar") -> SafeString:
        """Cluster averages, baseline against end, as a radar (the averages table is its text alternative)."""
        if len(self.dimensions) < 3:  # a radar needs at least three axes (and there is no framework yet)
            return SafeString("")
        baseline = [a.baseline for a in self.averages]
        series = [Series(name="Baseline (cluster average)", values=baseline, colour="#505a5f", dashed=True)]
        described = "the cluster's average baseline level"
        if self.has_end:
            series.append(
                Series(
                    name="End of programme (cluster average)",
                    values=[a.end for a in self.averages],
                    colour="#1d70b8",
                    filled=True,
                )
            )
            described += " and its average end-of-programme level"
        return radar_svg(
            axes=[d.title for d in self.dimensions],
            series=series,
            title=f"{self.cluster.name}: levels by dimension",
            description=f"A radar chart of {described} in each dimension, on levels 1 to 5. "
            "The table of cluster averages below gives the same numbers.",
            chart_id=chart_id,
        )


def _mean(values: Iterable[int | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 1) if present else None


def _level(snapshot: Snapshot | None, slug: str) -> int | None:
    if snapshot is None:
        return None
    value = (snapshot.data or {}).get("dimensions", {}).get(slug)
    return value if isinstance(value, int) else None


def dimension_columns(*, focus: Iterable[str] = (), snapshots: Iterable[Snapshot | None] = ()) -> list[DimensionColumn]:
    """The current framework's dimensions in order, then any other slug found in the snapshots."""
    focus = set(focus)
    framework = Framework.objects.current()
    titles: dict[str, str] = {}
    if framework is not None:
        titles = dict(Dimension.objects.filter(framework=framework).order_by("order").values_list("slug", "title"))
    for snapshot in snapshots:
        for slug in (snapshot.data or {}).get("dimensions", {}) if snapshot is not None else ():
            titles.setdefault(slug, slug.replace("_", " ").replace("-", " ").capitalize())
    return [DimensionColumn(slug=slug, title=title, focus=slug in focus) for slug, title in titles.items()]


def _members(cluster: Cluster) -> list[ClusterMember]:
    return list(
        cluster.members.select_related(
            "school", "baseline_snapshot", "end_snapshot", "end_snapshot__created_by"
        ).order_by("school__name")
    )


def impact_report(cluster: Cluster, *, with_usage: bool = True) -> ImpactReport:
    """Baseline against end per school and dimension, cluster averages, and support used."""
    members = _members(cluster)
    snapshots = [s for m in members for s in (m.baseline_snapshot, m.end_snapshot)]
    dimensions = dimension_columns(focus=cluster.focus or [], snapshots=snapshots)
    reminded: dict[int, dt.datetime] = {}
    for member_id, sent_at in EndSnapshotReminder.objects.filter(member__in=members).values_list(
        "member_id", "sent_at"
    ):
        reminded[member_id] = max(sent_at, reminded.get(member_id, sent_at))
    rows = [
        SchoolRow(
            member=member,
            cells=[
                Cell(
                    dimension=d,
                    baseline=_level(member.baseline_snapshot, d.slug),
                    end=_level(member.end_snapshot, d.slug),
                )
                for d in dimensions
            ],
            reminded_at=reminded.get(member.pk),
        )
        for member in members
    ]
    averages = []
    for index, dimension in enumerate(dimensions):
        cells = [row.cells[index] for row in rows]
        changes = [cell.change for cell in cells if cell.change is not None]
        averages.append(
            Average(
                dimension=dimension,
                baseline=_mean(cell.baseline for cell in cells),
                end=_mean(cell.end for cell in cells),
                change=_mean(changes),
                schools=len(changes),
            )
        )
    return ImpactReport(
        cluster=cluster,
        dimensions=dimensions,
        rows=rows,
        averages=averages,
        usage=support_usage(cluster) if with_usage else [],
        closure=ClusterClosure.objects.select_related("finished_by").filter(cluster=cluster).first(),
    )


@dataclass
class CohortRow:
    cluster: Cluster
    changes: list[float | None]  # mean change per dimension (``CohortSummary.dimensions`` order)
    schools: int
    recorded: int


@dataclass
class CohortSummary:
    cohort: Cohort
    dimensions: list[DimensionColumn]
    rows: list[CohortRow]
    overall: list[float | None]  # mean change per dimension over every school with both levels
    schools_counted: list[int]


def cohort_summary(cohort: Cohort) -> CohortSummary:
    """Mean change per dimension for each of the cohort's confirmed or finished clusters, and overall
    (the mean over every school in the cohort with both a baseline and an end level)."""
    clusters = list(
        cohort.clusters.filter(status__in=[ClusterStatus.CONFIRMED, ClusterStatus.FINISHED]).order_by("number")
    )
    reports = [impact_report(cluster, with_usage=False) for cluster in clusters]
    snapshots = [s for r in reports for row in r.rows for s in (row.baseline, row.end)]
    dimensions = dimension_columns(snapshots=snapshots)
    slugs = [d.slug for d in dimensions]
    all_changes: dict[str, list[int]] = {slug: [] for slug in slugs}
    rows = []
    for report in reports:
        by_slug = {a.dimension.slug: a.change for a in report.averages}
        rows.append(
            CohortRow(
                cluster=report.cluster,
                changes=[by_slug.get(slug) for slug in slugs],
                schools=report.total,
                recorded=report.recorded,
            )
        )
        for row in report.rows:
            for cell in row.cells:
                if cell.change is not None and cell.dimension.slug in all_changes:
                    all_changes[cell.dimension.slug].append(cell.change)
    return CohortSummary(
        cohort=cohort,
        dimensions=dimensions,
        rows=rows,
        overall=[_mean(all_changes[slug]) for slug in slugs],
        schools_counted=[len(all_changes[slug]) for slug in slugs],
    )


def writable_member_schools(cluster: Cluster, user: object) -> list[School]:
    """The cluster's member schools where ``user`` may record the end snapshot (teacher or above)."""
    from uplift.accounts.models import SCHOOL_WRITE_ROLE

    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        School.objects.filter(
            cluster_memberships__cluster=cluster,
            memberships__user=user,
            memberships__role__gte=SCHOOL_WRITE_ROLE,
        )
        .distinct()
        .order_by("name")
    )
