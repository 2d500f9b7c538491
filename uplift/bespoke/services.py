"""Writes to a cluster's bespoke intervention days. Each is one transaction that locks the cluster row
(so two people logging the last day at once cannot both succeed) and enforces the rules:

- the school is a member of the cluster; the cluster is confirmed; "other" needs a description; the day
  names who delivered it;
- **the allowance**: days used (a half day counts 0.5) never go over ``Cluster.bespoke_days``, nor output
  days over ``Cluster.output_days``. A programme manager may record a day beyond the allowance by saying
  so explicitly (``beyond_allowance=True``; the day is marked); anyone else is refused with the reason;
- a day's optional cost is a "Bespoke days" spend in the funding ledger, written in the same transaction
  through ``uplift.funding.services`` (so the budget warning applies: ``OverBudget`` unless confirmed);
- edits and removal name the version they started from (``StaleEdit`` otherwise).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from uplift.bespoke.models import LENGTH_DAYS, BespokeDay, DayType, Length
from uplift.clusters.access import manages_cluster
from uplift.clusters.models import Cluster
from uplift.funding import services as funding
from uplift.funding.models import Category, Kind
from uplift.lib.versioning import lock_fresh

if TYPE_CHECKING:
    from uplift.accounts.models import User
    from uplift.schools.models import School

__all__ = ["DayDraft", "bespoke_day_create", "bespoke_day_delete", "bespoke_day_update"]


@dataclass(frozen=True)
class DayDraft:
    school: School
    on: dt.date
    day_type: str
    length: str
    delivered_by: str
    is_output_day: bool = False
    description: str = ""
    notes: str = ""
    cost: Decimal | None = None


def _fmt(days: Decimal) -> str:
    """9, 4.5 - days without a trailing .0."""
    return f"{days.normalize():f}"


def _validate(cluster: Cluster, draft: DayDraft) -> None:
    errors: dict[str, str] = {}
    if not cluster.is_live:
        raise ValidationError("Bespoke days can only be logged for a confirmed cluster.")
    if draft.school is None or not cluster.members.filter(school=draft.school).exists():
        errors["school"] = f"Choose a school in {cluster.name}"
    if draft.day_type not in DayType.values:
        errors["day_type"] = "Choose the type of day"
    elif draft.day_type == DayType.OTHER and not draft.description.strip():
        errors["description"] = "Describe the day, as its type is “Other”"
    if draft.length not in Length.values:
        errors["length"] = "Choose whether it was a full day or half a day"
    if not draft.delivered_by.strip():
        errors["delivered_by"] = "Enter who delivered the day"
    if not isinstance(draft.on, dt.date):
        errors["on"] = "Enter the date of the day"
    if errors:
        raise ValidationError(errors)


def _check_allowance(
    cluster: Cluster, draft: DayDraft, *, excluding: BespokeDay | None, beyond: bool, by: User
) -> bool:
    """Raise ``ValidationError`` if the day goes beyond an allowance (unless a manager said so);
    return whether it does."""
    days = BespokeDay.objects.filter(cluster=cluster)
    if excluding is not None:
        days = days.exclude(pk=excluding.pk)
    logged = list(days.only("length", "is_output_day"))
    this = LENGTH_DAYS[Length(draft.length)]
    used = sum((d.days for d in logged), Decimal(0)) + this
    problems: dict[str, str] = {}
    if used > cluster.bespoke_days:
        left = cluster.bespoke_days - (used - this)
        problems["length"] = (
            f"This would use {_fmt(used)} of the cluster's {cluster.bespoke_days} bespoke days: "
            f"only {_fmt(max(left, Decimal(0)))} {'day is' if left == 1 else 'days are'} left"
        )
    if draft.is_output_day:
        output_used = sum((d.days for d in logged if d.is_output_day), Decimal(0)) + this
        if output_used > cluster.output_days:
            left = cluster.output_days - (output_used - this)
            problems["is_output_day"] = (
                f"This would use {_fmt(output_used)} of the cluster's {cluster.output_days} output days: "
                f"only {_fmt(max(left, Decimal(0)))} {'output day is' if left == 1 else 'output days are'} left"
            )
    if not problems:
        return False
    if beyond and manages_cluster(by, cluster):
        return True
    suffix = ". A programme manager can record a day beyond the allowance."
    raise ValidationError({field: message + suffix for field, message in problems.items()})


def _cost_description(day: BespokeDay) -> str:
    return f"Bespoke day: {day.type_label}, {day.on:%-d %B %Y}"[:300]


def _sync_cost(day: BespokeDay, cost: Decimal | None, *, confirm_over_budget: bool, by: User) -> None:
    """Create, change or remove the day's "Bespoke days" spend to match ``cost``."""
    entry = day.ledger_entry
    if cost:
        fields = {
            "category": Category.BESPOKE_DAYS,
            "amount": cost,
            "on": day.on,
            "description": _cost_description(day),
            "school": day.school,
            "confirm_over_budget": confirm_over_budget,
            "by": by,
        }
        if entry is None:
            day.ledger_entry = funding.entry_create(cluster=day.cluster, kind=Kind.SPEND, **fields)
        else:
            day.ledger_entry = funding.entry_update(
                entry=entry, expected_version=entry.version, via_bespoke_day=True, **fields
            )
    elif entry is not None:
        day.ledger_entry = None
        day.save(update_fields=["ledger_entry"])
        funding.entry_delete(
            entry=entry, expected_version=entry.version, by=by, reason="The bespoke day's cost was removed."
        )


