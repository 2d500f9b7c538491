"""Reads for Computing Clusters' matching: runs, the proposal with its rule checks, and the proposal's map."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from uplift.clusters.models import Cluster, ClusterMember, ClusterStatus, MatchRun
from uplift.cohorts.models import Cohort, CohortApplicationStatus
from uplift.qualitymark import england_map
from uplift.schools.models import School

# Colours for the map's clusters (each at least 3:1 against the map's pale fill and white); the cluster's
# number is always written beside its points, so colour is never the only cue.
PALETTE = ("#1d5ea8", "#b7281a", "#00703c", "#5b3590", "#8a4b08", "#005a87", "#a4145e", "#3d5a00", "#6f3b00", "#28434d")
UNASSIGNED_COLOUR = "#505a5f"


def latest_run(cohort: Cohort) -> MatchRun | None:
    return MatchRun.objects.filter(cohort=cohort).order_by("-created_at").first()


def cohort_runs(cohort: Cohort, limit: int = 5) -> list[MatchRun]:
    return list(MatchRun.objects.filter(cohort=cohort).select_related("created_by").order_by("-created_at")[:limit])


def submitted_count(cohort: Cohort) -> int:
    return cohort.applications.filter(status=CohortApplicationStatus.SUBMITTED).count()


def proposed_clusters(cohort: Cohort) -> list[Cluster]:
    return list(
        Cluster.objects.filter(cohort=cohort, status=ClusterStatus.PROPOSED)
        .select_related("meeting_school", "meeting_school__region")
        .prefetch_related("members__school", "members__application__preferred_schools")
        .order_by("number")
    )


def confirmed_clusters(cohort: Cohort) -> list[Cluster]:
    return list(
        Cluster.objects.filter(cohort=cohort, status__in=[ClusterStatus.CONFIRMED, ClusterStatus.FINISHED])
        .select_related("meeting_school", "meeting_school__region", "advisor")
        .prefetch_related("members__school")
        .order_by("number")
    )


def seen_token(clusters: list[Cluster]) -> str:
    """The versions of the clusters a page shows, for its forms ("pk:version,..."): a stale edit is refused."""
    return ",".join(f"{c.pk}:{c.version}" for c in clusters)


def parse_seen(token: str) -> dict[int, int]:
    seen = {}
    for part in (token or "").split(","):
        pk, _, version = part.partition(":")
        if pk.strip().isdigit() and version.strip().isdigit():
            seen[int(pk)] = int(version)
    return seen


@dataclass
class MemberRow:
    member: ClusterMember
    school: School
    km: float
    reason: str
    is_meeting: bool
    mean_need: float
    # The school's own priority dimensions (titles) and the schools it said it works with, each with
    # where it is in this proposal ("this cluster", another cluster's name, or not placed / not applying).
    priorities: list[str] = field(default_factory=list)
    preferences: list[tuple[str, str]] = field(default_factory=list)

    @property
    def preferences_met(self) -> int:
        return sum(1 for _name, where in self.preferences if where == "this cluster")

    @property
    def km_text(self) -> str:
        return f"{self.km:.1f}"

    @property
    def mean_need_text(self) -> str:
        return f"{self.mean_need:.2f}"


@dataclass
class ClusterRow:
    cluster: Cluster
    members: list[MemberRow]
    focus_titles: list[str]
    problems: list[str]
    colour: str
    mean_need: float  # the members' mean need over all dimensions (0..3)
    max_km: float

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class UnassignedRow:
    school: School | None
    urn: int
    reason: str


@dataclass
class Proposal:
    cohort: Cohort
    run: MatchRun | None
    clusters: list[ClusterRow]
    unassigned: list[UnassignedRow]
    funded: int | None
    seen: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.clusters) and not self.problems and all(c.ok for c in self.clusters)

    @property
    def breaches(self) -> int:
        return sum(len(c.problems) for c in self.clusters) + len(self.problems)

    @property
    def schools_placed(self) -> int:
        return sum(len(c.members) for c in self.clusters)


def proposal(cohort: Cohort) -> Proposal:
    """The cohort's proposal for the manager's page: clusters with members and their rule breaches (from the
    last evaluation, which every edit refreshes), the unassigned schools and the funded maximum."""
    from uplift.clusters.services import dimension_titles, proposal_run

    titles = dimension_titles()
    clusters = proposed_clusters(cohort)
    run = proposal_run(cohort)
    placed = {m.school_id: cluster for cluster in clusters for m in cluster.members.all()}
    rows = []
    for i, cluster in enumerate(clusters):
        members = sorted(cluster.members.all(), key=lambda m: (m.school_id != cluster.meeting_school_id, m.school.name))
        member_rows = []
        for m in members:
            needs = (m.application.needs if m.application else {}) or {}
            values = [float(v) for v in needs.values() if isinstance(v, int | float)]
            member_rows.append(
                MemberRow(
                    member=m,
                    school=m.school,
                    km=m.km_to_meeting,
                    reason=m.reason,
                    is_meeting=m.school_id == cluster.meeting_school_id,
                    mean_need=sum(values) / len(values) if values else 0.0,
                    priorities=[
                        titles.get(slug, slug) for slug in (m.application.priority_dimensions if m.application else [])
                    ],
                    preferences=[
                        (
                            other.name,
                            "this cluster"
                            if placed.get(other.pk) == cluster
                            else (placed[other.pk].name if other.pk in placed else "not in a proposed cluster"),
                        )
                        for other in (m.application.preferred_schools.all() if m.application else [])
                    ],
                )
            )
        mean = (cluster.explanation or {}).get("mean_need", {})
        rows.append(
            ClusterRow(
                cluster=cluster,
                members=member_rows,
                focus_titles=[titles.get(slug, slug) for slug in cluster.focus],
                problems=list((cluster.explanation or {}).get("problems", [])),
                colour=PALETTE[i % len(PALETTE)],
                mean_need=sum(mean.values()) / len(mean) if mean else 0.0,
                max_km=max((m.km for m in member_rows), default=0.0),
            )
        )
    unassigned = []
    if run is not None:
        urns = [u.get("school") for u in run.unassigned]
        schools = {s.urn: s for s in School.objects.filter(urn__in=urns)}
        unassigned = [UnassignedRow(schools.get(u["school"]), u["school"], u.get("reason", "")) for u in run.unassigned]
    problems = []
    if cohort.funded_clusters is not None and len(clusters) > cohort.funded_clusters:
        problems.append(f"{len(clusters)} clusters are proposed but the cohort funds at most {cohort.funded_clusters}.")
    return Proposal(
        cohort=cohort,
        run=run,
        clusters=rows,
        unassigned=unassigned,
        funded=cohort.funded_clusters,
        seen=seen_token(clusters),
        problems=problems,
    )


@dataclass
class MapPoint:
    x: float
    y: float
    label: str
    number: str
    colour: str
    meeting: bool
    rx: float = 0.0  # top-left corner of the meeting school's square
    ry: float = 0.0


@dataclass
class MapLine:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str


@dataclass
class MapReach:
    """A dashed circle of the cohort's max km around a meeting school: where its members may be."""

    x: float
    y: float
    colour: str


