"""Computing Clusters in the demo world (``seed_demo_clusters(world)``, called by
``uplift.pages.demo.build_demo_world`` after the Quality Mark demo).

It builds:

- an open cohort with applications (``uplift.cohorts.demo.seed_demo_cohort``);
- a past cohort that started about six months ago, with ONE confirmed cluster mid-programme: the demo
  home school (Oakfield Primary) and the nearest primary schools to it, run by the demo advisor, each
  with its programme baseline;
- an older cohort with ONE finished cluster of four primary schools, with baselines and end-of-programme
  snapshots that show improvement, so its impact report has a result;

then lets each support app add its records (``uplift.<app>.demo.seed_demo(mid=..., finished=..., rng=...)``:
workgroup meetings, coaching hours, drop-ins, bespoke days, spend).

The clusters are built directly with the models (as confirming would leave them: budget and
allowances copied from the cohort, timeline dates, matched applications, baselines). Safe to run again:
it does nothing once a confirmed or finished cluster exists, or without a loaded framework.
Everything is made up; snapshot levels are synthetic (the finished cluster's end levels are its
schools' current levels, and their baselines a level or so lower).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from uplift.accounts.models import SCHOOL_MANAGE_ROLE, SchoolMembership, User
from uplift.assessments.demo import FrameworkText
from uplift.assessments.models import Assessment, Judgement, Snapshot, SnapshotKind
from uplift.bespoke import demo as bespoke_demo
from uplift.clusters.models import Cluster, ClusterMember, ClusterStatus
from uplift.clusters.services import add_months
from uplift.coaching import demo as coaching_demo
from uplift.cohorts.demo import seed_demo_cohort
from uplift.cohorts.models import Cohort, CohortApplication, CohortApplicationStatus
from uplift.cohorts.needs import needs_from_levels
from uplift.dropins import demo as dropins_demo
from uplift.frameworks.models import Framework
from uplift.funding import demo as funding_demo
from uplift.impact.models import ClusterClosure
from uplift.schools.models import Phase, School
from uplift.workgroups import demo as workgroups_demo

if TYPE_CHECKING:
    from uplift.pages.demo import DemoWorld

# Each support app adds its records to both clusters, in workspace order.
SUPPORT_DEMOS = {
    "workgroups": workgroups_demo.seed_demo,
    "coaching": coaching_demo.seed_demo,
    "dropins": dropins_demo.seed_demo,
    "bespoke": bespoke_demo.seed_demo,
    "funding": funding_demo.seed_demo,
}
MAX_KM = 25.0
# The kind engineer B's confirmation gives a baseline, when the assessments app knows it.
BASELINE_KIND = "programme_baseline" if "programme_baseline" in SnapshotKind.values else SnapshotKind.MANUAL


def _km(a: School, b: School) -> float:
    if None in (a.easting, a.northing, b.easting, b.northing):
        return math.inf
    return math.hypot(a.easting - b.easting, a.northing - b.northing) / 1000


def _nearest(centre: School, candidates: list[School], count: int) -> list[School]:
    ranked = sorted(candidates, key=lambda school: (_km(centre, school), school.urn))
    within = [school for school in ranked if _km(centre, school) <= MAX_KM]
    return (within if len(within) >= 3 else ranked)[:count]


def _tightest_group(candidates: list[School], size: int) -> list[School]:
    """The ``size`` schools (a centre and its nearest) with the least summed distance to the centre."""
    best: tuple[float, int, list[School]] | None = None
    for centre in candidates:
        others = sorted((s for s in candidates if s != centre), key=lambda s: (_km(centre, s), s.urn))[: size - 1]
        if len(others) < size - 1:
            continue
        cost = sum(_km(centre, s) for s in others)
        if best is None or (cost, centre.urn) < best[:2]:
            best = (cost, centre.urn, [centre, *others])
    return best[2] if best else []


def _meeting_school(schools: list[School]) -> School:
    return min(schools, key=lambda s: (sum(_km(s, other) for other in schools), s.urn))


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _cohort(starts_on: dt.date, manager: User | None) -> Cohort:
    opens = starts_on - dt.timedelta(days=100)
    cohort, _ = Cohort.objects.get_or_create(
        name=f"{starts_on:%B %Y}",
        defaults={
            "applications_open": opens,
            "applications_close": opens + dt.timedelta(days=42),
            "starts_on": starts_on,
            "funded_clusters": 12,
            "created_by": manager,
            "created_at": timezone.make_aware(dt.datetime.combine(opens - dt.timedelta(days=21), dt.time(9))),
            "confirmed_at": timezone.make_aware(dt.datetime.combine(starts_on - dt.timedelta(days=30), dt.time(10))),
        },
    )
    return cohort


class _Levels:
    """Each school's aspect levels now (unjudged aspects filled with a plausible level)."""

    def __init__(self, text: FrameworkText, rng: random.Random) -> None:
        self.text = text
        self.rng = rng

    def now(self, school: School) -> dict[int, int]:
        assessment = Assessment.objects.filter(school=school, is_current=True).first()
        judged = dict(
            Judgement.objects.filter(assessment=assessment, level__isnull=False).values_list("aspect_id", "level")
        )
        return {aspect.pk: judged.get(aspect.pk) or self.rng.choice([2, 2, 3]) for aspect in self.text.aspects}

    def earlier(self, levels: dict[int, int]) -> dict[int, int]:
        """A year or so before: most aspects a level lower, a few two, some the same."""
        drop = lambda: self.rng.choices([0, 1, 2], weights=[3, 6, 1])[0]  # noqa: E731
        return {pk: max(1, level - drop()) for pk, level in levels.items()}

    def needs(self, levels: dict[int, int]) -> dict[str, float]:
        by_dimension: dict[str, list[int | None]] = {}
        for aspect in self.text.aspects:
            by_dimension.setdefault(aspect.dimension.slug, []).append(levels.get(aspect.pk))
        return needs_from_levels(by_dimension, self.text.framework.threshold_level or 4)

    def snapshot(
        self, school: School, levels: dict[int, int], *, name: str, kind: str, at: dt.datetime, by: User | None
    ) -> Snapshot:
        assessment = Assessment.objects.filter(school=school, is_current=True).first()
        if assessment is None:
            assessment = Assessment.objects.create(
                school=school, framework=self.text.framework, started_at=at - dt.timedelta(days=30)
            )
        data = self.text.snapshot_data(levels, complete=levels.keys())
        return Snapshot.objects.create(
            assessment=assessment, name=name[:120], kind=kind, created_by=by, created_at=at, data=data
        )


