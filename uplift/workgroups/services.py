"""Writes to workgroups, each one transaction. The rules:

- a workgroup has a name (unique in its cluster) and optionally one framework dimension as its focus;
- its members are staff (teacher or above) of the cluster's member schools, at most 2 per school
  (having nobody from a school yet is a warning shown on the pages, not an error);
- a meeting has a date, a stage of the plan -> implement -> reflect cycle, attendees who are members of
  the workgroup, and notes; an output has a title, a description and an optional link;
- an output is seen in the cluster's workspace until it is published beyond the cluster;
- edits name the version they started from and are refused (``StaleEdit``) if someone else saved in between.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from uplift.clusters.models import Cluster
from uplift.frameworks.models import Dimension, Framework
from uplift.lib.versioning import lock_fresh
from uplift.workgroups import cpd
from uplift.workgroups.models import Meeting, Output, Stage, Visibility, Workgroup, WorkgroupMember
from uplift.workgroups.selectors import MAX_PER_SCHOOL, eligible_staff

if TYPE_CHECKING:
    from uplift.accounts.models import User


def _validate_workgroup(
    *, cluster: Cluster, name: str, dimension_slug: str, members: Iterable[User], exclude_pk: int | None = None
) -> list[tuple[User, object]]:
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = "Enter a name for the workgroup"
    elif Workgroup.objects.filter(cluster=cluster, name__iexact=name).exclude(pk=exclude_pk).exists():
        errors["name"] = f"{cluster.name} already has a workgroup called {name}"
    if dimension_slug:
        framework = Framework.objects.current()
        if framework is None or not Dimension.objects.filter(framework=framework, slug=dimension_slug).exists():
            errors["dimension_slug"] = "Choose a dimension from the list, or none"
    staff = {choice.user.pk: choice for choice in eligible_staff(cluster)}
    chosen = []
    outsiders = []
    for user in members:
        choice = staff.get(user.pk)
        if choice is None:
            outsiders.append(user.full_name or user.email)
        else:
            chosen.append((user, choice.school))
    if outsiders:
        errors["members"] = f"Choose members from the staff of the cluster's schools ({', '.join(outsiders)} is not)"
    else:
        per_school = Counter(school for _, school in chosen)
        crowded = [school.name for school, n in per_school.items() if n > MAX_PER_SCHOOL]
        if crowded:
            errors["members"] = f"Choose at most {MAX_PER_SCHOOL} teachers from each school ({', '.join(crowded)})"
    if errors:
        raise ValidationError(errors)
    return chosen


def _set_members(workgroup: Workgroup, chosen: list[tuple[User, object]]) -> None:
    wanted = {user.pk: school for user, school in chosen}
    workgroup.members.exclude(user_id__in=wanted).delete()
    existing = set(workgroup.members.values_list("user_id", flat=True))
    WorkgroupMember.objects.bulk_create(
        WorkgroupMember(workgroup=workgroup, user_id=pk, school=school)
        for pk, school in wanted.items()
        if pk not in existing
    )


@transaction.atomic
def workgroup_create(
    *, cluster: Cluster, name: str, dimension_slug: str = "", members: Iterable[User] = (), by: User
) -> Workgroup:
    """A new workgroup in the cluster, with its first members (see the module docstring)."""
    members = list(members)
    chosen = _validate_workgroup(cluster=cluster, name=name, dimension_slug=dimension_slug, members=members)
    workgroup = Workgroup.objects.create(
        cluster=cluster, name=name.strip(), dimension_slug=dimension_slug, created_by=by
    )
    _set_members(workgroup, chosen)
    return workgroup


@transaction.atomic
def workgroup_update(
    *,
    workgroup: Workgroup,
    name: str,
    dimension_slug: str,
    members: Iterable[User],
    expected_version: int,
    by: User,
) -> Workgroup:
    """Rename the workgroup, change its focus or its members."""
    current = lock_fresh(Workgroup, pk=workgroup.pk, expected_version=expected_version)
    chosen = _validate_workgroup(
        cluster=workgroup.cluster,
        name=name,
        dimension_slug=dimension_slug,
        members=list(members),
        exclude_pk=current.pk,
    )
    current.name = name.strip()
    current.dimension_slug = dimension_slug
    current.save(update_fields=["name", "dimension_slug", *current.bump(by=by)])
    _set_members(current, chosen)
    return current


def _validate_meeting(*, workgroup: Workgroup, held_on: dt.date, stage: str, attendees: list[User]) -> None:
    errors: dict[str, str] = {}
    if stage not in Stage.values:
        errors["stage"] = "Choose the stage of the cycle"
    limit = timezone.localdate() + dt.timedelta(days=366)
    if held_on > limit:
        errors["held_on"] = "The meeting date must be within the next year"
    members = set(workgroup.members.values_list("user_id", flat=True))
    strangers = [user.full_name or user.email for user in attendees if user.pk not in members]
    if strangers:
        errors["attendees"] = f"Choose attendees from the workgroup's members ({', '.join(strangers)} is not one)"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_create(
    *,
    workgroup: Workgroup,
    held_on: dt.date,
    stage: str,
    attendees: Iterable[User] = (),
    notes: str = "",
    by: User,
) -> Meeting:
    """Log a workgroup meeting at one stage of the plan -> implement -> reflect cycle."""
    attendees = list(attendees)
    _validate_meeting(workgroup=workgroup, held_on=held_on, stage=stage, attendees=attendees)
    meeting = Meeting.objects.create(
        workgroup=workgroup, held_on=held_on, stage=stage, notes=notes.strip(), created_by=by, updated_by=by
    )
    meeting.attendees.set(attendees)
    cpd.record_meeting(meeting)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    held_on: dt.date,
    stage: str,
    attendees: Iterable[User],
    notes: str,
    expected_version: int,
    by: User,
) -> Meeting:
    """Change a meeting's date, stage, attendees or notes."""
    current = lock_fresh(Meeting.objects.select_related("workgroup"), pk=meeting.pk, expected_version=expected_version)
    attendees = list(attendees)
    _validate_meeting(workgroup=current.workgroup, held_on=held_on, stage=stage, attendees=attendees)
    current.held_on = held_on
    current.stage = stage
    current.notes = notes.strip()
    current.bump(by=by)
    current.save()
    current.attendees.set(attendees)
    cpd.record_meeting(current)
    return current


@transaction.atomic
def output_create(*, meeting: Meeting, title: str, description: str, link: str = "", by: User) -> Output:
    """Record what a meeting produced; it is seen in the cluster's workspace until published."""
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Enter the output's title"
    if not description.strip():
        errors["description"] = "Describe the output"
    if link and not link.startswith(("https://", "http://")):
        errors["link"] = "Enter a web address starting with https://"
    if errors:
        raise ValidationError(errors)
    return Output.objects.create(
        meeting=meeting, title=title.strip(), description=description.strip(), link=link.strip(), created_by=by
    )


@transaction.atomic
def output_set_visibility(*, output: Output, visibility: str, by: User) -> Output:
    """Publish an output beyond the cluster (dissemination), or bring it back to the cluster only."""
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": "Choose who can see the output"})
    current = Output.objects.select_for_update().get(pk=output.pk)
    if visibility == current.visibility:
        return current
    current.visibility = visibility
    if visibility == Visibility.PUBLISHED:
        current.published_at = timezone.now()
        current.published_by = by
    else:
        current.published_at = None
        current.published_by = None
    current.save(update_fields=["visibility", "published_at", "published_by"])
    return current