@dataclass
class ProposalMap:
    outline: str
    view_box: str
    points: list[MapPoint]
    lines: list[MapLine]
    reaches: list[MapReach]
    reach_km: float
    scale: dict  # the scale bar: x, y, length (km), label position
    radius: float
    square: float
    font: float
    stroke: float
    description: str

    @property
    def shapes(self) -> str:
        """The reach circles, lines and points as SVG markup, built here rather than in the template: a
        national proposal has thousands of points, and the template engine would localise every number.
        Numbers are formatted here, colours come from ``PALETTE``; names are escaped."""
        r, sq, st, font = f"{self.radius:g}", f"{self.square:g}", f"{self.stroke:g}", f"{self.font:g}"
        parts = [
            f'<circle cx="{c.x:.2f}" cy="{c.y:.2f}" r="{self.reach_km:g}" fill="none" stroke="{c.colour}" '
            f'stroke-width="{st}" stroke-dasharray="{r}"/>'
            for c in self.reaches
        ]
        parts += [
            f'<line x1="{ln.x1:.2f}" y1="{ln.y1:.2f}" x2="{ln.x2:.2f}" y2="{ln.y2:.2f}" stroke="{ln.colour}" '
            f'stroke-width="{st}"/>'
            for ln in self.lines
        ]
        for p in self.points:
            if p.meeting:
                shape = (
                    f'<rect x="{p.rx:.2f}" y="{p.ry:.2f}" width="{sq}" height="{sq}" fill="{p.colour}" '
                    f'stroke="#ffffff" stroke-width="{st}"/>'
                )
            else:
                shape = (
                    f'<circle cx="{p.x:.2f}" cy="{p.y:.2f}" r="{r}" fill="{p.colour}" stroke="#ffffff" '
                    f'stroke-width="{st}"/>'
                )
            title = escape(p.label + (" (meeting school)" if p.meeting else ""))
            parts.append(
                f'<g>{shape}<text x="{p.x:.2f}" y="{p.y:.2f}" dx="{r}" dy="-{r}" font-size="{font}" '
                f'font-weight="bold" fill="{p.colour}" stroke="#ffffff" stroke-width="{st}" paint-order="stroke">'
                f"{escape(p.number)}</text><title>{title}</title></g>"
            )
        return mark_safe("".join(parts))  # noqa: S308 - numbers formatted here, palette colours, names escaped


