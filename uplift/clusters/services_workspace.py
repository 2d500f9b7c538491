"""Writes in the cluster workspace, each one transaction:

- the timeline (kick-off < mid-point review < end), refused if someone changed it since (``StaleEdit``);
- the advisor's action plan with a member school: adding an action from a gap (created through the
  school's own action plan service, tagged with the cluster), and marking an existing action of the
  school as agreed in (or taken out of) the cluster's plan, refused if the action changed since.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from uplift.actions.models import Action
from uplift.actions.services import action_create
from uplift.clusters.models import Cluster
from uplift.lib.versioning import lock_fresh

if TYPE_CHECKING:
    from uplift.accounts.models import User
    from uplift.frameworks.models import Aspect
    from uplift.schools.models import School


@transaction.atomic
def cluster_set_timeline(
    *,
    cluster: Cluster,
    kickoff_on: dt.date,
    midpoint_on: dt.date,
    ends_on: dt.date,
    expected_version: int,
    by: User,
) -> Cluster:
    """Change the cluster's kick-off, mid-point review and end dates (they must be in that order)."""
    errors: dict[str, str] = {}
    if midpoint_on <= kickoff_on:
        errors["midpoint_on"] = "The mid-point review must be after the kick-off"
    if ends_on <= midpoint_on:
        errors["ends_on"] = "The end must be after the mid-point review"
    if errors:
        raise ValidationError(errors)
    current = lock_fresh(Cluster, pk=cluster.pk, expected_version=expected_version)
    current.kickoff_on, current.midpoint_on, current.ends_on = kickoff_on, midpoint_on, ends_on
    current.save(update_fields=["kickoff_on", "midpoint_on", "ends_on", *current.bump(by=by)])
    cluster.refresh_from_db()
    return cluster


def _check_member(cluster: Cluster, school: School) -> None:
    if not cluster.members.filter(school=school).exists():
        raise ValidationError({NON_FIELD_ERRORS: f"{school.name} is not a member of {cluster.name}"})


@transaction.atomic
def plan_add_action(
    *,
    cluster: Cluster,
    school: School,
    aspect: Aspect,
    title: str,
    owner: User | None,
    due_date: dt.date,
    detail: str = "",
    by: User,
) -> Action:
    """Add an action to a member school's plan from one of its gaps, agreed in the cluster's plan.

    The action is created by the school's action plan service (``action_create``: the owner must be a
    member of the school, the due date today or later) and tagged with the cluster."""
    _check_member(cluster, school)
    action = action_create(
        school=school,
        title=title,
        owner=owner,  # type: ignore[arg-type]
        due_date=due_date,
        dimension=aspect.dimension,
        aspect=aspect,
        detail=detail,
        by=by,
    )
    action.cluster = cluster
    action.save(update_fields=["cluster"])
    return action


@transaction.atomic
def plan_set_agreed(*, cluster: Cluster, action: Action, agreed: bool, expected_version: int, by: User) -> Action:
    """Mark one of a member school's actions as agreed in the cluster's plan, or take it out again."""
    current = lock_fresh(Action, pk=action.pk, expected_version=expected_version)
    _check_member(cluster, current.school)
    if agreed and current.cluster_id not in (None, cluster.pk):
        raise ValidationError({NON_FIELD_ERRORS: f"“{current.title}” is already agreed in another cluster's plan."})
    if not agreed and current.cluster_id != cluster.pk:
        raise ValidationError({NON_FIELD_ERRORS: f"“{current.title}” is not agreed in this cluster's plan."})
    current.cluster = cluster if agreed else None
    current.save(update_fields=["cluster", *current.bump(by=by)])
    return current
