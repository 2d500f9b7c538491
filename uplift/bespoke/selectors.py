"""Reads of a cluster's bespoke days: the days logged, and days used against the allowances."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from uplift.bespoke.models import BespokeDay
from uplift.clusters.models import Cluster
from uplift.clusters.usage import Usage
from uplift.schools.models import School


def fmt_days(days: Decimal | int) -> str:
    """9, 4.5: days without a trailing .0."""
    return f"{Decimal(days).normalize():f}"


@dataclass(frozen=True)
class SchoolDays:
    school: School
    days: Decimal
    output_days: Decimal
    count: int


@dataclass(frozen=True)
class DaysSummary:
    allowance: int
    output_allowance: int
    used: Decimal
    output_used: Decimal
    by_school: list[SchoolDays]

    @property
    def remaining(self) -> Decimal:
        return self.allowance - self.used

    @property
    def output_remaining(self) -> Decimal:
        return self.output_allowance - self.output_used

    @property
    def full(self) -> bool:
        return self.used >= self.allowance


def days_for(cluster: Cluster) -> QuerySet[BespokeDay]:
    return BespokeDay.objects.filter(cluster=cluster).select_related("school", "ledger_entry")


def summary(cluster: Cluster, days: list[BespokeDay] | None = None) -> DaysSummary:
    """Days and output days used, remaining and per member school (every member, even with none)."""
    days = list(days_for(cluster)) if days is None else days
    by_school: dict[int, SchoolDays] = {}
    members = [m.school for m in cluster.members.select_related("school").order_by("school__name")]
    for school in members:
        mine = [d for d in days if d.school_id == school.pk]
        by_school[school.pk] = SchoolDays(
            school=school,
            days=sum((d.days for d in mine), Decimal(0)),
            output_days=sum((d.days for d in mine if d.is_output_day), Decimal(0)),
            count=len(mine),
        )
    return DaysSummary(
        allowance=cluster.bespoke_days,
        output_allowance=cluster.output_days,
        used=sum((d.days for d in days), Decimal(0)),
        output_used=sum((d.days for d in days if d.is_output_day), Decimal(0)),
        by_school=list(by_school.values()),
    )


def bespoke_usage(cluster: Cluster) -> Usage:
    """Bespoke days used against the cluster's allowance (the cross-app contract read by the impact
    report); the detail line gives the output days."""
    s = summary(cluster)
    return Usage(
        label="Bespoke days",
        used=s.used,
        allowance=s.allowance,
        unit="days",
        detail=f"{fmt_days(s.output_used)} of {s.output_allowance} output days used",
    )
