"""The bespoke days pages through the test client: logging a day (with a cost), days remaining, the
allowance message, "other" without a description, what member staff see, and the API."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from uplift.bespoke.models import BespokeDay, DayType, Length
from uplift.clusters.tests.factories import live_cluster
from uplift.funding.models import Category, LedgerEntry
from uplift.lib.versioning import STALE_MESSAGE

DAY = {
    "on": "2027-02-10",
    "day_type": DayType.EMBEDDING_PEDAGOGY,
    "length": Length.FULL,
    "delivered_by": "Ada Advisor",
    "notes": "Worked with Year 5 on pair programming.",
}


def test_the_advisor_logs_a_day_and_sees_the_days_remaining(cast, client_for) -> None:
    cluster = live_cluster(cast)
    client = client_for(cast.advisor)
    response = client.post(
        reverse("bespoke:add", args=[cluster.pk]),
        {**DAY, "school": cast.school_a.pk, "is_output_day": "on", "cost": "650.00"},
        follow=True,
    )
    page = response.content.decode()
    assert "8 of 9 days remaining (2 of 3 output days)" in page
    assert "Embedding pedagogy" in page and "Output day" in page and "£650.00" in page
    day = BespokeDay.objects.get()
    assert day.is_output_day and day.ledger_entry.category == Category.BESPOKE_DAYS


def test_other_needs_a_description_and_the_allowance_is_explained(cast, client_for) -> None:
    cluster = live_cluster(cast, bespoke_days=1)
    client = client_for(cast.advisor)
    url = reverse("bespoke:add", args=[cluster.pk])
    page = client.post(url, {**DAY, "school": cast.school_a.pk, "day_type": DayType.OTHER}).content.decode()
    assert "There is a problem" in page and "Describe the day, as its type is “Other”" in page
    client.post(url, {**DAY, "school": cast.school_a.pk})
    page = client.post(url, {**DAY, "school": cast.school_a.pk, "length": Length.HALF}).content.decode()
    assert "This would use 1.5 of the cluster&#x27;s 1 bespoke days: only 0 days are left" in page
    assert BespokeDay.objects.count() == 1


def test_member_staff_read_the_days_without_controls(cast, client_for) -> None:
    cluster = live_cluster(cast)
    BespokeDay.objects.create(
        cluster=cluster, school=cast.school_a, on="2027-01-05", day_type=DayType.SUBJECT_TEAM, delivered_by="Ada"
    )
    page = client_for(cast.teacher).get(reverse("bespoke:cluster", args=[cluster.pk])).content.decode()
    assert "Subject-team meeting" in page and "1 of 9" in page
    assert "Log a bespoke day" not in page and "Remove" not in page
    data = client_for(cast.teacher).get(f"/api/v1/bespoke/clusters/{cluster.pk}/days").json()
    assert (data["used"], data["remaining"], data["days"][0]["type"]) == ("1", "8", "subject_team")


def test_removing_a_day_removes_its_cost(cast, client_for) -> None:
    cluster = live_cluster(cast)
    client = client_for(cast.advisor)
    client.post(reverse("bespoke:add", args=[cluster.pk]), {**DAY, "school": cast.school_a.pk, "cost": "100"})
    day = BespokeDay.objects.get()
    response = client.post(reverse("bespoke:delete", args=[cluster.pk, day.pk]), {"version": "1"}, follow=True)
    assert "Bespoke day removed" in response.content.decode()
    assert not BespokeDay.objects.exists() and not LedgerEntry.objects.exists()
    assert Decimal(0) == sum(e.amount for e in LedgerEntry.objects.all())


def test_the_days_page_makes_a_fixed_number_of_queries(cast, client_for, django_assert_max_num_queries) -> None:
    cluster = live_cluster(cast)
    client = client_for(cast.advisor)
    url = reverse("bespoke:cluster", args=[cluster.pk])
    client.post(reverse("bespoke:add", args=[cluster.pk]), {**DAY, "school": cast.school_a.pk, "cost": "5"})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    before = len(few.captured_queries)
    assert before <= 30
    for _ in range(5):
        client.post(reverse("bespoke:add", args=[cluster.pk]), {**DAY, "school": cast.school_a.pk, "cost": "5"})
    assert BespokeDay.objects.count() == 6
    with django_assert_max_num_queries(before):
        assert client.get(url).status_code == 200


def test_a_stale_edit_keeps_what_was_typed_and_says_what_changed(cast, client_for) -> None:
    cluster = live_cluster(cast)
    client = client_for(cast.advisor)
    client.post(reverse("bespoke:add", args=[cluster.pk]), {**DAY, "school": cast.school_a.pk})
    day = BespokeDay.objects.get()
    url = reverse("bespoke:edit", args=[cluster.pk, day.pk])
    client.post(url, {**DAY, "school": cast.school_a.pk, "length": Length.HALF, "version": "1"})
    page = client.post(url, {**DAY, "school": cast.school_a.pk, "notes": "My notes", "version": "1"}).content.decode()
    assert STALE_MESSAGE in page and "(half a day)" in page and "My notes" in page
    assert 'name="version" value="2"' in page
    day.refresh_from_db()
    assert (day.length, day.version) == (Length.HALF, 2)
