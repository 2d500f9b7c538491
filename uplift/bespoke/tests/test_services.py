"""Bespoke days: the allowances (days and output days, half days), "other" needs a description, the
manager's override, the cost in the funding ledger in one transaction, and version checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from uplift.bespoke import services
from uplift.bespoke.models import BespokeDay, DayType, Length
from uplift.bespoke.selectors import bespoke_usage, summary
from uplift.bespoke.services import DayDraft
from uplift.clusters.tests.factories import live_cluster
from uplift.funding.models import Category, Kind, LedgerEntry
from uplift.funding.selectors import totals
from uplift.funding.services import OverBudget
from uplift.lib.versioning import StaleEdit

TODAY = dt.date(2027, 3, 5)


def draft(school, **kw) -> DayDraft:
    fields = {
        "school": school,
        "on": TODAY,
        "day_type": DayType.CURRICULUM_DESIGN,
        "length": Length.FULL,
        "delivered_by": "Alex Advisor",
    }
    return DayDraft(**{**fields, **kw})


def log(cluster, by, **kw) -> BespokeDay:
    return services.bespoke_day_create(
        cluster=cluster, draft=draft(kw.pop("school", cluster.meeting_school), **kw), by=by
    )


def test_days_and_output_days_are_counted_overall_and_per_school(cast) -> None:
    cluster = live_cluster(cast)
    other = cluster.members.exclude(school=cast.school_a).first().school
    log(cluster, cast.advisor, is_output_day=True)
    log(cluster, cast.advisor, length=Length.HALF, day_type=DayType.OBSERVATION)
    log(cluster, cast.advisor, school=other, length=Length.HALF, is_output_day=True)
    s = summary(cluster)
    assert (s.used, s.remaining, s.output_used, s.output_remaining) == (
        Decimal("2"),
        Decimal("7"),
        Decimal("1.5"),
        Decimal("1.5"),
    )
    rows = {row.school: row for row in s.by_school}
    assert (rows[cast.school_a].days, rows[cast.school_a].output_days) == (Decimal("1.5"), Decimal("1"))
    assert rows[other].days == Decimal("0.5")
    assert len(rows) == 3  # every member, also the one with no days
    usage = bespoke_usage(cluster)
    assert (usage.used, usage.allowance, usage.unit, usage.detail) == (
        Decimal("2"),
        9,
        "days",
        "1.5 of 3 output days used",
    )


def test_other_needs_a_description_and_the_school_must_be_a_member(cast) -> None:
    cluster = live_cluster(cast)
    with pytest.raises(ValidationError) as exc:
        log(cluster, cast.advisor, school=cast.school_b, day_type=DayType.OTHER, delivered_by=" ")
    assert set(exc.value.message_dict) == {"school", "description", "delivered_by"}
    day = log(cluster, cast.advisor, day_type=DayType.OTHER, description="Transition project with the secondary")
    assert day.type_label == "Other: Transition project with the secondary"


def test_logging_beyond_the_allowance_is_refused_for_the_advisor(cast) -> None:
    cluster = live_cluster(cast, bespoke_days=2, output_days=1)
    log(cluster, cast.advisor, is_output_day=True)
    with pytest.raises(ValidationError) as exc:
        log(cluster, cast.advisor, length=Length.HALF, is_output_day=True)
    assert "only 0 output days are left" in exc.value.message_dict["is_output_day"][0]
    log(cluster, cast.advisor, length=Length.HALF)
    with pytest.raises(ValidationError) as exc:
        log(cluster, cast.advisor)
    assert (
        "This would use 2.5 of the cluster's 2 bespoke days: only 0.5 days are left"
        in exc.value.message_dict["length"][0]
    )
    # Saying "beyond the allowance" is not enough for an advisor...
    with pytest.raises(ValidationError):
        services.bespoke_day_create(cluster=cluster, draft=draft(cast.school_a), beyond_allowance=True, by=cast.advisor)
    # ...but a manager may, and the day is marked.
    day = services.bespoke_day_create(
        cluster=cluster, draft=draft(cast.school_a), beyond_allowance=True, by=cast.manager
    )
    assert day.beyond_allowance
    assert bespoke_usage(cluster).over


def test_editing_a_day_checks_the_allowance_without_counting_itself(cast) -> None:
    cluster = live_cluster(cast, bespoke_days=1)
    day = log(cluster, cast.advisor, length=Length.HALF)
    updated = services.bespoke_day_update(
        day=day, draft=draft(cast.school_a, length=Length.FULL), expected_version=1, by=cast.advisor
    )
    assert (updated.length, updated.version) == (Length.FULL, 2)
    with pytest.raises(StaleEdit) as stale:
        services.bespoke_day_update(day=day, draft=draft(cast.school_a, notes="x"), expected_version=1, by=cast.advisor)
    assert stale.value.theirs.length == Length.FULL
    with pytest.raises(StaleEdit):
        services.bespoke_day_delete(day=day, expected_version=1, by=cast.advisor)
    services.bespoke_day_delete(day=day, expected_version=2, by=cast.advisor)
    assert not BespokeDay.objects.exists()
    with pytest.raises(StaleEdit) as removed:
        services.bespoke_day_update(day=day, draft=draft(cast.school_a, notes="x"), expected_version=2, by=cast.advisor)
    assert removed.value.removed and removed.value.theirs is None


def test_a_days_cost_is_bespoke_days_spend_in_the_ledger_and_follows_the_day(cast) -> None:
    cluster = live_cluster(cast)
    day = log(cluster, cast.advisor, cost=Decimal("650.00"))
    entry = day.ledger_entry
    assert (entry.category, entry.kind, entry.amount, entry.school) == (
        Category.BESPOKE_DAYS,
        Kind.SPEND,
        Decimal("650.00"),
        cast.school_a,
    )
    day = services.bespoke_day_update(
        day=day, draft=draft(cast.school_a, cost=Decimal("700.00")), expected_version=1, by=cast.advisor
    )
    assert totals(cluster).spent == Decimal("700.00")
    day = services.bespoke_day_update(day=day, draft=draft(cast.school_a), expected_version=2, by=cast.advisor)
    assert day.ledger_entry is None and not LedgerEntry.objects.exists()
    day = services.bespoke_day_update(
        day=day, draft=draft(cast.school_a, cost=Decimal("10")), expected_version=3, by=cast.advisor
    )
    services.bespoke_day_delete(day=day, expected_version=4, by=cast.advisor)
    assert not LedgerEntry.objects.exists()


def test_a_cost_over_the_budget_saves_neither_the_day_nor_the_spend_unless_confirmed(cast) -> None:
    cluster = live_cluster(cast, budget=Decimal("500.00"))
    with pytest.raises(OverBudget):
        log(cluster, cast.advisor, cost=Decimal("650.00"))
    assert not BespokeDay.objects.exists() and not LedgerEntry.objects.exists()
    services.bespoke_day_create(
        cluster=cluster, draft=draft(cast.school_a, cost=Decimal("650.00")), confirm_over_budget=True, by=cast.advisor
    )
    assert totals(cluster).over_by == Decimal("150.00")


def test_a_days_cost_changes_only_with_its_day(cast) -> None:
    from uplift.funding import services as funding

    cluster = live_cluster(cast)
    entry = log(cluster, cast.advisor, cost=Decimal("450.00")).ledger_entry
    with pytest.raises(ValidationError, match="from the bespoke day"):
        funding.entry_update(
            entry=entry,
            category=Category.OTHER,
            amount=Decimal("1.00"),
            on=TODAY,
            description="x",
            expected_version=entry.version,
            by=cast.advisor,
        )
    with pytest.raises(ValidationError, match="from the bespoke day"):
        funding.entry_delete(entry=entry, expected_version=entry.version, by=cast.advisor)
    assert LedgerEntry.objects.get().amount == Decimal("450.00")
