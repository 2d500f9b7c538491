"""Writes to a cluster's funding ledger. Each is one transaction that locks the cluster row, so two
people recording spend at once are checked against each other's totals, and enforces the rules:

- an amount is a positive Decimal of at most two places; an entry has a description, a category and,
  when given, a school that is a member of the cluster; the cluster is confirmed (not a proposal);
- **the budget**: a change that would take committed + spent over ``Cluster.budget`` (and raises the
  total) raises ``OverBudget`` and saves nothing, unless ``confirm_over_budget=True`` - the page shows
  the warning and asks for that explicit confirmation; the history records that it was confirmed;
- a commitment is later marked spent, possibly for a different actual amount (what was committed is
  kept in ``committed_amount``); spend cannot go back to being a commitment;
- edits, marking spent and removal name the version they started from; if someone else changed the
  entry since, ``StaleEdit`` is raised and nothing is saved;
- only programme managers change the budget (the view asks ``get_cluster_for_user(act="manage")``),
  with a reason, kept in the history with the old and new figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from uplift.clusters.models import Cluster
from uplift.funding.models import ZERO, Category, EventKind, Kind, LedgerEntry, LedgerEvent
from uplift.funding.selectors import money
from uplift.lib.versioning import lock_fresh

if TYPE_CHECKING:
    from uplift.accounts.models import User
    from uplift.schools.models import School

__all__ = [
    "OverBudget",
    "budget_change",
    "entry_create",
    "entry_delete",
    "entry_mark_spent",
    "entry_update",
]

MAX_AMOUNT = Decimal("9999999.99")


class OverBudget(Exception):
    """The change would take committed + spent over the budget and was not confirmed."""

    def __init__(self, *, budget: Decimal, allocated: Decimal) -> None:
        self.budget = budget
        self.allocated = allocated
        self.over_by = allocated - budget
        super().__init__(
            f"This would take committed and spent funding to {money(allocated)}, "
            f"{money(self.over_by)} over the cluster's budget of {money(budget)}."
        )


@dataclass(frozen=True)
class EntryDraft:
    """The values someone wants an entry to have."""

    category: str
    amount: Decimal
    on: dt.date
    description: str
    school: School | None = None


def _lock(cluster: Cluster) -> Cluster:
    return Cluster.objects.select_for_update().get(pk=cluster.pk)


def _allocated(cluster: Cluster, *, excluding: LedgerEntry | None = None) -> Decimal:
    entries = LedgerEntry.objects.filter(cluster=cluster)
    if excluding is not None:
        entries = entries.exclude(pk=excluding.pk)
    return entries.aggregate(total=Sum("amount"))["total"] or ZERO


def _clean_amount(amount: object, field: str = "amount") -> Decimal:
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: "Enter the amount in pounds, like 450.00"}) from None
    if not value.is_finite() or value <= 0:
        raise ValidationError({field: "Enter an amount greater than £0.00"})
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({field: "Enter the amount in pounds and pence, like 450.50"})
    if value > MAX_AMOUNT:
        raise ValidationError({field: f"Enter an amount of at most {money(MAX_AMOUNT)}"})
    return value.quantize(Decimal("0.01"))


def _validate(cluster: Cluster, draft: EntryDraft) -> EntryDraft:
    errors: dict[str, str] = {}
    if not cluster.is_live:
        raise ValidationError("Spend can only be recorded for a confirmed cluster.")
    if draft.category not in Category.values:
        errors["category"] = "Choose a category"
    if not (draft.description or "").strip():
        errors["description"] = "Enter what the money is for"
    elif len(draft.description.strip()) > 300:
        errors["description"] = "Enter a description of at most 300 characters"
    if draft.school is not None and not cluster.members.filter(school=draft.school).exists():
        errors["school"] = f"Choose a school in {cluster.name}, or no school"
    if not isinstance(draft.on, dt.date):
        errors["on"] = "Enter the date"
    try:
        amount = _clean_amount(draft.amount)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        amount = ZERO
    if errors:
        raise ValidationError(errors)
    return EntryDraft(
        category=draft.category, amount=amount, on=draft.on, description=draft.description.strip(), school=draft.school
    )


def _check_budget(cluster: Cluster, *, before: Decimal, after: Decimal, confirmed: bool) -> bool:
    """Raise ``OverBudget`` if ``after`` goes over the budget, rises and was not confirmed; return
    whether the change leaves the cluster over its budget (for the history)."""
    over = after > cluster.budget
    if over and after > before and not confirmed:
        raise OverBudget(budget=cluster.budget, allocated=after)
    return over and after > before


def _event(cluster: Cluster, entry: LedgerEntry | None, kind: str, summary: str, by: User, **extra: object) -> None:
    LedgerEvent.objects.create(cluster=cluster, entry=entry, kind=kind, summary=summary, by=by, **extra)


def _describe(entry: LedgerEntry) -> str:
    school = f" ({entry.school.name})" if entry.school_id else ""
    what = f"{entry.get_kind_display()} of {money(entry.amount)}, {entry.get_category_display()}"
    return f"{what}: {entry.description}{school}"


@transaction.atomic
def entry_create(
    *,
    cluster: Cluster,
    category: str,
    kind: str,
    amount: Decimal,
    on: dt.date,
    description: str,
    school: School | None = None,
    confirm_over_budget: bool = False,
    by: User,
) -> LedgerEntry:
    """Record a commitment or spend (see the module docstring for the rules)."""
    cluster = _lock(cluster)
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose whether this is a commitment or spend"})
    draft = _validate(
        cluster, EntryDraft(category=category, amount=amount, on=on, description=description, school=school)
    )
    before = _allocated(cluster)
    over = _check_budget(cluster, before=before, after=before + draft.amount, confirmed=confirm_over_budget)
    now = timezone.now()
    entry = LedgerEntry.objects.create(
        cluster=cluster,
        kind=kind,
        category=draft.category,
        amount=draft.amount,
        on=draft.on,
        description=draft.description,
        school=draft.school,
        created_by=by,
        updated_by=by,
        created_at=now,
        updated_at=now,
    )
    _event(cluster, entry, EventKind.ADDED, f"Added: {_describe(entry)}", by, over_budget=over)
    return entry


def _current(entry: LedgerEntry, expected_version: int) -> tuple[Cluster, LedgerEntry]:
    cluster = _lock(entry.cluster)
    current = lock_fresh(LedgerEntry.objects.select_related("school"), pk=entry.pk, expected_version=expected_version)
    return cluster, current


@transaction.atomic
def entry_update(
    *,
    entry: LedgerEntry,
    category: str,
    amount: Decimal,
    on: dt.date,
    description: str,
    school: School | None = None,
    expected_version: int,
    confirm_over_budget: bool = False,
    via_bespoke_day: bool = False,
    by: User,
) -> LedgerEntry:
    """Change an entry's category, amount, date, description or school (not its kind: a commitment
    becomes spend through ``entry_mark_spent``). A bespoke day's cost changes only with its day
    (``uplift.bespoke.services`` passes ``via_bespoke_day=True``)."""
    cluster, current = _current(entry, expected_version)
    if hasattr(current, "bespoke_day") and not via_bespoke_day:
        raise ValidationError("This is the cost of a bespoke day: change it from the bespoke day instead.")
    draft = _validate(
        cluster, EntryDraft(category=category, amount=amount, on=on, description=description, school=school)
    )
    before = _allocated(cluster)
    after = before - current.amount + draft.amount
    over = _check_budget(cluster, before=before, after=after, confirmed=confirm_over_budget)
    old = _describe(current)
    current.category, current.amount, current.on = draft.category, draft.amount, draft.on
    current.description, current.school = draft.description, draft.school
    current.bump(by=by)
    current.save()
    _event(cluster, current, EventKind.CHANGED, f"Changed: {old} → {_describe(current)}", by, over_budget=over)
    return current


@transaction.atomic
def entry_mark_spent(
    *,
    entry: LedgerEntry,
    amount: Decimal,
    on: dt.date,
    expected_version: int,
    confirm_over_budget: bool = False,
    by: User,
) -> LedgerEntry:
    """A commitment has been paid: it becomes spend of the actual ``amount`` on ``on``."""
    cluster, current = _current(entry, expected_version)
    if current.kind != Kind.COMMITMENT:
        raise ValidationError("Only a commitment can be marked spent.")
    actual = _clean_amount(amount)
    if not isinstance(on, dt.date):
        raise ValidationError({"on": "Enter the date it was paid"})
    before = _allocated(cluster)
    over = _check_budget(cluster, before=before, after=before - current.amount + actual, confirmed=confirm_over_budget)
    current.committed_amount = current.amount
    current.amount, current.on, current.kind = actual, on, Kind.SPEND
    current.bump(by=by)
    current.spent_at = current.updated_at
    current.save()
    difference = ""
    if actual != current.committed_amount:
        difference = f" (committed {money(current.committed_amount)})"
    _event(cluster, current, EventKind.SPENT, f"Marked spent{difference}: {_describe(current)}", by, over_budget=over)
    return current


@transaction.atomic
def entry_delete(*, entry: LedgerEntry, expected_version: int, by: User, reason: str = "") -> None:
    """Remove an entry recorded by mistake (its history stays)."""
    cluster, current = _current(entry, expected_version)
    if hasattr(current, "bespoke_day"):
        raise ValidationError("This is the cost of a bespoke day: change or remove it from the bespoke day instead.")
    _event(cluster, None, EventKind.REMOVED, f"Removed: {_describe(current)}", by, reason=reason.strip())
    current.delete()


@transaction.atomic
def budget_change(*, cluster: Cluster, budget: Decimal, reason: str, expected_version: int, by: User) -> Cluster:
    """Set the cluster's budget (programme managers only - the caller checks) with a reason."""
    locked = lock_fresh(Cluster, pk=cluster.pk, expected_version=expected_version)
    errors: dict[str, str] = {}
    try:
        value = _clean_amount(budget, "budget")
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        value = ZERO
    if not (reason or "").strip():
        errors["reason"] = "Enter the reason for changing the budget"
    if not errors and value == locked.budget:
        errors["budget"] = f"The budget is already {money(value)}"
    if errors:
        raise ValidationError(errors)
    before = locked.budget
    locked.budget = value
    locked.save(update_fields=["budget", *locked.bump(by=by)])
    _event(
        locked,
        None,
        EventKind.BUDGET,
        f"Budget changed from {money(before)} to {money(value)}",
        by,
        reason=reason.strip(),
        budget_before=before,
        budget_after=value,
        over_budget=_allocated(locked) > value,
    )
    return locked
