"""Reads for workgroups: a cluster's workgroups and who may join them, meetings, outputs (a cluster's,
and those published beyond their cluster), and the cluster's workgroup usage for the impact report."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from uplift.accounts.models import SCHOOL_WRITE_ROLE, SchoolMembership, User
from uplift.clusters.models import Cluster, ClusterStatus
from uplift.clusters.usage import Usage
from uplift.schools.models import School
from uplift.workgroups.models import Meeting, Output, Visibility, Workgroup, WorkgroupMember

MAX_PER_SCHOOL = 2


@dataclass(frozen=True)
class StaffChoice:
    """Someone who may join a workgroup: staff (teacher or above) of a member school."""

    user: User
    school: School

    @property
    def label(self) -> str:
        return f"{self.user.full_name or self.user.email} ({self.school.name})"


def eligible_staff(cluster: Cluster) -> list[StaffChoice]:
    """Staff of the cluster's member schools, by school then name (one entry per person: their first
    member school, should they work at two)."""
    memberships = (
        SchoolMembership.objects.filter(
            school__cluster_memberships__cluster=cluster, role__gte=SCHOOL_WRITE_ROLE, user__is_active=True
        )
        .select_related("user", "school")
        .order_by("school__name", "user__full_name", "user__email")
    )
    seen: set[int] = set()
    choices = []
    for membership in memberships:
        if membership.user_id in seen:
            continue
        seen.add(membership.user_id)
        choices.append(StaffChoice(membership.user, membership.school))
    return choices


def cluster_workgroups(cluster: Cluster) -> list[Workgroup]:
    """The cluster's workgroups with their members, meeting counts and last meeting."""
    return list(
        Workgroup.objects.filter(cluster=cluster)
        .prefetch_related(
            Prefetch("members", queryset=WorkgroupMember.objects.select_related("user", "school")),
        )
        .annotate(
            meeting_count=Count("meetings", distinct=True),
            output_count=Count("meetings__outputs", distinct=True),
        )
    )


def schools_without_members(workgroup: Workgroup) -> list[School]:
    """Member schools of the workgroup's cluster with nobody in the workgroup yet (a warning, not a rule)."""
    taken = workgroup.members.values("school_id")
    return list(
        School.objects.filter(cluster_memberships__cluster_id=workgroup.cluster_id)
        .exclude(pk__in=taken)
        .order_by("name")
    )


def workgroup_meetings(workgroup: Workgroup) -> list[Meeting]:
    return list(
        workgroup.meetings.prefetch_related("attendees", "outputs").order_by("-held_on", "-pk"),
    )


def cluster_outputs(cluster: Cluster) -> QuerySet[Output]:
    """Every output of the cluster's workgroups, newest first."""
    return Output.objects.filter(meeting__workgroup__cluster=cluster).select_related(
        "meeting", "meeting__workgroup", "created_by"
    )


def published_outputs(*, query: str = "") -> QuerySet[Output]:
    """Outputs published beyond their cluster, from live clusters, newest published first."""
    outputs = Output.objects.published().filter(
        meeting__workgroup__cluster__status__in=(ClusterStatus.CONFIRMED, ClusterStatus.FINISHED)
    )
    if query:
        outputs = outputs.filter(Q(title__icontains=query) | Q(description__icontains=query))
    return outputs.select_related(
        "meeting", "meeting__workgroup", "meeting__workgroup__cluster", "meeting__workgroup__cluster__cohort"
    ).order_by("-published_at", "-pk")


def workgroup_usage(cluster: Cluster) -> Usage:
    """Workgroup meetings held so far (no allowance), with the outputs published beyond the cluster."""
    today = timezone.localdate()
    held = Meeting.objects.filter(workgroup__cluster=cluster, held_on__lte=today).count()
    outputs = Output.objects.filter(meeting__workgroup__cluster=cluster)
    published = outputs.filter(visibility=Visibility.PUBLISHED).count()
    total = outputs.count()
    return Usage(
        label="Workgroup meetings",
        used=held,
        allowance=None,
        unit="meeting" if held == 1 else "meetings",
        detail=f"{total} output{'s' if total != 1 else ''}, {published} published beyond the cluster",
    )
