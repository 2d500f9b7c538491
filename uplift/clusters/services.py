"""Writes for Computing Clusters' matching and confirming (ISSUE 5). Each public function is one transaction
and enforces the programme's rules, raising ``ValidationError`` (with field messages where a form field is to
blame) when a request breaks them:

- ``matching_start``: a programme manager starts a run over the cohort's submitted applications (not once the
  cohort is confirmed, not while another run is under way, not with fewer than 3 submitted applications); the
  background task (``uplift.clusters.tasks.run_matching``) calls ``matching_execute``.
- ``matching_execute``: runs the engine, writing its progress to the run, then replaces the cohort's earlier
  proposal with the new one (``Cluster`` rows, status *proposed*).
- ``proposal_move`` / ``proposal_split`` / ``proposal_merge``: the manager's edits. Each names the versions of the
  clusters it saw (``seen``: {cluster pk: version}); if any involved cluster changed since, ``StaleEdit``
  and nothing is saved. After each edit the changed clusters are re-evaluated (meeting school, distances, focus,
  reasons, rule breaches).
- ``proposal_confirm``: refused while any rule is broken or the funded maximum is exceeded; otherwise confirms the
  clusters (budget, allowances, timeline, baseline snapshots), closes the applications and the cohort, allocates
  advisors and notifies the schools and advisors.
- ``cluster_advisor_set``: a manager (re)assigns a cluster's advisor.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from uplift.accounts.models import ProgrammeMembership, ProgrammeRole, User
from uplift.clusters.access import manages_advisor, manages_cluster
from uplift.clusters.matching import MatchParams, SchoolInput, focus_dimensions, member_reason
from uplift.clusters.matching.objective import MAX_SIZE, MIN_SIZE, evaluate_cluster
from uplift.clusters.models import (
    AdvisorCapacity,
    Cluster,
    ClusterMember,
    ClusterStatus,
    MatchRun,
    MatchRunStatus,
)

# The engine's inputs and running a queued run live in runs.py (which the background task imports without
# importing this module); they are re-exported here, where pages and tests have always found them.
from uplift.clusters.runs import (  # noqa: F401 - re-exported
    PHASE_LABELS,
    PROGRESS_EVERY,
    _cluster_name,
    _need,
    _submitted,
    _with_names,
    dimension_slugs,
    dimension_titles,
    engine_phase,
    matching_execute,
    matching_params,
    phase_label,
    school_input,
)
from uplift.cohorts.access import manages_cohort
from uplift.cohorts.models import Cohort, CohortApplication, CohortApplicationStatus
from uplift.lib.versioning import StaleEdit, check_fresh, lock_fresh
from uplift.schools.models import School

if TYPE_CHECKING:
    from uplift.assessments.models import Snapshot

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_ADVISOR_CAPACITY",
    "MIN_APPLICATIONS",
    "advisor_capacity",
    "advisor_capacity_set",
    "advisors_allocate",
    "cluster_advisor_set",
    "dimension_slugs",
    "engine_phase",
    "matching_execute",
    "matching_params",
    "matching_run_now",
    "matching_start",
    "proposal_confirm",
    "proposal_merge",
    "proposal_move",
    "proposal_split",
]

#: Fewest submitted applications worth matching (one cluster's worth).
MIN_APPLICATIONS = MIN_SIZE
#: Clusters an advisor runs at once unless their ``AdvisorCapacity`` says otherwise.
DEFAULT_ADVISOR_CAPACITY = 3
#: A run still "queued" or "running" after this long is taken to have died with its worker.
STALE_RUN = dt.timedelta(hours=1)


# Running the engine ---------------------------------------------------------------------------------------


def active_run(cohort: Cohort) -> MatchRun | None:
    """A run of the cohort that is queued or running (and not so old that its worker must have died)."""
    return (
        MatchRun.objects.filter(
            cohort=cohort,
            status__in=[MatchRunStatus.QUEUED, MatchRunStatus.RUNNING],
            created_at__gte=timezone.now() - STALE_RUN,
        )
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def matching_start(cohort: Cohort, *, by: User, seed: int = 0, enqueue: bool = True) -> MatchRun:
    """Start matching the cohort's submitted applications in the background; returns the run.

    ``enqueue=False`` records the run without starting the task (for tests and demos)."""
    if not manages_cohort(by, cohort):
        raise PermissionDenied("Only a programme manager of the cohort runs matching.")
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.confirmed_at is not None:
        raise ValidationError("This cohort's clusters are confirmed: matching is closed.")
    if active_run(cohort) is not None:
        raise ValidationError("Matching is already running for this cohort. Wait for it to finish.")
    submitted = _submitted(cohort).count()
    if submitted < MIN_APPLICATIONS:
        raise ValidationError(
            f"Matching needs at least {MIN_APPLICATIONS} submitted applications; this cohort has {submitted}."
        )
    if seed < 0 or seed > 2**31 - 1:
        raise ValidationError({"seed": "Enter a whole number from 0 to 2147483647."})
    run = MatchRun.objects.create(
        cohort=cohort, created_by=by, params=matching_params(cohort, seed=seed, schools=submitted)
    )
    if enqueue:
        from uplift.clusters.tasks import run_matching

        result = run_matching.enqueue(run.pk)
        MatchRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
        run.refresh_from_db()
    return run


def matching_run_now(cohort: Cohort, *, by: User, seed: int = 0) -> MatchRun:
    """Start and execute a run in this process (no worker): for the demo world and scripts."""
    run = matching_start(cohort, by=by, seed=seed, enqueue=False)
    return matching_execute(run.pk)


# Checking a cluster ---------------------------------------------------------------------------------------


@dataclass
class ClusterEvaluation:
    """A cluster's members re-evaluated with the engine's rules (``objective.evaluate_cluster``)."""

    members: list[ClusterMember]
    meeting: School | None
    km: dict[int, float]  # urn -> km to the meeting school
    focus: list[str]  # dimension slugs, most needed first
    mean_need: dict[str, float]
    reasons: dict[int, str]
    problems: list[str]
    phase: str
    cost: float
    distance_km: float


def evaluate(
    cluster: Cluster,
    *,
    max_km: float | None = None,
    members: Sequence[ClusterMember] | None = None,
    slugs: Sequence[str] | None = None,
) -> ClusterEvaluation:
    """Re-evaluate a cluster's current members: meeting school, distances, focus, reasons and every rule it
    breaks (in words a manager reads: size 3-6, one phase, everyone within the cohort's max km)."""
    cohort = cluster.cohort
    max_km = cohort.max_km if max_km is None else max_km
    if members is None:
        members = list(cluster.members.select_related("school", "application").order_by("school__urn"))
    slugs = list(slugs) if slugs is not None else dimension_slugs()
    located, problems = [], []
    for member in members:
        if member.school.easting is None or member.school.northing is None:
            problems.append(f"{member.school.name} has no location on the register.")
        else:
            located.append(member)
    rows = []
    for member in located:
        needs = (member.application.needs if member.application else {}) or {}
        rows.append(
            SchoolInput(
                id=member.school.urn,
                phase=engine_phase(member.school.phase),
                easting=float(member.school.easting),
                northing=float(member.school.northing),
                needs=tuple(_need(needs.get(slug)) for slug in slugs),
            )
        )
    params = MatchParams(max_km=max_km, lam=cohort.travel_weight, cluster_cost=cohort.cost_per_cluster)
    k = len(members)
    if not MIN_SIZE <= k <= MAX_SIZE:
        problems.insert(0, f"Has {k} school{'s' if k != 1 else ''}: a cluster needs {MIN_SIZE} to {MAX_SIZE}.")
    phases = sorted({engine_phase(m.school.phase) for m in members})
    if len(phases) > 1:
        problems.append(f"Mixes phases ({', '.join(phase_label(p) for p in phases)}): a cluster has one phase.")
    if not rows:
        return ClusterEvaluation(list(members), None, {}, [], {}, {}, problems, "", 0.0, 0.0)
    score = evaluate_cluster(cluster.pk, rows, params)
    by_urn = {m.school.urn: m for m in located}
    meeting = by_urn[score.meeting].school
    for urn, km in score.km.items():
        if km > max_km + 1e-9:
            problems.append(
                f"{by_urn[urn].school.name} is {km:.1f} km from the meeting school, {meeting.name} "
                f"(the most is {max_km:g} km)."
            )
    mean = np.array(score.mean_need)
    focus_idx = focus_dimensions(mean)
    reasons = {}
    for row in rows:
        x = np.array(row.needs, dtype=float)
        spread = float(np.linalg.norm(x - mean))
        reasons[row.id] = member_reason(x, focus_idx, score.km[row.id], row.id == score.meeting, spread)
    return ClusterEvaluation(
        members=list(members),
        meeting=meeting,
        km=dict(score.km),
        focus=[slugs[i] for i in focus_idx],
        mean_need={slugs[i]: round(float(v), 3) for i, v in enumerate(mean)},
        reasons=reasons,
        problems=problems,
        phase=phase_label(phases[0]) if len(phases) == 1 else "Mixed",
        cost=float(score.cost),
        distance_km=float(score.distance_km),
    )


def _refresh(cluster: Cluster, note: str = "") -> Cluster | None:
    """Recompute a proposed cluster after an edit and bump its version; an emptied cluster is deleted."""
    ev = evaluate(cluster)
    if not ev.members:
        cluster.delete()
        return None
    for member in ev.members:
        km = ev.km.get(member.school.urn)
        member.km_to_meeting = round(km, 3) if km is not None else 0.0
        member.reason = ev.reasons.get(member.school.urn, "no location on the register")
    ClusterMember.objects.bulk_update(ev.members, ["km_to_meeting", "reason"])
    cluster.meeting_school = ev.meeting
    cluster.name = _cluster_name(cluster.number, ev.meeting)
    cluster.phase = ev.phase
    cluster.focus = ev.focus
    explanation = dict(cluster.explanation or {})
    explanation.update(
        {
            "mean_need": ev.mean_need,
            "cost": round(ev.cost, 3),
            "distance_km": round(ev.distance_km, 2),
            "problems": ev.problems,
            "edited": True,
        }
    )
    if note:
        explanation["last_edit"] = note
    cluster.explanation = explanation
    cluster.bump(by=None)
    cluster.save()
    return cluster


# Editing the proposal -------------------------------------------------------------------------------------


def _open_for_edit(cohort: Cohort, by: User) -> Cohort:
    if not manages_cohort(by, cohort):
        raise PermissionDenied("Only a programme manager of the cohort changes a proposal.")
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.confirmed_at is not None:
        raise ValidationError("This cohort's clusters are confirmed: the proposal can no longer change.")
    return cohort


def _lock(cohort: Cohort, pks: Sequence[int]) -> dict[int, Cluster]:
    clusters = Cluster.objects.select_for_update().filter(
        cohort=cohort, status=ClusterStatus.PROPOSED, pk__in=[pk for pk in pks if pk is not None]
    )
    return {c.pk: c for c in clusters}


def _check_seen(clusters: Sequence[Cluster], seen: Mapping[int, int] | None) -> None:
    """Refuse the edit when a cluster changed since the page showed it (``seen`` None: no page, no check)."""
    if seen is None:
        return
    for cluster in clusters:
        check_fresh(cluster, expected_version=seen.get(cluster.pk))


def proposal_run(cohort: Cohort) -> MatchRun | None:
    """The run whose proposal is being edited: the cohort's latest successful run."""
    return MatchRun.objects.filter(cohort=cohort, status=MatchRunStatus.SUCCEEDED).order_by("-created_at").first()


def _set_unassigned(run: MatchRun | None, urn: int, reason: str | None) -> None:
    """Record (reason given) or clear (None) a school in the run's unassigned list."""
    if run is None:
        return
    run = MatchRun.objects.select_for_update().get(pk=run.pk)
    entries = [u for u in run.unassigned if u.get("school") != urn]
    if reason is not None:
        entries.append({"school": urn, "reason": reason})
    run.unassigned = sorted(entries, key=lambda u: u["school"])
    run.save(update_fields=["unassigned"])


@transaction.atomic
def proposal_move(
    *,
    cohort: Cohort,
    school: School,
    to_cluster: Cluster | None,
    from_cluster_pk: int | None,
    seen: Mapping[int, int] | None,
    by: User,
) -> Cluster | None:
    """Move a school of the proposal to another proposed cluster, or out of every cluster (``to_cluster`` None),
    or from the unassigned into a cluster. ``from_cluster_pk`` is where the page showed the school (None:
    unassigned). Returns the destination cluster, re-evaluated."""
    cohort = _open_for_edit(cohort, by)
    member = (
        ClusterMember.objects.select_related("cluster", "application")
        .filter(cluster__cohort=cohort, cluster__status=ClusterStatus.PROPOSED, school=school)
        .first()
    )
    current_pk = member.cluster_id if member else None
    if current_pk != from_cluster_pk:
        raise StaleEdit(member)  # the school was moved by someone else since the page showed it
    application = _submitted(cohort).filter(school=school).first()
    run = proposal_run(cohort)
    if member is None and (application is None or run is None):
        raise ValidationError(f"{school.name} is not in this cohort's proposal.")
    to_pk = to_cluster.pk if to_cluster is not None else None
    if to_pk == current_pk:
        raise ValidationError({"to": f"{school.name} is already there: choose somewhere else."})
    locked = _lock(cohort, [current_pk, to_pk])
    if to_pk is not None and to_pk not in locked:
        raise ValidationError({"to": "Choose a cluster of this proposal."})
    _check_seen(list(locked.values()), seen)
    who = by.get_full_name() or by.email
    if member is not None:
        source = locked[current_pk]
        application = member.application or application
        member.delete()
        _refresh(source, note=f"{school.name} moved out by {who}")
    if to_pk is None:
        origin = locked[current_pk]
        _set_unassigned(run, school.urn, f"moved out of Cluster {origin.number} by {who}")
        return None
    destination = locked[to_pk]
    ClusterMember.objects.create(cluster=destination, school=school, application=application)
    _set_unassigned(run, school.urn, None)
    return _refresh(destination, note=f"{school.name} moved in by {who}")


def _next_number(cohort: Cohort) -> int:
    top = Cluster.objects.filter(cohort=cohort).exclude(status=ClusterStatus.DISCARDED).aggregate(n=Max("number"))
    return (top["n"] or 0) + 1


@transaction.atomic
def proposal_split(*, cluster: Cluster, schools: Sequence[School], seen: Mapping[int, int] | None, by: User) -> Cluster:
    """Move the chosen members of a proposed cluster into a new cluster; returns the new cluster."""
    cohort = _open_for_edit(cluster.cohort, by)
    locked = _lock(cohort, [cluster.pk])
    if cluster.pk not in locked:
        raise ValidationError("That cluster is no longer part of the proposal.")
    cluster = locked[cluster.pk]
    _check_seen([cluster], seen)
    members = list(cluster.members.select_related("school"))
    chosen = {s.pk for s in schools}
    moving = [m for m in members if m.school_id in chosen]
    if not moving or len(chosen - {m.school_id for m in members}):
        raise ValidationError({"schools": "Choose one or more schools of this cluster to move to a new cluster."})
    if len(moving) == len(members):
        raise ValidationError({"schools": "Leave at least one school in the cluster: choose fewer schools."})
    who = by.get_full_name() or by.email
    new = Cluster.objects.create(
        cohort=cohort,
        run=cluster.run,
        number=_next_number(cohort),
        name="New cluster",
        phase=cluster.phase,
        status=ClusterStatus.PROPOSED,
        explanation={"split_from": cluster.number},
    )
    ClusterMember.objects.filter(pk__in=[m.pk for m in moving]).update(cluster=new)
    _refresh(cluster, note=f"split by {who}: {len(moving)} school(s) moved to Cluster {new.number}")
    return _refresh(new, note=f"split from Cluster {cluster.number} by {who}")  # type: ignore[return-value]


@transaction.atomic
def proposal_merge(*, cluster: Cluster, other: Cluster, seen: Mapping[int, int] | None, by: User) -> Cluster:
    """Merge ``other`` into ``cluster`` (both proposed clusters of one cohort); returns the merged cluster."""
    cohort = _open_for_edit(cluster.cohort, by)
    if other.pk == cluster.pk:
        raise ValidationError({"other": "Choose a different cluster to merge with."})
    locked = _lock(cohort, [cluster.pk, other.pk])
    if cluster.pk not in locked:
        raise ValidationError("That cluster is no longer part of the proposal.")
    if other.pk not in locked:
        raise ValidationError({"other": "Choose a cluster of this proposal."})
    cluster, other = locked[cluster.pk], locked[other.pk]
    _check_seen([cluster, other], seen)
    who = by.get_full_name() or by.email
    ClusterMember.objects.filter(cluster=other).update(cluster=cluster)
    other.delete()
    return _refresh(cluster, note=f"merged with Cluster {other.number} by {who}")  # type: ignore[return-value]


# Confirming -----------------------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _members_by_cluster(clusters: Sequence[Cluster]) -> dict[int, list[ClusterMember]]:
    grouped: dict[int, list[ClusterMember]] = {c.pk: [] for c in clusters}
    for member in (
        ClusterMember.objects.filter(cluster__in=[c.pk for c in clusters])
        .select_related("school", "application")
        .order_by("school__urn")
    ):
        grouped[member.cluster_id].append(member)
    return grouped


def proposal_problems(
    cohort: Cohort, clusters: Sequence[Cluster], members: Mapping[int, Sequence[ClusterMember]] | None = None
) -> list[str]:
    """Everything that stops the proposal being confirmed, freshly evaluated (empty: it may be confirmed)."""
    members = _members_by_cluster(clusters) if members is None else members
    slugs = dimension_slugs()
    problems = []
    for cluster in clusters:
        for problem in evaluate(cluster, members=members[cluster.pk], slugs=slugs).problems:
            problems.append(f"{cluster.name}: {problem}")
        for member in members[cluster.pk]:
            if member.application is not None and member.application.status == CohortApplicationStatus.WITHDRAWN:
                problems.append(
                    f"{cluster.name}: {member.school.name} withdrew its application after matching: "
                    "move it out of the cluster."
                )
    if not clusters:
        problems.append("There are no proposed clusters to confirm.")
    if cohort.funded_clusters is not None and len(clusters) > cohort.funded_clusters:
        problems.append(
            f"The proposal has {len(clusters)} clusters but the cohort funds at most {cohort.funded_clusters}: "
            "merge clusters or move schools out."
        )
    return problems


def _baseline(member: ClusterMember, cohort: Cohort, by: User, assessment) -> Snapshot | None:
    """The member's programme baseline: its current assessment frozen (``snapshot_record``), with its needs."""
    from uplift.assessments.models import SnapshotKind
    from uplift.assessments.services import snapshot_record

    if assessment is None:
        return None
    snapshot = snapshot_record(
        assessment=assessment,
        name=f"Programme baseline: Computing Clusters {cohort.name}"[:120],
        kind=SnapshotKind.PROGRAMME_BASELINE,
        by=by,
    )
    if member.application is not None and member.application.needs:
        snapshot.data = {**snapshot.data, "needs": member.application.needs}
        snapshot.save(update_fields=["data"])
    return snapshot


CONFIRM_FIELDS = [
    "status",
    "budget",
    "coaching_hours",
    "coaching_sessions",
    "bespoke_days",
    "output_days",
    "kickoff_on",
    "midpoint_on",
    "ends_on",
    "confirmed_at",
    "confirmed_by",
    "version",
]


@transaction.atomic
def proposal_confirm(*, cohort: Cohort, seen: Mapping[int, int] | None = None, by: User) -> list[Cluster]:
    """Confirm the cohort's proposed clusters (see the module docstring); returns them, advisors allocated.
    ``seen``: the clusters and versions the manager's page showed (None when there is no page, e.g. the demo)."""
    cohort = _open_for_edit(cohort, by)
    clusters = list(
        Cluster.objects.select_for_update(of=("self",))
        .filter(cohort=cohort, status=ClusterStatus.PROPOSED)
        .select_related("meeting_school", "meeting_school__region", "cohort")
        .order_by("number")
    )
    if seen is not None and set(seen) != {c.pk for c in clusters}:
        raise StaleEdit()  # clusters were added or removed since the page showed them
    _check_seen(clusters, seen)
    if active_run(cohort) is not None:
        raise ValidationError("Matching is running for this cohort: wait for it to finish.")
    members = _members_by_cluster(clusters)
    problems = proposal_problems(cohort, clusters, members)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    midpoint = add_months(cohort.starts_on, min(6, cohort.months))
    ends = add_months(cohort.starts_on, cohort.months)
    for cluster in clusters:
        cluster.status = ClusterStatus.CONFIRMED
        cluster.budget = cohort.funding_per_cluster
        cluster.coaching_hours = cohort.coaching_hours
        cluster.coaching_sessions = cohort.coaching_sessions
        cluster.bespoke_days = cohort.bespoke_days
        cluster.output_days = cohort.output_days
        cluster.kickoff_on = cohort.starts_on
        cluster.midpoint_on = midpoint
        cluster.ends_on = ends
        cluster.confirmed_at = now
        cluster.confirmed_by = by
        cluster.bump(by=by)
    Cluster.objects.bulk_update(clusters, CONFIRM_FIELDS)
    everyone = [member for cluster in clusters for member in members[cluster.pk]]
    from uplift.assessments.models import Assessment

    assessments = {
        a.school_id: a
        for a in Assessment.objects.select_related("framework").filter(
            school__in=[m.school_id for m in everyone], is_current=True
        )
    }
    for member in everyone:
        member.baseline_snapshot = _baseline(member, cohort, by, assessments.get(member.school_id))
        member.joined_at = now
    ClusterMember.objects.bulk_update(everyone, ["baseline_snapshot", "joined_at"], batch_size=500)
    matched = [member.application_id for member in everyone if member.application_id]
    Cluster.objects.filter(cohort=cohort).exclude(status__in=[ClusterStatus.CONFIRMED, ClusterStatus.FINISHED]).update(
        status=ClusterStatus.DISCARDED
    )
    CohortApplication.objects.filter(pk__in=matched).update(status=CohortApplicationStatus.MATCHED)
    _submitted(cohort).exclude(pk__in=matched).update(status=CohortApplicationStatus.NOT_MATCHED)
    cohort.confirmed_at = now
    cohort.save(update_fields=["confirmed_at", *cohort.bump(by=by)])
    advisors_allocate(clusters)
    from uplift.clusters.tasks import notify_confirmed

    confirmed_pks = [c.pk for c in clusters]
    transaction.on_commit(lambda: notify_confirmed.enqueue(confirmed_pks))
    return clusters


# Advisors -------------------------------------------------------------------------------------------------


def advisor_capacity(user: User) -> int:
    capacity = AdvisorCapacity.objects.filter(user=user).values_list("max_clusters", flat=True).first()
    return DEFAULT_ADVISOR_CAPACITY if capacity is None else capacity


@dataclass
class AdvisorLoad:
    """An advisor, the regions they cover (None in ``regions``: national), their load and capacity."""

    advisor: User
    regions: set[int | None]
    load: int
    capacity: int

    @property
    def has_room(self) -> bool:
        return self.load < self.capacity

    def covers(self, region_id: int | None) -> bool:
        return None in self.regions or (region_id is not None and region_id in self.regions)


def advisor_loads() -> list[AdvisorLoad]:
    """Every active advisor with their regions, confirmed clusters (their load) and capacity, by name."""
    memberships = ProgrammeMembership.objects.filter(role=ProgrammeRole.ADVISOR, user__is_active=True)
    regions: dict[int, set[int | None]] = {}
    for user_id, region_id in memberships.values_list("user_id", "region_id"):
        regions.setdefault(user_id, set()).add(region_id)
    users = User.objects.filter(pk__in=regions).annotate(
        running=Count("advised_clusters", filter=Q(advised_clusters__status=ClusterStatus.CONFIRMED))
    )
    capacities = dict(AdvisorCapacity.objects.filter(user_id__in=regions).values_list("user_id", "max_clusters"))
    return sorted(
        (AdvisorLoad(u, regions[u.pk], u.running, capacities.get(u.pk, DEFAULT_ADVISOR_CAPACITY)) for u in users),
        key=lambda a: (a.advisor.full_name.lower(), a.advisor.pk),
    )


def advisors_allocate(clusters: Sequence[Cluster]) -> list[Cluster]:
    """Give each cluster without an advisor the least loaded advisor (by share of their capacity) who covers
    the meeting school's region (or is national) and has room; regional advisors before national ones on a tie.
    Returns the clusters left without an advisor (shown to the manager as needing one)."""
    loads = advisor_loads()
    unallocated = []
    for cluster in clusters:
        if cluster.advisor_id is not None:
            continue
        region_id = cluster.meeting_school.region_id if cluster.meeting_school else None
        candidates = [a for a in loads if a.has_room and a.covers(region_id)]
        if not candidates:
            unallocated.append(cluster)
            continue
        best = min(
            candidates,
            key=lambda a: (a.load / max(1, a.capacity), None in a.regions, a.load, a.advisor.full_name, a.advisor.pk),
        )
        cluster.advisor = best.advisor
        cluster.save(update_fields=["advisor"])
        best.load += 1
    return unallocated


@transaction.atomic
def cluster_advisor_set(
    *, cluster: Cluster, advisor: User | None, expected_version: int, by: User, over_capacity: bool = False
) -> Cluster:
    """(Re)assign a cluster's advisor. The person must be an advisor; one already at capacity only with
    ``over_capacity`` (the manager was warned). Tells the new advisor."""
    if not manages_cluster(by, cluster):
        raise PermissionDenied("Only a programme manager of the cluster assigns advisors.")
    cluster = lock_fresh(
        Cluster.objects.select_related("meeting_school"), pk=cluster.pk, expected_version=expected_version
    )
    if advisor is not None:
        load = next((a for a in advisor_loads() if a.advisor.pk == advisor.pk), None)
        if load is None:
            raise ValidationError({"advisor": f"{advisor} is not an advisor: choose an advisor."})
        running = load.load - (1 if cluster.advisor_id == advisor.pk and cluster.status == "confirmed" else 0)
        if running >= load.capacity and not over_capacity:
            raise ValidationError(
                {
                    "advisor": f"{advisor} already runs {running} of the {load.capacity} clusters they can take. "
                    "Choose another advisor, or tick “Assign anyway” to go over their capacity."
                }
            )
    changed = cluster.advisor_id != (advisor.pk if advisor else None)
    cluster.advisor = advisor
    cluster.save(update_fields=["advisor", *cluster.bump(by=by)])
    if changed and advisor is not None and cluster.is_live:
        from uplift.clusters import emails

        pk = cluster.pk
        transaction.on_commit(lambda: emails.email_advisor_allocated(cluster_pk=pk))
    return cluster


#: The most clusters one advisor may be given at once (a typo guard, not a policy).
MAX_ADVISOR_CAPACITY = 12


@transaction.atomic
def advisor_capacity_set(*, advisor: User, max_clusters: int, by: User) -> AdvisorCapacity:
    """Set how many clusters an advisor runs at once (used by ``advisors_allocate`` and reassignment).
    Lowering it below what they run now takes no cluster away: they just get no more."""
    if not manages_advisor(by, advisor):
        raise PermissionDenied("Only a programme manager of the advisor's region sets their capacity.")
    if not ProgrammeMembership.objects.filter(user=advisor, role=ProgrammeRole.ADVISOR).exists():
        raise ValidationError({"max_clusters": f"{advisor.full_name} is not an advisor."})
    if not 0 <= max_clusters <= MAX_ADVISOR_CAPACITY:
        raise ValidationError({"max_clusters": f"Enter a number of clusters from 0 to {MAX_ADVISOR_CAPACITY}."})
    capacity, _ = AdvisorCapacity.objects.update_or_create(user=advisor, defaults={"max_clusters": max_clusters})
    return capacity
