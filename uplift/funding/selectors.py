"""Reads of a cluster's funding ledger: totals by category and kind, the ledger, its history."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum

from uplift.clusters.models import Cluster
from uplift.clusters.usage import Usage
from uplift.funding.models import ZERO, Category, Kind, LedgerEntry, LedgerEvent

# The page warns when committed + spent reaches this share of the budget.
WARN_SHARE = Decimal("0.9")


def money(value: Decimal | int | None) -> str:
    """£1,234.00 (negative amounts as -£12.00)."""
    value = Decimal(value or 0).quantize(Decimal("0.01"))
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}"


@dataclass(frozen=True)
class CategoryTotal:
    category: str
    label: str
    committed: Decimal
    spent: Decimal

    @property
    def total(self) -> Decimal:
        return self.committed + self.spent


@dataclass(frozen=True)
class Totals:
    budget: Decimal
    committed: Decimal
    spent: Decimal
    by_category: list[CategoryTotal] = field(default_factory=list)

    @property
    def allocated(self) -> Decimal:
        """Committed + spent: what the budget has to cover."""
        return self.committed + self.spent

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.allocated

    @property
    def over_by(self) -> Decimal:
        return max(self.allocated - self.budget, ZERO)

    @property
    def over(self) -> bool:
        return self.allocated > self.budget

    @property
    def near(self) -> bool:
        """Within 10% of the budget (or over it)."""
        return self.budget > 0 and self.allocated >= self.budget * WARN_SHARE

    @property
    def percent(self) -> int:
        if self.budget <= 0:
            return 100 if self.allocated else 0
        return min(100, round(100 * self.allocated / self.budget))


def totals(cluster: Cluster) -> Totals:
    """The cluster's budget, committed (open commitments), spent and remaining, overall and by category."""
    sums: dict[tuple[str, str], Decimal] = {
        (row["category"], row["kind"]): row["total"] or ZERO
        for row in LedgerEntry.objects.filter(cluster=cluster).values("category", "kind").annotate(total=Sum("amount"))
    }
    by_category = [
        CategoryTotal(
            category=value,
            label=label,
            committed=sums.get((value, Kind.COMMITMENT), ZERO),
            spent=sums.get((value, Kind.SPEND), ZERO),
        )
        for value, label in Category.choices
    ]
    return Totals(
        budget=cluster.budget,
        committed=sum((c.committed for c in by_category), ZERO),
        spent=sum((c.spent for c in by_category), ZERO),
        by_category=by_category,
    )


def ledger(cluster: Cluster) -> QuerySet[LedgerEntry]:
    """The cluster's entries, newest first, with what the ledger page shows of each."""
    return LedgerEntry.objects.filter(cluster=cluster).select_related("school", "created_by", "updated_by")


def history(cluster: Cluster) -> QuerySet[LedgerEvent]:
    return LedgerEvent.objects.filter(cluster=cluster).select_related("by")


def funding_usage(cluster: Cluster) -> Usage:
    """Spend against the cluster's budget (the cross-app contract read by the impact report)."""
    t = totals(cluster)
    return Usage(
        label="Funding",
        used=t.spent,
        allowance=t.budget,
        unit="£",
        detail=f"{money(t.spent)} spent, {money(t.committed)} committed, {money(t.remaining)} remaining "
        f"of {money(t.budget)}",
    )
