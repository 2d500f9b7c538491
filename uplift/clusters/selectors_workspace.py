"""Reads for the cluster workspace: a cluster's timeline, its support
used against allowances, and the advisor's action plan with each member school (its framework gaps,
the cluster's focus first, with the school's open and agreed actions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils import timezone

from uplift.actions.models import OPEN_STATUSES, Action
from uplift.assessments.selectors import assessment_progress, current_assessment
from uplift.clusters.models import Cluster, ClusterMember, ClusterStatus
from uplift.frameworks.models import Aspect, Dimension, Framework

if TYPE_CHECKING:
    from uplift.schools.models import School

LIVE = (ClusterStatus.CONFIRMED, ClusterStatus.FINISHED)


# Your clusters ----------------------------------------------------------------------------------------


def school_live_cluster(school: School) -> Cluster | None:
    """The confirmed cluster the school is in now (the newest, should there be several)."""
    return (
        Cluster.objects.filter(status=ClusterStatus.CONFIRMED, members__school=school)
        .order_by("-confirmed_at", "-pk")
        .first()
    )


# Overview ---------------------------------------------------------------------------------------------


def dimension_titles() -> dict[str, str]:
    """{dimension slug: title} of the current framework (slugs are stable across versions)."""
    framework = Framework.objects.current()
    if framework is None:
        return {}
    return dict(Dimension.objects.filter(framework=framework).values_list("slug", "title"))


def _title(slug: str, titles: dict[str, str]) -> str:
    return titles.get(slug) or slug.replace("_", " ").replace("-", " ").capitalize()


def focus_dimensions(cluster: Cluster) -> list[tuple[str, str]]:
    """The cluster's focus as (slug, title), most needed first."""
    titles = dimension_titles()
    return [(slug, _title(slug, titles)) for slug in cluster.focus or []]


def cluster_members(cluster: Cluster) -> list[ClusterMember]:
    """The member schools, the meeting school first, then by distance and name."""
    members = list(cluster.members.select_related("school", "school__local_authority"))
    return sorted(members, key=lambda m: (m.school_id != cluster.meeting_school_id, m.km_to_meeting, m.school.name))


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    on: dt.date | None
    state: str  # "done", "next" or "later"


@dataclass(frozen=True)
class Timeline:
    milestones: list[Milestone]
    today: dt.date
    where: str  # where today falls, one sentence
    next: Milestone | None
    percent: int | None  # how far through the 12 months (0..100), None without dates

    @property
    def has_dates(self) -> bool:
        return any(m.on for m in self.milestones)


def timeline(cluster: Cluster, today: dt.date | None = None) -> Timeline:
    """Kick-off, mid-point review and end, marked done / next / later against today."""
    today = today or timezone.localdate()
    dates = [
        ("kickoff", "Kick-off", cluster.kickoff_on),
        ("midpoint", "Mid-point review", cluster.midpoint_on),
        ("end", "End of the programme", cluster.ends_on),
    ]
    milestones: list[Milestone] = []
    next_found = False
    for key, label, on in dates:
        if on is not None and on < today:
            state = "done"
        elif on is not None and not next_found:
            state = "next"
            next_found = True
        else:
            state = "later"
        milestones.append(Milestone(key, label, on, state))
    upcoming = next((m for m in milestones if m.state == "next"), None)
    kickoff, midpoint, ends = cluster.kickoff_on, cluster.midpoint_on, cluster.ends_on
    if not (kickoff and ends):
        where = "The programme's dates have not been set yet."
    elif today < kickoff:
        where = "The programme has not started yet."
    elif today > ends:
        where = "The programme has ended."
    elif midpoint and today < midpoint:
        where = "Between the kick-off and the mid-point review."
    elif midpoint and today == midpoint:
        where = "Today is the mid-point review."
    else:
        where = "Between the mid-point review and the end of the programme."
    percent = None
    if kickoff and ends and ends > kickoff:
        percent = max(0, min(100, round(100 * (today - kickoff).days / (ends - kickoff).days)))
    return Timeline(milestones=milestones, today=today, where=where, next=upcoming, percent=percent)


# Action plans -----------------------------------------------------------------------------------------


@dataclass
class Gap:
    """One aspect of the school's current assessment below the framework's threshold."""

    aspect: Aspect
    dimension: Dimension
    level: int | None
    is_focus: bool
    actions: list[Action] = field(default_factory=list)  # open actions on this aspect