def _apply(day: BespokeDay, draft: DayDraft) -> None:
    day.school, day.on, day.day_type, day.length = draft.school, draft.on, draft.day_type, draft.length
    day.delivered_by = draft.delivered_by.strip()
    day.is_output_day = draft.is_output_day
    day.description = draft.description.strip() if draft.day_type == DayType.OTHER else ""
    day.notes = draft.notes.strip()


@transaction.atomic
def bespoke_day_create(
    *,
    cluster: Cluster,
    draft: DayDraft,
    beyond_allowance: bool = False,
    confirm_over_budget: bool = False,
    by: User,
) -> BespokeDay:
    """Log a bespoke day (see the module docstring for the rules)."""
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    _validate(cluster, draft)
    beyond = _check_allowance(cluster, draft, excluding=None, beyond=beyond_allowance, by=by)
    day = BespokeDay(cluster=cluster, created_by=by, updated_by=by, beyond_allowance=beyond)
    _apply(day, draft)
    day.save()
    _sync_cost(day, draft.cost, confirm_over_budget=confirm_over_budget, by=by)
    day.save()
    return day


def _current(day: BespokeDay, expected_version: int) -> tuple[Cluster, BespokeDay]:
    cluster = Cluster.objects.select_for_update().get(pk=day.cluster_id)
    current = lock_fresh(
        BespokeDay.objects.select_related("ledger_entry", "school"), pk=day.pk, expected_version=expected_version
    )
    current.cluster = cluster
    return cluster, current


@transaction.atomic
def bespoke_day_update(
    *,
    day: BespokeDay,
    draft: DayDraft,
    expected_version: int,
    beyond_allowance: bool = False,
    confirm_over_budget: bool = False,
    by: User,
) -> BespokeDay:
    """Change a logged day, if nobody else changed it since ``expected_version``."""
    cluster, current = _current(day, expected_version)
    _validate(cluster, draft)
    beyond = _check_allowance(cluster, draft, excluding=current, beyond=beyond_allowance, by=by)
    _apply(current, draft)
    current.beyond_allowance = beyond
    current.bump(by=by)
    current.save()
    _sync_cost(current, draft.cost, confirm_over_budget=confirm_over_budget, by=by)
    current.save()
    return current


@transaction.atomic
def bespoke_day_delete(*, day: BespokeDay, expected_version: int, by: User) -> None:
    """Remove a day logged by mistake, and its cost from the funding ledger."""
    _cluster, current = _current(day, expected_version)
    _sync_cost(current, None, confirm_over_budget=False, by=by)
    current.delete()
