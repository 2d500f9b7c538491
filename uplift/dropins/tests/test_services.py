"""Drop-in services: scheduling (one, a series), booking within capacity, cancelling, attendance."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from uplift.clusters.models import ClusterStatus
from uplift.clusters.tests.factories import live_cluster
from uplift.dropins import services
from uplift.dropins.models import Booking, BookingStatus, DropIn, DropInMode, DropInStatus
from uplift.dropins.selectors import cluster_bookings, dropin_usage, upcoming
from uplift.dropins.services import DropInDraft
from uplift.dropins.tests.factories import DropInFactory, cpd_topic
from uplift.lib.versioning import StaleEdit

pytestmark = pytest.mark.django_db


def draft(**overrides) -> DropInDraft:
    values = {
        "topic": cpd_topic(),
        "title": "Putting PRIMM into practice",
        "description": "",
        "starts_at": timezone.now() + dt.timedelta(days=3),
        "duration_minutes": 60,
        "mode": DropInMode.ONLINE,
        "joining_link": "https://meet.example.test/x",
        "venue": "",
        "capacity": 2,
        "host": None,
    }
    return DropInDraft(**{**values, **overrides})


class TestSchedule:
    def test_a_manager_schedules_a_drop_in(self, cast) -> None:
        dropin = services.dropin_create(draft=draft(venue="ignored for online"), by=cast.manager)
        assert dropin.status == DropInStatus.SCHEDULED and dropin.venue == "" and dropin.booked == 0

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"title": " "}, "title"),
            ({"starts_at": timezone.now() - dt.timedelta(hours=1)}, "starts_at"),
            ({"joining_link": ""}, "joining_link"),
            ({"joining_link": "http://insecure.example.test"}, "joining_link"),
            ({"mode": DropInMode.IN_PERSON, "joining_link": ""}, "venue"),
            ({"capacity": 0}, "capacity"),
            ({"duration_minutes": 5}, "duration_minutes"),
        ],
    )
    def test_bad_values_are_refused_per_field(self, cast, overrides, field) -> None:
        with pytest.raises(ValidationError) as exc:
            services.dropin_create(draft=draft(**overrides), by=cast.manager)
        assert field in exc.value.message_dict

    def test_the_host_is_a_manager_or_an_advisor(self, cast) -> None:
        services.dropin_create(draft=draft(host=cast.advisor), by=cast.manager)
        with pytest.raises(ValidationError) as exc:
            services.dropin_create(draft=draft(host=cast.teacher), by=cast.manager)
        assert "host" in exc.value.message_dict

    def test_series_dates_are_the_nth_weekday_of_each_month(self) -> None:
        dates = services.series_dates(first_month=dt.date(2027, 1, 1), months=3, weekday=1, nth=2, at=dt.time(16, 0))
        assert [timezone.localtime(d).strftime("%Y-%m-%d %H:%M") for d in dates] == [
            "2027-01-12 16:00",
            "2027-02-09 16:00",
            "2027-03-09 16:00",
        ]
        last = services.series_dates(first_month=dt.date(2027, 1, 1), months=1, weekday=4, nth=-1, at=dt.time(9))
        assert timezone.localtime(last[0]).date() == dt.date(2027, 1, 29)

    def test_a_monthly_series_is_created_together(self, cast) -> None:
        first = (timezone.localdate() + dt.timedelta(days=40)).replace(day=1)
        created = services.dropin_create_series(
            draft=draft(starts_at=None), first_month=first, months=4, weekday=1, nth=2, at=dt.time(16), by=cast.manager
        )
        assert len(created) == 4 and len({d.series for d in created}) == 1
        assert all(timezone.localtime(d.starts_at).weekday() == 1 for d in created)

    def test_a_series_starting_in_the_past_is_refused(self, cast) -> None:
        with pytest.raises(ValidationError) as exc:
            services.dropin_create_series(
                draft=draft(starts_at=None),
                first_month=dt.date(2020, 1, 1),
                months=2,
                weekday=1,
                nth=2,
                at=dt.time(16),
                by=cast.manager,
            )
        assert "first_month" in exc.value.message_dict
        assert not DropIn.objects.exists()

    def test_capacity_cannot_drop_below_the_places_booked(self, cast) -> None:
        live_cluster(cast, "own")
        dropin = DropInFactory(capacity=5)
        services.booking_create(dropin=dropin, user=cast.teacher)
        services.booking_create(dropin=dropin, user=cast.lead)
        with pytest.raises(ValidationError) as exc:
            services.dropin_update(dropin=dropin, draft=draft(capacity=1), expected_version=1, by=cast.manager)
        assert exc.value.message_dict["capacity"] == [
            "2 places are already booked: the capacity cannot be lower than that"
        ]

    def test_a_stale_edit_is_refused(self, cast) -> None:
        dropin = DropInFactory()
        services.dropin_update(dropin=dropin, draft=draft(title="New"), expected_version=1, by=cast.manager)
        with pytest.raises(StaleEdit):
            services.dropin_update(dropin=dropin, draft=draft(title="Mine"), expected_version=1, by=cast.manager)

    def test_cancelling_emails_the_people_booked(self, cast, mailoutbox, django_capture_on_commit_callbacks) -> None:
        live_cluster(cast, "own")
        dropin = DropInFactory()
        services.booking_create(dropin=dropin, user=cast.teacher)
        with django_capture_on_commit_callbacks(execute=True):
            services.dropin_cancel(dropin=dropin, reason="Host unwell", expected_version=1, by=cast.manager)
        dropin.refresh_from_db()
        assert dropin.is_cancelled
        assert [m.to for m in mailoutbox] == [[cast.teacher.email]]
        assert "Host unwell" in mailoutbox[0].body and "Cancelled:" in mailoutbox[0].subject


class TestBooking:
    @pytest.fixture
    def cluster(self, cast):
        return live_cluster(cast, "own")

    def test_staff_of_a_running_cluster_book_and_the_booking_records_their_cluster(self, cast, cluster) -> None:
        dropin = DropInFactory()
        booking = services.booking_create(dropin=dropin, user=cast.teacher)
        assert (booking.school, booking.cluster, booking.status) == (cast.school_a, cluster, BookingStatus.BOOKED)
        dropin.refresh_from_db()
        assert dropin.booked == 1

    @pytest.mark.parametrize("role", ["governor", "teacher_b", "advisor", "manager", "outsider"])
    def test_others_may_not_book(self, cast, cluster, role) -> None:
        with pytest.raises(ValidationError, match="running Computing Cluster"):
            services.booking_create(dropin=DropInFactory(), user=getattr(cast, role))

    def test_not_through_a_finished_cluster(self, cast, cluster) -> None:
        cluster.status = ClusterStatus.FINISHED
        cluster.save()
        with pytest.raises(ValidationError):
            services.booking_create(dropin=DropInFactory(), user=cast.teacher)

    def test_a_full_drop_in_is_refused_clearly(self, cast, cluster) -> None:
        dropin = DropInFactory(capacity=2)
        services.booking_create(dropin=dropin, user=cast.teacher)
        services.booking_create(dropin=dropin, user=cast.lead)
        with pytest.raises(ValidationError, match="this drop-in is full: all 2 places have been booked"):
            services.booking_create(dropin=dropin, user=cast.head)
        assert Booking.objects.filter(dropin=dropin).count() == 2

    def test_the_conditional_update_holds_even_with_a_stale_object(self, cast, cluster) -> None:
        # Someone else took the last place after this request loaded the drop-in: the count in the
        # database decides, not the stale object.
        dropin = DropInFactory(capacity=1)
        DropIn.objects.filter(pk=dropin.pk).update(booked=1)
        assert dropin.booked == 0
        with pytest.raises(ValidationError, match="full"):
            services.booking_create(dropin=dropin, user=cast.teacher)

    def test_twice_is_refused_and_cancelling_frees_the_place(self, cast, cluster) -> None:
        dropin = DropInFactory(capacity=1)
        services.booking_create(dropin=dropin, user=cast.teacher)
        with pytest.raises(ValidationError, match="already have a place"):
            services.booking_create(dropin=dropin, user=cast.teacher)
        services.booking_cancel(dropin=dropin, user=cast.teacher)
        services.booking_create(dropin=dropin, user=cast.lead)
        with pytest.raises(ValidationError, match="full"):
            services.booking_create(dropin=dropin, user=cast.teacher)
        assert DropIn.objects.get(pk=dropin.pk).booked == 1

    def test_booking_again_after_cancelling_reuses_the_row(self, cast, cluster) -> None:
        dropin = DropInFactory()
        services.booking_create(dropin=dropin, user=cast.teacher)
        services.booking_cancel(dropin=dropin, user=cast.teacher)
        services.booking_create(dropin=dropin, user=cast.teacher)
        assert Booking.objects.get().status == BookingStatus.BOOKED

    def test_not_after_it_has_started_or_when_cancelled(self, cast, cluster) -> None:
        with pytest.raises(ValidationError, match="already started"):
            services.booking_create(
                dropin=DropInFactory(starts_at=timezone.now() - dt.timedelta(minutes=5)), user=cast.teacher
            )
        with pytest.raises(ValidationError, match="cancelled"):
            services.booking_create(dropin=DropInFactory(status=DropInStatus.CANCELLED), user=cast.teacher)


class TestAttendance:
    def test_the_host_ticks_who_came_and_adds_walk_ins(self, cast) -> None:
        cluster = live_cluster(cast, "own")
        dropin = DropInFactory()
        came = services.booking_create(dropin=dropin, user=cast.teacher)
        absent = services.booking_create(dropin=dropin, user=cast.lead)
        with pytest.raises(ValidationError, match="once the drop-in has started"):
            services.attendance_record(dropin=dropin, attended={came.pk}, walk_in_emails=[], by=cast.advisor)
        DropIn.objects.filter(pk=dropin.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
        with pytest.raises(ValidationError) as exc:
            services.attendance_record(
                dropin=dropin,
                attended={came.pk},
                walk_in_emails=["nobody@example.test", cast.teacher_b.email],
                by=cast.advisor,
            )
        assert exc.value.message_dict["walk_ins"] == [
            "nobody@example.test has no Uplift account",
            f"{cast.teacher_b.email} is not on the staff of a school in a running cluster",
        ]
        services.attendance_record(
            dropin=dropin, attended={came.pk}, walk_in_emails=[cast.head.email.upper()], by=cast.advisor
        )
        came.refresh_from_db()
        absent.refresh_from_db()
        walk_in = Booking.objects.get(user=cast.head)
        assert (came.attended, absent.attended) == (True, False)
        assert walk_in.status == BookingStatus.WALK_IN and walk_in.attended and walk_in.cluster == cluster
        usage = dropin_usage(cluster)
        assert (usage.used, usage.allowance) == (2, None)
        assert usage.unit == "attendances" and usage.detail.startswith("by 2 people")
        assert {b.user for b in cluster_bookings(cluster)} == {cast.teacher, cast.lead, cast.head}


def test_upcoming_filters_by_topic_and_mode_and_keeps_drop_ins_in_progress(cast) -> None:
    online = DropInFactory()
    in_person = DropInFactory(mode=DropInMode.IN_PERSON, joining_link="", venue="Hub school")
    running = DropInFactory(starts_at=timezone.now() - dt.timedelta(minutes=30))
    DropInFactory(starts_at=timezone.now() - dt.timedelta(hours=2))
    assert upcoming() == [running, online, in_person]
    assert upcoming(mode=DropInMode.IN_PERSON) == [in_person]
    assert upcoming(topic="nothing") == []