def _agreed_actions(cluster: Cluster, advisor: User | None) -> None:
    """Two actions agreed with each member school on its top gaps (the cluster's focus first): an open
    action it already tracks on that aspect is tagged with the cluster, otherwise one is added."""
    from uplift.actions.models import OPEN_STATUSES, Action, ActionStatus
    from uplift.clusters.selectors_workspace import school_gaps

    for member in cluster.members.select_related("school"):
        gaps, _threshold, _assessed = school_gaps(cluster, member.school)
        for index, gap in enumerate(gaps[:2]):
            action = Action.objects.filter(school=member.school, aspect=gap.aspect, status__in=OPEN_STATUSES).first()
            if action is None:
                action = Action(
                    school=member.school,
                    title=f"Agree next steps on {gap.aspect.title.lower()} with the cluster",
                    detail="Agreed with the cluster's advisor at kick-off, from the self-assessment's gaps.",
                    owner=_leader(member.school),
                    due_date=cluster.midpoint_on,
                    status=ActionStatus.IN_PROGRESS if index == 0 else ActionStatus.PLANNED,
                    dimension=gap.dimension,
                    aspect=gap.aspect,
                    created_by=advisor,
                )
            action.cluster = cluster
            action.save()


def _leader(school: School) -> User | None:
    membership = (
        SchoolMembership.objects.filter(school=school, role__gte=SCHOOL_MANAGE_ROLE)
        .select_related("user")
        .order_by("-role", "user__email")
        .first()
    )
    return membership.user if membership else None


def _build_cluster(
    *,
    cohort: Cohort,
    schools: list[School],
    advisor: User,
    manager: User | None,
    levels: _Levels,
    baselines: dict[int, dict[int, int]],
    status: str,
) -> Cluster:
    meeting = _meeting_school(schools)
    confirmed_at = cohort.confirmed_at or timezone.make_aware(
        dt.datetime.combine(cohort.starts_on - dt.timedelta(days=30), dt.time(10))
    )
    needs = {school.pk: levels.needs(baselines[school.pk]) for school in schools}
    slugs = [dimension.slug for dimension in levels.text.dimensions]
    mean_need = {slug: round(sum(needs[s.pk][slug] for s in schools) / len(schools), 3) for slug in slugs}
    focus = sorted(slugs, key=lambda slug: (-mean_need[slug], slugs.index(slug)))[:3]
    titles = {dimension.slug: dimension.title for dimension in levels.text.dimensions}
    cluster = Cluster.objects.create(
        cohort=cohort,
        number=1,
        name=f"{meeting.town} primary cluster",
        phase=meeting.get_phase_display(),
        status=status,
        focus=focus,
        explanation={
            "mean_need": mean_need,
            "meeting_school": meeting.urn,
            "km": {str(s.urn): round(_km(meeting, s), 1) for s in schools},
        },
        meeting_school=meeting,
        advisor=advisor,
        budget=cohort.funding_per_cluster,
        coaching_hours=cohort.coaching_hours,
        coaching_sessions=cohort.coaching_sessions,
        bespoke_days=cohort.bespoke_days,
        output_days=cohort.output_days,
        # The same timeline as confirming gives (``services.proposal_confirm``).
        kickoff_on=cohort.starts_on,
        midpoint_on=add_months(cohort.starts_on, min(6, cohort.months)),
        ends_on=add_months(cohort.starts_on, cohort.months),
        confirmed_at=confirmed_at,
        confirmed_by=manager,
    )
    for school in schools:
        km = round(_km(meeting, school), 1)
        school_focus = sorted(focus, key=lambda slug: -needs[school.pk][slug])
        leader = _leader(school)
        application = CohortApplication.objects.create(
            cohort=cohort,
            school=school,
            status=CohortApplicationStatus.MATCHED,
            applied_by=leader,
            applied_at=confirmed_at - dt.timedelta(days=60),
            priority_dimensions=school_focus[:2],
            consent_by=leader,
            consented_at=confirmed_at - dt.timedelta(days=59) if leader else None,
            assessment=Assessment.objects.filter(school=school, is_current=True).first(),
            needs=needs[school.pk],
        )
        baseline = levels.snapshot(
            school,
            baselines[school.pk],
            name=f"Programme baseline: {cluster.name}",
            kind=BASELINE_KIND,
            at=confirmed_at,
            by=manager,
        )
        ClusterMember.objects.create(
            cluster=cluster,
            school=school,
            application=application,
            km_to_meeting=km,
            reason=f"Shares the cluster's focus on {', '.join(titles[s] for s in school_focus[:2]).lower()}; "
            + ("it is the meeting school." if school == meeting else f"{km} km from the meeting school."),
            baseline_snapshot=baseline,
            joined_at=confirmed_at,
        )
    return cluster


