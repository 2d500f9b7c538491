"""The read side of a school's profile: how it stands against the nation and its peers, and how it changed.

- ``profile_for_school``: the school's dimension levels beside the national average and the average
  of schools of the same phase in the same region, strengths, areas for development and the next
  steps (the framework's suggested actions for the lowest aspects).
- ``compare_levels``: the change per aspect and per dimension between two sets of levels (snapshots,
  or a snapshot and "now"), matched by slug so it works across cycles and framework versions.
- ``trust_overview``: the dimension levels and progress of every school in a trust, side by side.

Averages count only schools whose dimension is *completed* (every aspect complete) in their
current assessment, and are hidden when fewer than ``MIN_SCHOOLS`` schools have one, so no school
can be identified from them. They are computed with two grouped queries over the whole country and
cached for a few minutes per framework version: the figures move slowly and the page must stay
fast with thousands of schools.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import Trim

from uplift.assessments.models import Judgement
from uplift.assessments.selectors import AssessmentProgress, school_progress
from uplift.frameworks.models import Aspect, AspectMapping, Dimension, Framework, LevelStatement, MappingKind
from uplift.lib.charts import Series, radar_svg
from uplift.schools.models import Phase, School

if TYPE_CHECKING:
    from django.utils.safestring import SafeString

    from uplift.schools.models import Trust

__all__ = [
    "AVERAGES_CACHE_SECONDS",
    "MAX_NEXT_STEPS",
    "MIN_SCHOOLS",
    "Average",
    "Change",
    "DimensionChange",
    "Profile",
    "TrustOverview",
    "averages_clear",
    "change_summary",
    "compare_levels",
    "profile_for_school",
    "trust_overview",
]

# Below this many schools an average is hidden: with fewer, a school's own level could be worked out.
MIN_SCHOOLS = 5
AVERAGES_CACHE_SECONDS = 300
MAX_NEXT_STEPS = 8
MAX_HIGHLIGHTS = 6

SCHOOL_COLOUR = "#1d70b8"
NATIONAL_COLOUR = "#912b88"
PEERS_COLOUR = "#00703c"
THRESHOLD_COLOUR = "#505a5f"


# --- averages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Average:
    """The mean completed level of a dimension over ``schools`` schools; ``mean`` is None when hidden."""

    total: int
    schools: int

    @property
    def is_shown(self) -> bool:
        return self.schools >= MIN_SCHOOLS

    @property
    def mean(self) -> float | None:
        return round(self.total / self.schools, 1) if self.is_shown else None


NO_AVERAGE = Average(total=0, schools=0)


def _phase_group(phase: str) -> str | None:
    """Primary or secondary (the framework's two wordings); None for a school without a phase."""
    try:
        return Phase(phase).framework_phase
    except ValueError:
        return None


def _cache_key(framework: Framework) -> str:
    # loaded_at changes whenever a framework is (re)loaded, so a reloaded database never reads stale figures.
    return f"uplift:profile-averages:{framework.pk}:{framework.loaded_at.timestamp()}"


def averages_clear(framework: Framework) -> None:
    """Forget the cached averages (tests, and after bulk changes such as seeding)."""
    cache.delete(_cache_key(framework))


def _complete_judgements() -> Q:
    return Q(level__isnull=False) & ~Q(trimmed_position="") & ~Q(trimmed_evidence="") & ~Q(trimmed_actions="")


def _judgements_with_trimmed_text() -> QuerySet[Judgement]:
    return Judgement.objects.alias(
        trimmed_position=Trim("current_position"),
        trimmed_evidence=Trim("evidence_commentary"),
        trimmed_actions=Trim("improvement_actions"),
    )


def _sums(framework: Framework) -> dict:
    """{"national": {dim: [total, n]}, "peers": {"<phase>:<region>": {dim: [total, n]}}} (2 queries)."""
    aspects_in = dict(
        Aspect.objects.filter(framework=framework).values_list("dimension__slug").annotate(n=Count("pk")).order_by()
    )
    # One row per (assessment, dimension): how many of its aspects are complete, and the lowest level.
    rows = (
        _judgements_with_trimmed_text()
        .filter(_complete_judgements(), assessment__framework=framework, assessment__is_current=True)
        .values_list(
            "assessment_id", "aspect__dimension__slug", "assessment__school__phase", "assessment__school__region_id"
        )
        .annotate(complete=Count("pk"), lowest=Min("level"))
        .order_by()
    )
    national: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    peers: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for _assessment_id, dimension, phase, region_id, complete, lowest in rows.iterator(chunk_size=5000):
        if complete != aspects_in.get(dimension):
            continue  # the dimension is not completed: it does not count
        national[dimension][0] += lowest
        national[dimension][1] += 1
        group = _phase_group(phase)
        if group is not None and region_id is not None:
            peers[f"{group}:{region_id}"][dimension][0] += lowest
            peers[f"{group}:{region_id}"][dimension][1] += 1
    return {
        "national": {dim: list(value) for dim, value in national.items()},
        "peers": {key: {dim: list(value) for dim, value in dims.items()} for key, dims in peers.items()},
    }


def _averages(framework: Framework) -> dict:
    key = _cache_key(framework)
    sums = cache.get(key)
    if sums is None:
        sums = _sums(framework)
        cache.set(key, sums, AVERAGES_CACHE_SECONDS)
    return sums


def _average(sums: dict[str, list[int]] | None, dimension: str) -> Average:
    if not sums or dimension not in sums:
        return NO_AVERAGE
    total, schools = sums[dimension]
    return Average(total=total, schools=schools)


# --- the profile -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionRow:
    dimension: Dimension
    level: int | None
    mean_level: float | None
    national: Average
    peers: Average
    status_label: str


@dataclass(frozen=True)
class Highlight:
    """A dimension or aspect named among the strengths or the areas for development."""

    title: str
    level: int
    dimension: Dimension | None = None  # set for an aspect: the dimension it belongs to


@dataclass(frozen=True)
class NextStep:
    aspect: Aspect
    level: int
    action: str


@dataclass(frozen=True)
class Profile:
    school: School
    progress: AssessmentProgress
    threshold: int
    national_label: str
    peers_label: str
    rows: list[DimensionRow]
    strengths: list[Highlight] = field(default_factory=list)
    strong_aspects: list[Highlight] = field(default_factory=list)
    developments: list[Highlight] = field(default_factory=list)
    weak_aspects: list[Highlight] = field(default_factory=list)
    next_steps: list[NextStep] = field(default_factory=list)
    unjudged: int = 0

    @property
    def framework(self) -> Framework:
        return self.progress.framework

    @property
    def has_levels(self) -> bool:
        return any(row.level is not None or row.mean_level is not None for row in self.rows)

    @property
    def radar_note(self) -> str:
        """What a sighted reader needs to read the school's line where the chart cannot show a dimension level."""
        notes = []
        if any(row.level is None and row.mean_level is not None for row in self.rows):
            notes.append(
                "Where a dimension is not fully judged yet, the chart shows the mean of the levels chosen so far "
                "(the “Mean aspect level” column below)."
            )
        if any(row.level is None and row.mean_level is None for row in self.rows):
            notes.append("A dimension with no levels chosen yet is drawn at the centre.")
        return " ".join(notes)

    @property
    def national_shown(self) -> bool:
        return any(row.national.is_shown for row in self.rows)

    @property
    def peers_shown(self) -> bool:
        return any(row.peers.is_shown for row in self.rows)

    def radar(self, chart_id: str = "profile-radar") -> SafeString:
        """The radar chart: the school, the averages that can be shown, and the threshold ring."""
        series = [
            Series(
                name=self.school.name,
                values=[row.level if row.level is not None else row.mean_level for row in self.rows],
                colour=SCHOOL_COLOUR,
                filled=True,
            )
        ]
        if self.national_shown:
            series.append(Series(self.national_label, [row.national.mean for row in self.rows], NATIONAL_COLOUR))
        if self.peers_shown:
            series.append(Series(self.peers_label, [row.peers.mean for row in self.rows], PEERS_COLOUR, dashed=True))
        series.append(
            Series(
                f"Quality Mark standard (level {self.threshold})",
                [float(self.threshold)] * len(self.rows),
                THRESHOLD_COLOUR,
                dashed=True,
            )
        )
        return radar_svg(
            axes=[row.dimension.title for row in self.rows],
            series=series,
            title=f"Computing quality profile of {self.school.name}",
            description=(
                "Radar chart of the school's level in each of the seven dimensions (1 to 5), with "
                "averages of other schools and the Quality Mark standard. Where a dimension is not fully judged "
                "yet, the school's point is the mean of the levels chosen so far. The table gives the same numbers."
            ),
            chart_id=chart_id,
        )


def _peers_label(school: School) -> str:
    group = _phase_group(school.phase)
    region = school.region.name if school.region_id else None
    if group is None or region is None:
        return "Schools of the same phase in the same region"
    return f"{group.capitalize()} schools in {region}"


def profile_for_school(*, school: School) -> Profile | None:
    """The school's profile on its current assessment (or a blank one); None before any framework exists.

    A fixed number of queries whatever the number of aspects or schools: progress (3), the averages
    (2, then cached) and the level statements for next steps (1).
    """
    progress = school_progress(school)
    if progress is None:
        return None
    framework = progress.framework
    threshold = framework.threshold_level
    sums = _averages(framework)
    group = _phase_group(school.phase)
    peer_sums = sums["peers"].get(f"{group}:{school.region_id}") if group and school.region_id else None

    rows = [
        DimensionRow(
            dimension=item.dimension,
            level=item.level,
            mean_level=item.mean_level,
            national=_average(sums["national"], item.dimension.slug),
            peers=_average(peer_sums, item.dimension.slug),
            status_label=item.status_label,
        )
        for item in progress.dimensions
    ]
    judged = [
        (item, dimension) for dimension in progress.dimensions for item in dimension.aspects if item.level is not None
    ]
    by_order = {item.aspect.pk: n for n, item in enumerate(progress.aspects)}

    def aspect_highlight(pair: tuple) -> Highlight:
        item, dimension = pair
        return Highlight(title=item.aspect.title, level=item.level, dimension=dimension.dimension)

    strong = sorted(
        (p for p in judged if p[0].level >= threshold), key=lambda p: (-p[0].level, by_order[p[0].aspect.pk])
    )
    weak = sorted((p for p in judged if p[0].level < threshold), key=lambda p: (p[0].level, by_order[p[0].aspect.pk]))
    levelled = [(n, row) for n, row in enumerate(rows) if row.level is not None]
    return Profile(
        school=school,
        progress=progress,
        threshold=threshold,
        national_label="National average",
        peers_label=_peers_label(school),
        rows=rows,
        strengths=[
            Highlight(row.dimension.title, row.level)
            for _n, row in sorted(levelled, key=lambda p: (-p[1].level, p[0]))
            if row.level >= threshold
        ],
        strong_aspects=[aspect_highlight(p) for p in strong[:MAX_HIGHLIGHTS]],
        developments=[
            Highlight(row.dimension.title, row.level)
            for _n, row in sorted(levelled, key=lambda p: (p[1].level, p[0]))
            if row.level < threshold
        ],
        weak_aspects=[aspect_highlight(p) for p in weak[:MAX_HIGHLIGHTS]],
        next_steps=_next_steps(framework, [item for item, _dimension in judged], by_order),
        unjudged=sum(1 for item in progress.aspects if item.level is None),
    )


def _next_steps(framework: Framework, judged: list, by_order: dict[int, int]) -> list[NextStep]:
    """The suggested actions of the lowest aspects: lowest level first, then framework order (1 query)."""
    if not judged:
        return []
    ordered = sorted(judged, key=lambda item: (item.level, by_order[item.aspect.pk]))
    actions = {
        (aspect_id, level): actions
        for aspect_id, level, actions in LevelStatement.objects.filter(aspect__framework=framework).values_list(
            "aspect_id", "level", "actions"
        )
    }
    steps: list[NextStep] = []
    for item in ordered:
        for action in actions.get((item.aspect.pk, item.level)) or []:
            steps.append(NextStep(aspect=item.aspect, level=item.level, action=action))
            if len(steps) >= MAX_NEXT_STEPS:
                return steps
    return steps


# --- comparison --------------------------------------------------------------------------------

MINUS = "\u2212"


@dataclass(frozen=True)
class Change:
    """One aspect's (or dimension's) level before and after."""

    slug: str
    title: str
    before: int | None
    after: int | None

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def arrow(self) -> str:
        delta = self.delta
        if delta is None:
            return ""
        return "↑" if delta > 0 else "↓" if delta < 0 else "→"

    @property
    def direction(self) -> str:
        """Words for screen readers (the arrow itself is hidden from them)."""
        delta = self.delta
        if delta is None:
            return "not comparable"
        return "up" if delta > 0 else "down" if delta < 0 else "no change"

    @property
    def signed(self) -> str:
        """The change as a signed number: +1, 0, or a true minus sign (U+2212) and 2; empty when not comparable."""
        delta = self.delta
        if delta is None:
            return ""
        return f"+{delta}" if delta > 0 else f"{MINUS}{-delta}" if delta < 0 else "0"


@dataclass(frozen=True)
class DimensionChange(Change):
    aspects: list[Change] = field(default_factory=list)


def compare_levels(*, before: dict, after: dict, frameworks: list[Framework]) -> list[DimensionChange]:
    """The change per dimension and per aspect between two ``Snapshot.data``-shaped dicts.

    Aspects are matched by slug, so sets of levels from different cycles or framework versions
    compare; titles and order come from the first framework in ``frameworks`` that has the slug
    (pass the newer first). An aspect renamed in a later version is matched under its newest slug.
    An aspect only one side has shows as not comparable (2 queries).
    """
    renamed = _renamed_slugs(frameworks)
    before, after = _with_new_slugs(before, renamed), _with_new_slugs(after, renamed)
    aspects: dict[str, Aspect] = {}
    dimensions: dict[str, Dimension] = {}
    rank = {framework.pk: n for n, framework in enumerate(frameworks)}
    found = Aspect.objects.filter(framework__in=[f.pk for f in frameworks]).select_related("dimension")
    for aspect in sorted(found, key=lambda a: rank[a.framework_id]):
        aspects.setdefault(aspect.slug, aspect)
        dimensions.setdefault(aspect.dimension.slug, aspect.dimension)

    before_aspects, after_aspects = before.get("aspects", {}), after.get("aspects", {})
    before_dims, after_dims = before.get("dimensions", {}), after.get("dimensions", {})
    grouped: dict[str, list[Change]] = defaultdict(list)
    for slug in {*before_aspects, *after_aspects}:
        aspect = aspects.get(slug)
        dimension_slug = aspect.dimension.slug if aspect else ""
        grouped[dimension_slug].append(
            Change(slug, aspect.title if aspect else slug, before_aspects.get(slug), after_aspects.get(slug))
        )

    def aspect_key(change: Change) -> tuple:
        aspect = aspects.get(change.slug)
        return (rank[aspect.framework_id], aspect.order) if aspect else (len(rank), change.slug)

    result = []
    for dim_slug in sorted({*grouped, *before_dims, *after_dims}, key=lambda s: _dimension_key(dimensions.get(s), s)):
        dimension = dimensions.get(dim_slug)
        result.append(
            DimensionChange(
                slug=dim_slug,
                title=dimension.title if dimension else (dim_slug or "Other aspects"),
                before=before_dims.get(dim_slug),
                after=after_dims.get(dim_slug),
                aspects=sorted(grouped.get(dim_slug, []), key=aspect_key),
            )
        )
    return result


def _renamed_slugs(frameworks: list[Framework]) -> dict[str, str]:
    """Old slug → newer slug for every aspect renamed between versions of these frameworks."""
    if not frameworks:
        return {}
    return dict(
        AspectMapping.objects.filter(
            aspect__framework__slug__in={f.slug for f in frameworks}, kind=MappingKind.RENAMED
        ).values_list("previous__slug", "aspect__slug")
    )


def _with_new_slugs(data: dict, renamed: dict[str, str]) -> dict:
    """``data`` with its aspect levels keyed by the newest slug (following renames across several versions)."""
    levels = data.get("aspects", {})
    if not renamed or not levels:
        return data
    moved = {}
    for slug, level in levels.items():
        newest, seen = slug, set()
        while newest in renamed and newest not in seen:
            seen.add(newest)
            newest = renamed[newest]
        moved[newest if newest not in levels else slug] = level
    return {**data, "aspects": moved}


def change_summary(changes: list[DimensionChange]) -> dict[str, int]:
    """How many aspects went up, went down, stayed the same, or cannot be compared."""
    keys = {"up": "up", "down": "down", "no change": "same", "not comparable": "incomparable"}
    counts = dict.fromkeys(keys.values(), 0)
    for dimension in changes:
        for change in dimension.aspects:
            counts[keys[change.direction]] += 1
    return counts


def _dimension_key(dimension: Dimension | None, slug: str) -> tuple:
    return (0, dimension.order, slug) if dimension else (1, 0, slug)


# --- the trust view ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TrustSchoolRow:
    school: School
    levels: dict[str, int | None]
    percent: int
    last_activity: datetime | None

    def level(self, slug: str) -> int | None:
        return self.levels.get(slug)


@dataclass(frozen=True)
class TrustOverview:
    framework: Framework | None
    dimensions: list[Dimension]
    rows: list[TrustSchoolRow]
    sort: str

    @property
    def cells(self) -> list[tuple[TrustSchoolRow, list[int | None]]]:
        """Each row with its dimension levels in column order (for templates and exports)."""
        return [(row, [row.level(dimension.slug) for dimension in self.dimensions]) for row in self.rows]


TRUST_SORTS = {"name", "progress", "activity"}


def trust_overview(*, trust: Trust, sort: str = "name") -> TrustOverview:
    """Dimension levels, overall progress and last activity of each of the trust's schools.

    ``sort`` is a column: ``name``, ``progress``, ``activity`` or a dimension slug, with a leading
    ``-`` for descending; anything else sorts by name. Schools without a level in the sorted column
    come last either way. A fixed number of queries (4) whatever the number of schools.
    """
    framework = Framework.objects.current()
    schools = list(School.objects.filter(trust=trust).order_by("name", "urn"))
    if framework is None:
        return TrustOverview(None, [], [TrustSchoolRow(s, {}, 0, None) for s in schools], "name")
    dimensions = list(Dimension.objects.filter(framework=framework).order_by("order"))
    aspects_in = dict(
        Aspect.objects.filter(framework=framework).values_list("dimension__slug").annotate(n=Count("pk")).order_by()
    )
    total = sum(aspects_in.values())
    complete = _complete_judgements()
    rows = (
        _judgements_with_trimmed_text()
        .filter(assessment__school__trust=trust, assessment__is_current=True, assessment__framework=framework)
        .values_list("assessment__school_id", "aspect__dimension__slug")
        .annotate(
            levelled=Count("pk", filter=Q(level__isnull=False)),
            lowest=Min("level"),
            complete=Count("pk", filter=complete),
            latest=Max("updated_at"),
        )
        .order_by()
    )
    levels: dict[int, dict[str, int | None]] = defaultdict(dict)
    completed: dict[int, int] = defaultdict(int)
    latest: dict[int, datetime] = {}
    for school_id, dim_slug, levelled, lowest, done, updated in rows:
        # The dimension level is the lowest aspect level once every aspect has one.
        levels[school_id][dim_slug] = lowest if levelled == aspects_in.get(dim_slug) else None
        completed[school_id] += done
        if updated is not None and (school_id not in latest or updated > latest[school_id]):
            latest[school_id] = updated
    result = [
        TrustSchoolRow(
            school=school,
            levels=levels.get(school.pk, {}),
            percent=round(100 * completed[school.pk] / total) if total else 0,
            last_activity=latest.get(school.pk),
        )
        for school in schools
    ]
    sort = _valid_sort(sort, {d.slug for d in dimensions})
    return TrustOverview(framework, dimensions, _sorted_rows(result, sort), sort)


def _valid_sort(sort: str, dimension_slugs: set[str]) -> str:
    column = sort.removeprefix("-")
    return sort if column in TRUST_SORTS | dimension_slugs else "name"


def _sorted_rows(rows: list[TrustSchoolRow], sort: str) -> list[TrustSchoolRow]:
    descending = sort.startswith("-")
    column = sort.removeprefix("-")
    if column == "name":
        return sorted(rows, key=lambda r: (r.school.name.lower(), r.school.urn), reverse=descending)

    def value(row: TrustSchoolRow) -> object:
        if column == "progress":
            return row.percent
        if column == "activity":
            return row.last_activity
        return row.level(column)

    present = [row for row in rows if value(row) is not None]
    missing = [row for row in rows if value(row) is None]
    present.sort(key=lambda r: r.school.name.lower())
    present.sort(key=value, reverse=descending)  # stable: ties stay in name order
    return present + sorted(missing, key=lambda r: r.school.name.lower())
