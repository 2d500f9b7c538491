"""CPD ledger pages through the test client: My CPD, claiming, withdrawing, a school's staff, the programme."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from uplift.cpd.models import Entry
from uplift.cpd.tests.factories import ClaimFactory, EntryFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 10, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_my_cpd_shows_this_years_totals_and_trained(cast, client_for) -> None:
    EntryFactory(teacher=cast.teacher, school=cast.school_a, minutes=240, title="PRIMM drop-in")
    ClaimFactory(teacher=cast.teacher, school=cast.school_a, minutes=60, title="Micro:bit day", on=dt.date(2027, 1, 9))
    EntryFactory(teacher=cast.teacher, minutes=30, on=dt.date(2025, 10, 1), title="Old session")

    body = client_for(cast.teacher).get(reverse("cpd:mine")).content.decode()

    assert "2026/27 (this year)" in body and "2025/26" in body
    assert "5 h" in body and "Trained" in body
    assert "PRIMM drop-in" in body and "Micro:bit day" in body and "Old session" in body
    assert "Not yet: 270 minutes to go" in body  # 2025/26


def test_my_cpd_never_shows_someone_elses_entries(cast, client_for) -> None:
    ClaimFactory(teacher=cast.lead, title="The lead's own course")
    body = client_for(cast.teacher).get(reverse("cpd:mine")).content.decode()
    assert "The lead's own course" not in body


def test_my_cpd_takes_a_fixed_number_of_queries(cast, client_for, django_assert_max_num_queries) -> None:
    client = client_for(cast.teacher)
    for index in range(12):
        EntryFactory(teacher=cast.teacher, school=cast.school_a, on=dt.date(2026, 9, 1) + dt.timedelta(days=index))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("cpd:mine"))
    assert response.content.decode().count("Verified</strong>") == 12


def test_a_claim_with_errors_shows_the_summary_and_writes_nothing(cast, client_for) -> None:
    response = client_for(cast.teacher).post(reverse("cpd:claim"), {"title": "", "minutes": "5", "on": "2027-04-01"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "<title>Error:" in body
    assert "Enter the title of the CPD" in body and "Enter who ran the CPD" in body
    assert "Enter a length of at least 15 minutes" in body
    assert not Entry.objects.exists()


def test_a_future_date_is_refused_by_the_service_on_the_form(cast, client_for) -> None:
    response = client_for(cast.teacher).post(
        reverse("cpd:claim"), {"title": "Course", "provider": "Hub", "minutes": "60", "on": "2027-03-11"}
    )
    assert "The date must be today or in the past" in response.content.decode()
    assert not Entry.objects.exists()


def test_a_teacher_claims_and_withdraws_external_cpd(cast, client_for) -> None:
    client = client_for(cast.teacher)
    response = client.post(
        reverse("cpd:claim"),
        {
            "title": "Teaching with Scratch",
            "provider": "A hub",
            "minutes": "90",
            "on": "2027-03-01",
            "school": cast.school_a.pk,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("cpd:mine")
    entry = Entry.objects.get()
    assert (entry.teacher, entry.verified, entry.minutes, entry.school) == (cast.teacher, False, 90, cast.school_a)

    assert "Withdraw “Teaching with Scratch”?" in client.get(reverse("cpd:withdraw", args=[entry.pk])).content.decode()
    response = client.post(reverse("cpd:withdraw", args=[entry.pk]))

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_withdrawn
    page = client.get(reverse("cpd:mine")).content.decode()
    assert "is withdrawn and no longer counts" in page  # the message, once
    assert '<th scope="row" class="u-table__header">Teaching with Scratch' not in page


def test_a_verified_entry_cannot_be_withdrawn(cast, client_for) -> None:
    entry = EntryFactory(teacher=cast.teacher)
    assert client_for(cast.teacher).post(reverse("cpd:withdraw", args=[entry.pk])).status_code == 403
    assert not Entry.objects.get().is_withdrawn


def test_a_school_lead_sees_their_staffs_cpd_for_the_chosen_year(cast, client_for) -> None:
    EntryFactory(teacher=cast.teacher, school=cast.school_a, minutes=300)
    ClaimFactory(teacher=cast.head, school=cast.school_a, minutes=45, on=dt.date(2025, 11, 1))
    client = client_for(cast.lead)

    body = client.get(reverse("cpd:school", args=[cast.school_a.urn])).content.decode()
    assert "Staff CPD in 2026/27" in body and "Theo Teacher" in body and "Hari Head" not in body
    assert "1 of 1 (1 on verified time alone)" in body

    body = client.get(reverse("cpd:school", args=[cast.school_a.urn]), {"year": "2025"}).content.decode()
    assert "Staff CPD in 2025/26" in body and "Hari Head" in body and "Theo Teacher" not in body


def test_the_staff_page_takes_a_fixed_number_of_queries(cast, client_for, django_assert_max_num_queries) -> None:
    client = client_for(cast.lead)
    for teacher in (cast.teacher, cast.head, cast.lead, cast.governor):
        EntryFactory.create_batch(3, teacher=teacher, school=cast.school_a)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("cpd:school", args=[cast.school_a.urn]))
    assert response.content.decode().count('scope="row"') == 4


def test_the_school_export_lists_every_entry_of_the_year(cast, client_for) -> None:
    EntryFactory(teacher=cast.teacher, school=cast.school_a, minutes=60, title="Drop-in")
    ClaimFactory(teacher=cast.teacher, school=cast.school_a, minutes=30, title="Claimed")
    response = client_for(cast.head).get(reverse("cpd:school_csv", args=[cast.school_a.urn]), {"year": "2026"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert (
        response["Content-Disposition"].startswith("attachment")
        and "cpd-100001-2026-27.csv" in response["Content-Disposition"]
    )
    assert lines[0].startswith("Teacher,Date,Title")
    assert len(lines) == 3 and "Self-reported" in response.content.decode()


def test_the_programme_page_reports_verified_and_self_reported_apart(cast, client_for) -> None:
    EntryFactory(teacher=cast.teacher, school=cast.school_a, minutes=300)
    ClaimFactory(teacher=cast.lead_b, school=cast.school_b, minutes=300)
    body = client_for(cast.manager).get(reverse("cpd:programme")).content.decode()
    assert "CPD totals for 2026/27" in body and "England" in body
    # Verified 5 h; with self-reported 10 h.
    assert "5 h</td>" in body and "10 h</td>" in body

    body = client_for(cast.manager_b).get(reverse("cpd:programme")).content.decode()
    assert "Your region" in body and "10 h" not in body


def test_the_api_gives_my_record_and_takes_a_claim(cast, client_for) -> None:
    client = client_for(cast.teacher)
    EntryFactory(teacher=cast.teacher, school=cast.school_a, minutes=240)
    response = client.post(
        "/api/v1/cpd/me/claims",
        {
            "title": "Online course",
            "provider": "MOOC",
            "on": "2027-02-01",
            "minutes": 60,
            "school_urn": cast.school_a.urn,
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["verified"] is False

    record = client.get("/api/v1/cpd/me").json()
    assert record["years"][0]["label"] == "2026/27"
    assert record["years"][0]["minutes"] == {
        "verified": 240,
        "self_reported": 60,
        "total": 300,
        "trained": True,
        "trained_verified": False,
    }

    refused = client.post(
        "/api/v1/cpd/me/claims",
        {
            "title": "Online course",
            "provider": "MOOC",
            "on": "2027-02-01",
            "minutes": 60,
            "school_urn": cast.school_b.urn,
        },
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["errors"]["school"] == ["Choose one of your own schools"]
