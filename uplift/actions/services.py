"""Writes to a school's action plan. Each is one transaction and enforces the plan's rules:

- the owner is a member of the school (any role: a link governor may own an action);
- the aspect, when given, belongs to the dimension; the CPD topic is one of the framework's;
- a new action is not due in the past (an edit may keep a past date, but not move to another one);
- an edit or status change names the version it started from; if someone changed the action since,
  ``StaleEdit`` carries both versions and nothing is saved (nothing is silently overwritten).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from uplift.accounts.models import SchoolMembership
from uplift.actions.models import Action, ActionStatus
from uplift.frameworks.models import Aspect, CpdTopic, Dimension
from uplift.lib.versioning import lock_fresh

if TYPE_CHECKING:
    from uplift.accounts.models import User
    from uplift.schools.models import School

__all__ = ["ActionDraft", "action_create", "action_set_status", "action_update"]


@dataclass(frozen=True)
class ActionDraft:
    """The values someone wants an action to have (what they typed)."""

    title: str
    detail: str
    owner: User
    due_date: dt.date
    status: str
    dimension: Dimension
    aspect: Aspect | None
    cpd_topic: str

    @classmethod
    def of(cls, action: Action) -> ActionDraft:
        return cls(**{f.name: getattr(action, f.name) for f in fields(cls)})


def _validate(*, school: School, draft: ActionDraft, current: Action | None = None) -> None:
    errors: dict[str, str] = {}
    if not draft.title.strip():
        errors["title"] = "Enter what the action is"
    # An unchanged owner who has since left the school does not block other changes.
    owner_changed = current is None or draft.owner != current.owner
    if owner_changed and (
        draft.owner is None or not SchoolMembership.objects.filter(school=school, user=draft.owner).exists()
    ):
        errors["owner"] = f"Choose an owner who is a member of {school.name}"
    if draft.status not in ActionStatus.values:
        errors["status"] = "Choose a status"
    if draft.aspect is not None and draft.aspect.dimension_id != draft.dimension.pk:
        errors["aspect"] = f"Choose an aspect of {draft.dimension.title}, or no aspect"
    if (
        draft.cpd_topic
        and not CpdTopic.objects.filter(framework_id=draft.dimension.framework_id, slug=draft.cpd_topic).exists()
    ):
        errors["cpd_topic"] = "Choose a CPD topic from the list"
    if errors:
        raise ValidationError(errors)


def _check_due_date(due_date: dt.date) -> None:
    if due_date < timezone.localdate():
        raise ValidationError({"due_date": "The due date must be today or in the future"})


def _apply(action: Action, draft: ActionDraft) -> None:
    was_done = action.status == ActionStatus.DONE
    for f in fields(ActionDraft):
        setattr(action, f.name, getattr(draft, f.name))
    action.title = draft.title.strip()
    action.detail = draft.detail.strip()
    if draft.status == ActionStatus.DONE and not was_done:
        action.completed_at = timezone.now()
    elif draft.status != ActionStatus.DONE:
        action.completed_at = None


@transaction.atomic
def action_create(
    *,
    school: School,
    title: str,
    owner: User,
    due_date: dt.date,
    dimension: Dimension,
    aspect: Aspect | None = None,
    detail: str = "",
    status: str = ActionStatus.PLANNED,
    cpd_topic: str = "",
    by: User,
) -> Action:
    """Add an action to the school's plan (see the module docstring for the rules)."""
    draft = ActionDraft(
        title=title,
        detail=detail,
        owner=owner,
        due_date=due_date,
        status=status,
        dimension=dimension,
        aspect=aspect,
        cpd_topic=cpd_topic,
    )
    _validate(school=school, draft=draft)
    _check_due_date(due_date)
    action = Action(school=school, created_by=by, updated_by=by)
    _apply(action, draft)
    action.save()
    return action


@transaction.atomic
def action_update(*, action: Action, draft: ActionDraft, expected_version: int, by: User) -> Action:
    """Change an action, if nobody else changed it since ``expected_version``.

    Raises ``StaleEdit`` (``theirs`` and ``yours``, nothing saved) when the action has moved on, and
    ``ValidationError`` when the draft breaks a rule.
    """
    current = lock_fresh(
        Action.objects.select_related("school", "owner", "dimension", "aspect", "updated_by"),
        pk=action.pk,
        expected_version=expected_version,
        yours=draft,
    )
    _validate(school=current.school, draft=draft, current=current)
    if draft.due_date != current.due_date:
        _check_due_date(draft.due_date)
    _apply(current, draft)
    current.bump(by=by)
    current.save()
    return current


def action_set_status(*, action: Action, status: str, expected_version: int, by: User) -> Action:
    """Move an action to ``status`` (e.g. mark it done), with the same conflict check as an edit."""
    draft = ActionDraft.of(action)
    return action_update(
        action=action,
        draft=ActionDraft(**{**draft.__dict__, "status": status}),
        expected_version=expected_version,
        by=by,
    )
