"""The funding ledger's rules: Decimal totals, the budget warning, commitments becoming spend, version
checks, budget changes and the history they leave."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from uplift.clusters.models import Cluster, ClusterStatus
from uplift.clusters.tests.factories import ClusterFactory, live_cluster
from uplift.funding import services
from uplift.funding.models import Category, EventKind, Kind, LedgerEntry, LedgerEvent
from uplift.funding.selectors import funding_usage, money, totals
from uplift.lib.versioning import StaleEdit

TODAY = dt.date(2027, 3, 5)


def add(cluster, by, amount: str, kind: str = Kind.SPEND, category: str = Category.RESOURCES, **kw) -> LedgerEntry:
    return services.entry_create(
        cluster=cluster,
        category=category,
        kind=kind,
        amount=Decimal(amount),
        on=TODAY,
        description=kw.pop("description", "Robot kits"),
        by=by,
        **kw,
    )


def test_totals_add_up_exactly_by_category_and_kind(cast) -> None:
    cluster = live_cluster(cast)
    for amount in ("0.10", "0.20", "0.30"):  # 0.1 + 0.2 + 0.3 is not 0.6 in floats
        add(cluster, cast.advisor, amount)
    add(cluster, cast.advisor, "450.00", kind=Kind.COMMITMENT, category=Category.SUPPLY_COVER)
    t = totals(cluster)
    assert t.spent == Decimal("0.60")
    assert t.committed == Decimal("450.00")
    assert t.remaining == Decimal("14549.40")
    by = {c.category: c for c in t.by_category}
    assert by[Category.RESOURCES].spent == Decimal("0.60")
    assert by[Category.SUPPLY_COVER].committed == Decimal("450.00")
    assert by[Category.COACHING].total == Decimal("0")
    usage = funding_usage(cluster)
    assert (usage.used, usage.allowance, usage.unit) == (Decimal("0.60"), Decimal("15000.00"), "£")
    assert usage.detail == "£0.60 spent, £450.00 committed, £14,549.40 remaining of £15,000.00"


def test_money_is_shown_with_pounds_commas_and_pence() -> None:
    assert money(Decimal("1234.5")) == "£1,234.50"
    assert money(Decimal("-12")) == "-£12.00"


@pytest.mark.parametrize(
    ("amount", "message"),
    [("0", "greater than £0.00"), ("-5", "greater than £0.00"), ("1.234", "pounds and pence"), ("abc", "in pounds")],
)
def test_bad_amounts_are_refused(cast, amount: str, message: str) -> None:
    cluster = live_cluster(cast)
    with pytest.raises(ValidationError) as exc:
        services.entry_create(
            cluster=cluster,
            category=Category.OTHER,
            kind=Kind.SPEND,
            amount=amount,
            on=TODAY,
            description="x",
            by=cast.advisor,
        )
    assert message in exc.value.message_dict["amount"][0]
    assert not LedgerEntry.objects.exists()


def test_school_must_be_in_the_cluster_and_description_given(cast) -> None:
    cluster = live_cluster(cast)
    with pytest.raises(ValidationError) as exc:
        add(cluster, cast.advisor, "10.00", school=cast.school_b, description=" ")
    assert set(exc.value.message_dict) == {"school", "description"}


def test_a_proposal_takes_no_spend(cast) -> None:
    cluster = ClusterFactory(status=ClusterStatus.PROPOSED, budget=Decimal("15000"))
    with pytest.raises(ValidationError, match="confirmed cluster"):
        add(cluster, cast.manager, "10.00")


def test_going_over_the_budget_is_refused_until_confirmed(cast) -> None:
    cluster = live_cluster(cast)
    add(cluster, cast.advisor, "14000.00")
    add(cluster, cast.advisor, "900.00", kind=Kind.COMMITMENT)
    with pytest.raises(services.OverBudget) as exc:
        add(cluster, cast.advisor, "100.01")
    assert exc.value.over_by == Decimal("0.01")
    assert "£15,000.01, £0.01 over the cluster's budget of £15,000.00" in str(exc.value)
    assert LedgerEntry.objects.count() == 2
    add(cluster, cast.advisor, "100.00")  # exactly the budget: no warning
    entry = add(cluster, cast.advisor, "50.00", confirm_over_budget=True)
    assert totals(cluster).over
    assert LedgerEvent.objects.get(entry=entry).over_budget


def test_lowering_an_entry_on_an_over_budget_ledger_needs_no_confirmation(cast) -> None:
    cluster = live_cluster(cast)
    entry = add(cluster, cast.advisor, "16000.00", confirm_over_budget=True)
    services.entry_update(
        entry=entry,
        category=entry.category,
        amount=Decimal("15500.00"),
        on=entry.on,
        description=entry.description,
        expected_version=1,
        by=cast.advisor,
    )
    with pytest.raises(services.OverBudget):
        services.entry_update(
            entry=entry,
            category=entry.category,
            amount=Decimal("15600.00"),
            on=entry.on,
            description=entry.description,
            expected_version=2,
            by=cast.advisor,
        )


def test_a_commitment_is_marked_spent_with_its_actual_amount(cast) -> None:
    cluster = live_cluster(cast)
    entry = add(cluster, cast.advisor, "600.00", kind=Kind.COMMITMENT, category=Category.TRAVEL_VENUES)
    spent = services.entry_mark_spent(
        entry=entry, amount=Decimal("575.50"), on=TODAY, expected_version=1, by=cast.advisor
    )
    assert (spent.kind, spent.amount, spent.committed_amount, spent.version) == (
        Kind.SPEND,
        Decimal("575.50"),
        Decimal("600.00"),
        2,
    )
    t = totals(cluster)
    assert (t.committed, t.spent) == (Decimal("0"), Decimal("575.50"))
    assert "Marked spent (committed £600.00)" in LedgerEvent.objects.filter(kind=EventKind.SPENT).get().summary
    with pytest.raises(ValidationError, match="Only a commitment"):
        services.entry_mark_spent(entry=spent, amount=Decimal("1"), on=TODAY, expected_version=2, by=cast.advisor)


def test_a_stale_edit_or_removal_is_refused(cast) -> None:
    cluster = live_cluster(cast)
    entry = add(cluster, cast.advisor, "100.00")
    services.entry_update(
        entry=entry,
        category=Category.OTHER,
        amount=Decimal("120"),
        on=TODAY,
        description="a",
        expected_version=1,
        by=cast.manager,
    )
    with pytest.raises(StaleEdit) as stale:
        services.entry_update(
            entry=entry,
            category=Category.OTHER,
            amount=Decimal("90"),
            on=TODAY,
            description="b",
            expected_version=1,
            by=cast.advisor,
        )
    assert (stale.value.theirs.amount, stale.value.theirs.updated_by) == (Decimal("120.00"), cast.manager)
    with pytest.raises(StaleEdit):
        services.entry_delete(entry=entry, expected_version=1, by=cast.advisor)
    entry.refresh_from_db()
    assert (entry.amount, entry.description) == (Decimal("120.00"), "a")
    services.entry_delete(entry=entry, expected_version=2, by=cast.advisor, reason="Recorded twice")
    assert not LedgerEntry.objects.exists()
    removed = LedgerEvent.objects.get(kind=EventKind.REMOVED)
    assert removed.reason == "Recorded twice" and "£120.00" in removed.summary
    with pytest.raises(StaleEdit) as gone:
        services.entry_mark_spent(entry=entry, amount=Decimal("1"), on=TODAY, expected_version=2, by=cast.advisor)
    assert gone.value.removed


def test_a_manager_changes_the_budget_with_a_reason_kept_in_the_history(cast) -> None:
    cluster = live_cluster(cast)
    with pytest.raises(ValidationError) as exc:
        services.budget_change(cluster=cluster, budget=Decimal("16000"), reason="", expected_version=1, by=cast.manager)
    assert "reason" in exc.value.message_dict
    changed = services.budget_change(
        cluster=cluster,
        budget=Decimal("16500.00"),
        reason="Extra supply cover agreed",
        expected_version=1,
        by=cast.manager,
    )
    assert (changed.budget, changed.version) == (Decimal("16500.00"), 2)
    event = LedgerEvent.objects.get(kind=EventKind.BUDGET)
    assert (event.budget_before, event.budget_after, event.reason) == (
        Decimal("15000.00"),
        Decimal("16500.00"),
        "Extra supply cover agreed",
    )
    with pytest.raises(StaleEdit) as stale:
        services.budget_change(cluster=cluster, budget=Decimal("1"), reason="x", expected_version=1, by=cast.manager)
    assert stale.value.theirs.budget == Decimal("16500.00")
    assert Cluster.objects.get(pk=cluster.pk).budget == Decimal("16500.00")