@transaction.atomic
def seed_demo_clusters(world: DemoWorld) -> None:
    """Add the demo's cohorts and clusters (see the module docstring); safe to run again."""
    framework = Framework.objects.current()
    if (
        framework is None
        or Cluster.objects.filter(status__in=[ClusterStatus.CONFIRMED, ClusterStatus.FINISHED]).exists()
    ):
        return
    rng = random.Random(f"clusters:{world.seed}")
    text = FrameworkText.load(framework)
    levels = _Levels(text, rng)
    advisor = world.users["advisor"]
    manager = world.users.get("manager")
    today = timezone.localdate()
    home = world.home_school

    assessed = set(Assessment.objects.filter(is_current=True).values_list("school_id", flat=True))
    primaries = [s for s in world.schools if s.phase == Phase.PRIMARY and s != home and s.pk in assessed]

    # (b) Mid-programme: Oakfield and its nearest primary schools, started about six months ago.
    # Schools join a cluster for their needs: only those with an aspect below the standard.
    below = set(
        Judgement.objects.filter(assessment__is_current=True, level__lt=framework.threshold_level).values_list(
            "assessment__school_id", flat=True
        )
    )
    mid_schools = [home, *_nearest(home, [s for s in primaries if s.pk in below], 4)]
    mid_cohort = _cohort(_month_start(today - dt.timedelta(days=182)), manager)
    mid_baselines = {s.pk: levels.now(s) for s in mid_schools}
    mid = _build_cluster(
        cohort=mid_cohort,
        schools=mid_schools,
        advisor=advisor,
        manager=manager,
        levels=levels,
        baselines=mid_baselines,
        status=ClusterStatus.CONFIRMED,
    )

    # (c) Finished: four primary schools close together, a programme that ended about eight months ago.
    rest = [s for s in primaries if s not in mid_schools]
    finished_schools = _tightest_group(rest, 4)
    old_cohort = _cohort(add_months(_month_start(today), -20), manager)
    now_levels = {s.pk: levels.now(s) for s in finished_schools}
    finished = _build_cluster(
        cohort=old_cohort,
        schools=finished_schools,
        advisor=advisor,
        manager=manager,
        levels=levels,
        baselines={pk: levels.earlier(current) for pk, current in now_levels.items()},
        status=ClusterStatus.FINISHED,
    )
    ended = timezone.make_aware(dt.datetime.combine(finished.ends_on, dt.time(15)))
    for offset, member in enumerate(finished.members.select_related("school")):
        end = levels.snapshot(
            member.school,
            now_levels[member.school_id],
            name=f"End of programme: {finished.name}",
            kind=SnapshotKind.END_OF_PROGRAMME,
            at=ended - dt.timedelta(days=12 - 2 * offset),
            by=_leader(member.school),
        )
        member.end_snapshot = end
        member.save(update_fields=["end_snapshot"])
    finished.finished_at = ended + dt.timedelta(days=10)
    finished.save(update_fields=["finished_at"])
    ClusterClosure.objects.get_or_create(
        cluster=finished, defaults={"finished_by": manager, "finished_at": finished.finished_at}
    )

    # (a) The open cohort, with applications from schools not already in a running cluster.
    seed_demo_cohort(
        schools=[s for s in world.schools if s not in mid_schools], rng=random.Random(f"cohort:{world.seed}")
    )

    # The advisor's plan with each school of the running cluster: two actions on its top gaps.
    _agreed_actions(mid, advisor)

    # The support each cluster had: meetings, coaching hours, drop-ins, days, spend.
    for app, seed_demo in SUPPORT_DEMOS.items():
        seed_demo(mid=mid, finished=finished, rng=random.Random(f"{app}:{world.seed}"))
