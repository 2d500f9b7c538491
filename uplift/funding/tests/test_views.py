"""The ledger pages through the test client: what each person sees, recording spend, the over-budget
warning and confirmation, marking spent, removal, the budget, the CSV export and the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from uplift.clusters.models import Cluster
from uplift.clusters.tests.factories import live_cluster
from uplift.funding import services
from uplift.funding.models import Category, Kind, LedgerEntry, LedgerEvent
from uplift.lib.versioning import STALE_MESSAGE

CONFIRM = "I understand this exceeds the budget"


def entry(cluster, by, amount: str, kind: str = Kind.SPEND) -> LedgerEntry:
    return services.entry_create(
        cluster=cluster,
        category=Category.SUPPLY_COVER,
        kind=kind,
        amount=Decimal(amount),
        on=dt.date(2027, 1, 12),
        description="Cover for Ms Khan",
        by=by,
    )


def test_the_ledger_shows_totals_and_controls_only_to_those_who_record(cast, client_for) -> None:
    cluster = live_cluster(cast)
    entry(cluster, cast.advisor, "1234.50")
    entry(cluster, cast.advisor, "300.00", kind=Kind.COMMITMENT)
    url = reverse("funding:cluster", args=[cluster.pk])
    page = client_for(cast.advisor).get(url).content.decode()
    assert "£1,234.50" in page and "£300.00" in page and "£13,465.50" in page
    assert "Record spend" in page and "Mark spent" in page and "Change the budget" not in page
    assert "12 January 2027" in page
    page = client_for(cast.teacher).get(url).content.decode()
    assert "£1,234.50" in page
    assert "Record spend" not in page and "Mark spent" not in page and ">Edit<" not in page
    assert "Change the budget" in client_for(cast.manager).get(url).content.decode()


def test_the_page_warns_within_ten_percent_of_the_budget(cast, client_for) -> None:
    cluster = live_cluster(cast)
    entry(cluster, cast.advisor, "13499.99")
    url = reverse("funding:cluster", args=[cluster.pk])
    assert "Budget nearly used" not in client_for(cast.advisor).get(url).content.decode()
    entry(cluster, cast.advisor, "0.01")
    page = client_for(cast.advisor).get(url).content.decode()
    assert "Budget nearly used" in page and "£1,500.00 is left to commit or spend" in page


def test_recording_spend_that_exceeds_the_budget_needs_explicit_confirmation(cast, client_for) -> None:
    cluster = live_cluster(cast)
    entry(cluster, cast.advisor, "14800.00")
    client = client_for(cast.advisor)
    url = reverse("funding:add", args=[cluster.pk])
    data = {
        "kind": Kind.COMMITMENT,
        "category": Category.TRAVEL_VENUES,
        "amount": "250.00",
        "on": "2027-02-01",
        "description": "Venue for the spring meeting",
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "£50.00 over the cluster&#x27;s budget of £15,000.00" in page
    assert CONFIRM in page and 'name="warned"' in page
    assert LedgerEntry.objects.count() == 1
    # Saving again without ticking the box still does not record it.
    response = client.post(url, {**data, "warned": "1"})
    assert "over the cluster" in response.content.decode() and LedgerEntry.objects.count() == 1
    response = client.post(url, {**data, "warned": "1", "confirm_over_budget": "on"})
    assert response.status_code == 302
    assert LedgerEntry.objects.filter(kind=Kind.COMMITMENT, amount=Decimal("250.00")).exists()
    page = client.get(response.url).content.decode()
    assert "Over budget" in page and "Confirmed over budget" in page


def test_bad_input_is_shown_in_the_error_summary(cast, client_for) -> None:
    cluster = live_cluster(cast)
    response = client_for(cast.advisor).post(
        reverse("funding:add", args=[cluster.pk]), {"kind": Kind.SPEND, "amount": "-3", "on": "2027-02-30"}
    )
    page = response.content.decode()
    assert "There is a problem" in page
    for message in (
        "Choose a category",
        "Enter an amount greater than £0.00",
        "Enter a real date",
        "Enter what the money is for",
    ):
        assert message in page


def test_marking_a_commitment_spent_and_a_stale_edit(cast, client_for) -> None:
    cluster = live_cluster(cast)
    commitment = entry(cluster, cast.advisor, "300.00", kind=Kind.COMMITMENT)
    client = client_for(cast.advisor)
    response = client.post(
        reverse("funding:mark_spent", args=[cluster.pk, commitment.pk]),
        {"amount": "280.00", "on": "2027-02-03", "version": "1"},
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.kind, commitment.amount, commitment.committed_amount) == (
        Kind.SPEND,
        Decimal("280.00"),
        Decimal("300.00"),
    )
    response = client.post(
        reverse("funding:edit", args=[cluster.pk, commitment.pk]),
        {"category": Category.OTHER, "amount": "1.00", "on": "2027-02-03", "description": "x", "version": "1"},
    )
    page = response.content.decode()
    assert "There is a problem" in page and STALE_MESSAGE in page
    assert "It now reads: Supply cover, £280.00" in page and 'name="version" value="2"' in page
    commitment.refresh_from_db()
    assert commitment.amount == Decimal("280.00")


def test_removing_an_entry_keeps_it_in_the_history(cast, client_for) -> None:
    cluster = live_cluster(cast)
    spend = entry(cluster, cast.advisor, "99.00")
    client = client_for(cast.advisor)
    url = reverse("funding:delete", args=[cluster.pk, spend.pk])
    assert "Remove this entry?" in client.get(url).content.decode()
    response = client.post(url, {"version": "1", "reason": "Recorded twice"}, follow=True)
    assert not LedgerEntry.objects.exists()
    assert "Recorded twice" in response.content.decode()


def test_a_manager_changes_the_budget(cast, client_for) -> None:
    cluster = live_cluster(cast)
    client = client_for(cast.manager)
    url = reverse("funding:budget", args=[cluster.pk])
    response = client.post(url, {"budget": "16000.00", "version": "1"})
    assert "Enter the reason for changing the budget" in response.content.decode()
    response = client.post(url, {"budget": "16000.00", "reason": "Extra travel", "version": "1"}, follow=True)
    page = response.content.decode()
    assert "The budget is now £16,000.00." in page and "Budget changed from £15,000.00 to £16,000.00" in page
    cluster.refresh_from_db()
    assert cluster.budget == Decimal("16000.00")
    assert LedgerEvent.objects.get().reason == "Extra travel"
    # The same form again (from version 1) is refused, says what the budget is now, and moves on to it.
    stale = client.post(url, {"budget": "17000.00", "reason": "More travel", "version": "1"})
    page = stale.content.decode()
    assert "There is a problem" in page and f"{STALE_MESSAGE} The budget is now £16,000.00." in page
    assert 'name="version" value="2"' in page
    assert Cluster.objects.get(pk=cluster.pk).budget == Decimal("16000.00")


def test_csv_export_and_api(cast, client_for) -> None:
    cluster = live_cluster(cast)
    services.entry_create(
        cluster=cluster,
        category=Category.RESOURCES,
        kind=Kind.SPEND,
        amount=Decimal("42.10"),
        on=dt.date(2027, 1, 2),
        description="=SUM(A1)",
        school=cast.school_a,
        by=cast.advisor,
    )
    client = client_for(cast.teacher)
    response = client.get(reverse("funding:export_csv", args=[cluster.pk]))
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert text.splitlines()[1] == "2027-01-02,Spend,Resources,42.10,,'=SUM(A1),Brookside Primary School,Ada Advisor"
    data = client.get(f"/api/v1/funding/clusters/{cluster.pk}/ledger").json()
    assert (data["budget"], data["spent"], data["remaining"]) == ("15000.00", "42.10", "14957.90")
    assert data["entries"][0]["amount"] == "42.10" and data["entries"][0]["school_urn"] == cast.school_a.urn


def test_the_ledger_page_makes_a_fixed_number_of_queries(cast, client_for, django_assert_max_num_queries) -> None:
    cluster = live_cluster(cast)
    client = client_for(cast.advisor)
    url = reverse("funding:cluster", args=[cluster.pk])
    entry(cluster, cast.advisor, "1.00")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    before = len(few.captured_queries)
    assert before <= 30
    for _ in range(10):
        entry(cluster, cast.advisor, "1.00", kind=Kind.COMMITMENT)
    with django_assert_max_num_queries(before):
        assert client.get(url).status_code == 200
