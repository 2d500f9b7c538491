"""Drop-in pages through the test client."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from uplift.clusters.tests.factories import live_cluster
from uplift.dropins.models import Booking, DropIn, DropInMode
from uplift.dropins.tests.factories import DropInFactory, cpd_topic

pytestmark = pytest.mark.django_db


def test_a_manager_schedules_with_errors_summarised(cast, client_for) -> None:
    topic = cpd_topic()
    client = client_for(cast.manager)
    response = client.post("/drop-ins/new/", {"mode": "online", "capacity": "10", "duration_minutes": "60"})
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body and "Choose a CPD topic" in body
    day = timezone.localdate() + dt.timedelta(days=10)
    response = client.post(
        "/drop-ins/new/",
        {
            "topic": topic.pk,
            "title": "PRIMM clinic",
            "date": day.isoformat(),
            "time": "16:00",
            "duration_minutes": "60",
            "mode": "in_person",
            "venue": "",
            "capacity": "10",
        },
    )
    assert "Enter the venue for an in-person drop-in" in response.content.decode()
    assert not DropIn.objects.exists()


def test_a_manager_schedules_a_monthly_series(cast, client_for) -> None:
    topic = cpd_topic()
    first = (timezone.localdate() + dt.timedelta(days=40)).replace(day=1)
    response = client_for(cast.manager).post(
        "/drop-ins/new-series/",
        {
            "topic": topic.pk,
            "title": "Monthly clinic",
            "nth": "2",
            "weekday": "1",
            "time": "16:00",
            "first_month": first.strftime("%Y-%m"),
            "months": "3",
            "duration_minutes": "60",
            "mode": "online",
            "joining_link": "https://meet.example.test/c",
            "capacity": "20",
        },
    )
    assert response.status_code == 302
    assert DropIn.objects.filter(title="Monthly clinic").count() == 3


def test_the_schedule_filters_and_booking_shows_clear_messages(cast, client_for) -> None:
    live_cluster(cast, "own")
    dropin = DropInFactory(capacity=1, title="Online PRIMM")
    DropInFactory(mode=DropInMode.IN_PERSON, joining_link="", venue="Preston hub", title="In-person pair programming")
    client = client_for(cast.teacher)
    body = client.get("/drop-ins/", {"mode": "in_person"}).content.decode()
    assert "In-person pair programming" in body and "Online PRIMM" not in body
    detail = client.get(f"/drop-ins/{dropin.pk}/").content.decode()
    assert "Book a place" in detail and "https://meet.example.test" not in detail
    response = client.post(f"/drop-ins/{dropin.pk}/book/", follow=True)
    body = response.content.decode()
    assert "You have a place at Online PRIMM" in body and "https://meet.example.test/primm" in body
    full = client_for(cast.lead).post(f"/drop-ins/{dropin.pk}/book/", follow=True).content.decode()
    assert "this drop-in is full" in full


def test_the_host_records_attendance_and_the_cluster_page_shows_it(cast, client_for) -> None:
    cluster = live_cluster(cast, "own")
    dropin = DropInFactory(starts_at=timezone.now() + dt.timedelta(days=1))
    client_for(cast.teacher).post(f"/drop-ins/{dropin.pk}/book/")
    DropIn.objects.filter(pk=dropin.pk).update(starts_at=timezone.now() - dt.timedelta(hours=3))
    booking = Booking.objects.get()
    client = client_for(cast.advisor)
    page = client.get(f"/drop-ins/{dropin.pk}/attendance/").content.decode()
    assert "Theo Teacher, Brookside Primary School" in page
    response = client.post(
        f"/drop-ins/{dropin.pk}/attendance/", {"attended": [booking.pk], "walk_ins": cast.lead.email}
    )
    assert response.status_code == 302
    page = client_for(cast.head).get(f"/clusters/{cluster.pk}/drop-ins/").content.decode()
    assert "Theo Teacher" in page and "Lena Lead" in page and "Walk-in" in page
    assert "2 places" in page  # attended by the cluster's staff


def test_attendance_before_the_start_explains_why_not(cast, client_for) -> None:
    dropin = DropInFactory()
    response = client_for(cast.manager).get(f"/drop-ins/{dropin.pk}/attendance/", follow=True)
    assert "Attendance is recorded once the drop-in has started" in response.content.decode()


def test_the_api_lists_upcoming_without_joining_links(cast, client_for) -> None:
    DropInFactory(title="API drop-in")
    data = client_for(cast.outsider).get("/api/v1/dropins").json()
    assert [d["title"] for d in data] == ["API drop-in"]
    assert "joining_link" not in data[0] and "meet.example.test" not in str(data)


def test_home_page_links_for_cluster_staff_and_advisors(cast, client_for) -> None:
    assert "CPD drop-ins" not in client_for(cast.teacher).get("/").content.decode()
    live_cluster(cast, "own")
    assert "CPD drop-ins" in client_for(cast.teacher).get("/").content.decode()
    assert "CPD drop-ins" not in client_for(cast.governor).get("/").content.decode()
    page = client_for(cast.advisor).get("/").content.decode()
    assert "CPD drop-ins" in page and "Your coaching" in page


def test_schedule_and_cluster_pages_do_not_grow_queries(cast, client_for, django_assert_max_num_queries) -> None:
    from uplift.dropins import services

    cluster = live_cluster(cast, "own")
    for _ in range(8):
        dropin = DropInFactory()
        for person in (cast.teacher, cast.lead, cast.head):
            services.booking_create(dropin=dropin, user=person)
    client = client_for(cast.teacher)
    client.get("/drop-ins/")
    with django_assert_max_num_queries(20):
        assert client.get("/drop-ins/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(f"/clusters/{cluster.pk}/drop-ins/").status_code == 200