@dataclass
class SchoolPlan:
    member: ClusterMember
    threshold: int | None
    has_assessment: bool
    gaps: list[Gap]
    # Open actions on a gap's dimension that name no gap aspect (e.g. dimension-wide actions).
    dimension_actions: list[Action]
    # Actions agreed in this cluster's plan (any status), newest first.
    agreed: list[Action]

    @property
    def school(self) -> School:
        return self.member.school

    @property
    def focus_gaps(self) -> int:
        return sum(1 for gap in self.gaps if gap.is_focus)


def school_gaps(cluster: Cluster, school: School) -> tuple[list[Gap], int | None, bool]:
    """The school's gaps: aspects of its current assessment below the threshold (or not judged),
    the cluster's focus dimensions first (in focus order), then by dimension and aspect order.

    Returns (gaps, threshold level, whether the school has a current assessment)."""
    assessment = current_assessment(school)
    if assessment is None:
        return [], None, False
    progress = assessment_progress(assessment)
    threshold = assessment.framework.threshold_level
    focus = list(cluster.focus or [])
    gaps: list[Gap] = []
    for dimension in progress.dimensions:
        for item in dimension.aspects:
            if item.level is None or item.level < threshold:
                gaps.append(
                    Gap(
                        aspect=item.aspect,
                        dimension=dimension.dimension,
                        level=item.level,
                        is_focus=dimension.dimension.slug in focus,
                    )
                )
    rank = {slug: index for index, slug in enumerate(focus)}
    gaps.sort(
        key=lambda g: (
            rank.get(g.dimension.slug, len(focus)),
            g.dimension.order,
            g.aspect.order,
        )
    )
    return gaps, threshold, True


def school_plan(cluster: Cluster, member: ClusterMember) -> SchoolPlan:
    """The advisor's action plan with one member school (a fixed number of queries)."""
    school = member.school
    gaps, threshold, has_assessment = school_gaps(cluster, school)
    by_aspect = {gap.aspect.pk: gap for gap in gaps}
    gap_dimension_slugs = {gap.dimension.slug for gap in gaps}
    open_actions = list(
        Action.objects.filter(school=school, status__in=OPEN_STATUSES)
        .filter(Q(aspect_id__in=by_aspect) | Q(dimension__slug__in=gap_dimension_slugs))
        .select_related("owner", "dimension", "aspect", "cluster")
    )
    dimension_actions = []
    for action in open_actions:
        gap = by_aspect.get(action.aspect_id) if action.aspect_id else None
        if gap is not None:
            gap.actions.append(action)
        else:
            dimension_actions.append(action)
    agreed = list(
        Action.objects.filter(school=school, cluster=cluster)
        .select_related("owner", "dimension", "aspect")
        .order_by("-created_at", "-pk")
    )
    return SchoolPlan(
        member=member,
        threshold=threshold,
        has_assessment=has_assessment,
        gaps=gaps,
        dimension_actions=dimension_actions,
        agreed=agreed,
    )


@dataclass(frozen=True)
class PlanSummary:
    member: ClusterMember
    gaps: int
    focus_gaps: int
    has_assessment: bool
    agreed_open: int
    agreed_done: int


def plans_summary(cluster: Cluster) -> list[PlanSummary]:
    """One row per member school for the plans page: gaps, focus gaps and the agreed actions."""
    rows = []
    counts = {
        row["school_id"]: row
        for row in Action.objects.filter(cluster=cluster)
        .values("school_id")
        .annotate(
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            done=Count("pk", filter=Q(status="done")),
        )
    }
    for member in cluster_members(cluster):
        gaps, _, has_assessment = school_gaps(cluster, member.school)
        count = counts.get(member.school_id, {})
        rows.append(
            PlanSummary(
                member=member,
                gaps=len(gaps),
                focus_gaps=sum(1 for gap in gaps if gap.is_focus),
                has_assessment=has_assessment,
                agreed_open=count.get("open", 0),
                agreed_done=count.get("done", 0),
            )
        )
    return rows


def plan_member(cluster: Cluster, urn: int) -> ClusterMember | None:
    """The cluster's membership of the school with this URN (None if it is not a member)."""
    return cluster.members.select_related("school").filter(school__urn=urn).first()