def proposal_map(data: Proposal) -> ProposalMap:
    """The proposal on an outline of England (BNG km, ``qualitymark.england_map``), zoomed to its schools:
    each school a point in its cluster's colour labelled with the cluster's number, lines to the meeting
    school (drawn as a square); unassigned schools as grey points labelled "U"."""
    points, lines, reaches = [], [], []
    for row in data.clusters:
        meeting = next((m for m in row.members if m.is_meeting), None)
        where = england_map.point(meeting.school.easting, meeting.school.northing, "") if meeting else None
        if where is not None:
            reaches.append(MapReach(where.x, where.y, row.colour))
        for m in row.members:
            p = england_map.point(m.school.easting, m.school.northing, m.school.name)
            if p is None:
                continue
            number = str(row.cluster.number)
            points.append(MapPoint(p.x, p.y, f"{m.school.name}: cluster {number}", number, row.colour, m.is_meeting))
            if where is not None and not m.is_meeting:
                lines.append(MapLine(where.x, where.y, p.x, p.y, row.colour))
    for u in data.unassigned:
        if u.school is None:
            continue
        p = england_map.point(u.school.easting, u.school.northing, u.school.name)
        if p is not None:
            points.append(MapPoint(p.x, p.y, f"{u.school.name}: unassigned", "U", UNASSIGNED_COLOUR, False))
    if points:
        xs, ys = [p.x for p in points], [p.y for p in points]
        pad = 8.0
        x0, x1, y0, y1 = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
        span = max(x1 - x0, y1 - y0, 40.0)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        box = (cx - span / 2, cy - span / 2, span, span)
    else:
        span = 670.0
        box = (0.0, 0.0, 550.0, 670.0)
    view_box = " ".join(f"{v:.1f}" for v in box)
    n_clusters = len(data.clusters)
    radius = round(span / 60, 2)
    bar = 10.0 if span <= 150 else 50.0 if span <= 600 else 100.0
    scale = {
        "x1": round(box[0] + span * 0.04, 2),
        "x2": round(box[0] + span * 0.04 + bar, 2),
        "y": round(box[1] + span * 0.96, 2),
        "ty": round(box[1] + span * 0.93, 2),
        "km": f"{bar:g} km",
        "width": round(radius / 3, 3),
    }
    for p in points:
        p.rx, p.ry = round(p.x - 1.2 * radius, 2), round(p.y - 1.2 * radius, 2)
    return ProposalMap(
        outline=england_map.outline_path(),
        view_box=view_box,
        points=points,
        lines=lines,
        reaches=reaches,
        reach_km=data.cohort.max_km,
        scale=scale,
        radius=radius,
        square=round(2.4 * radius, 2),
        font=round(span / 24, 2),
        stroke=round(span / 300, 3),
        description=(
            f"{n_clusters} proposed cluster{'s' if n_clusters != 1 else ''} and {len(data.unassigned)} unassigned "
            "school(s) on an outline of England. Each school is a point labelled with its cluster's number "
            "(U: unassigned), joined by a line to its meeting school (a square); a dashed circle around each meeting "
            f"school shows the {data.cohort.max_km:g} km limit. The list below gives the same information."
        ),
    )
