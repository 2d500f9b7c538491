"""A Computing Cluster's funding ledger: its budget (``Cluster.budget``, £15,000 by default) and the
commitments and spend recorded against it.

- A *commitment* is money promised but not yet paid (supply cover booked, a venue reserved); once paid
  it is marked spent and becomes *spend*, possibly for a different actual amount (``committed_amount``
  keeps what was promised).
- Committed = the open commitments; spent = the spend; remaining = budget - committed - spent.
- An entry that would take committed + spent over the budget is refused unless the person confirms it
  (see ``uplift/funding/services.py``).
- Every change, and every change of the budget itself (managers only, with a reason), is kept as a
  ``LedgerEvent``: the ledger's history.

Money is ``Decimal`` with two places, never a float.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from uplift.lib.versioning import VersionedStamped


class Category(models.TextChoices):
    ADVISOR_TIME = "advisor_time", "Advisor time"
    BESPOKE_DAYS = "bespoke_days", "Bespoke days"
    SUPPLY_COVER = "supply_cover", "Supply cover"
    COACHING = "coaching", "Coaching"
    RESOURCES = "resources", "Resources"
    TRAVEL_VENUES = "travel_venues", "Travel and venues"
    OTHER = "other", "Other"


class Kind(models.TextChoices):
    COMMITMENT = "commitment", "Commitment"
    SPEND = "spend", "Spend"


class LedgerEntry(VersionedStamped):
    cluster = models.ForeignKey("clusters.Cluster", on_delete=models.CASCADE, related_name="ledger_entries")
    category = models.CharField(max_length=20, choices=Category.choices)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    on = models.DateField("date")
    description = models.CharField(max_length=300)
    school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="cluster_ledger_entries"
    )
    # What was committed, once a commitment has been marked spent (the actual amount is ``amount``).
    committed_amount = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    spent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name_plural = "ledger entries"
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="ledger_amount_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} £{self.amount}: {self.description}"

    @property
    def is_commitment(self) -> bool:
        return self.kind == Kind.COMMITMENT


class EventKind(models.TextChoices):
    ADDED = "added", "Added"
    CHANGED = "changed", "Changed"
    SPENT = "spent", "Marked spent"
    REMOVED = "removed", "Removed"
    BUDGET = "budget", "Budget changed"


class LedgerEvent(models.Model):
    """One line of the ledger's history (kept when the entry itself is removed)."""

    cluster = models.ForeignKey("clusters.Cluster", on_delete=models.CASCADE, related_name="ledger_events")
    entry = models.ForeignKey(LedgerEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    summary = models.CharField(max_length=400)
    reason = models.TextField(blank=True)
    # For a budget change: the budget before and after.
    budget_before = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    budget_after = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    # True when the person confirmed that this change took the cluster over its budget.
    over_budget = models.BooleanField(default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.summary


ZERO = Decimal("0.00")
