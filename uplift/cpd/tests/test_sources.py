"""The activities that write verified CPD: drop-in attendance, coaching sessions, workgroup meetings, and
``cpd_backfill`` for what was recorded before the ledger existed."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from uplift.clusters.tests.factories import live_cluster
from uplift.coaching import services as coaching
from uplift.coaching.tests.factories import coaching_in, session_in
from uplift.cpd.models import Entry, SourceKind
from uplift.dropins import services as dropins
from uplift.dropins.models import Booking
from uplift.dropins.tests.factories import DropInFactory
from uplift.workgroups import services as workgroups
from uplift.workgroups.models import Meeting

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 10, 17, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _past_dropin(cast):
    live_cluster(cast)
    with time_machine.travel(NOW - dt.timedelta(days=3), tick=False):
        dropin = DropInFactory(starts_at=NOW - dt.timedelta(days=1), duration_minutes=75, title="PRIMM clinic")
        for person in (cast.teacher, cast.lead):
            dropins.booking_create(dropin=dropin, user=person)
    return dropin


def test_recording_drop_in_attendance_writes_verified_minutes_for_those_who_came(cast) -> None:
    dropin = _past_dropin(cast)
    came = Booking.objects.get(dropin=dropin, user=cast.teacher)

    dropins.attendance_record(dropin=dropin, attended={came.pk}, walk_in_emails=[cast.head.email], by=cast.advisor)

    entries = Entry.objects.active().order_by("teacher__full_name")
    assert [(e.teacher, e.minutes, e.verified, e.school, e.source_kind) for e in entries] == [
        (cast.head, 75, True, cast.school_a, SourceKind.DROPIN),
        (cast.teacher, 75, True, cast.school_a, SourceKind.DROPIN),
    ]
    assert {e.on for e in entries} == {dt.date(2027, 3, 9)}

    # Corrected: the teacher did not come after all, the lead did.
    lead = Booking.objects.get(dropin=dropin, user=cast.lead)
    head = Booking.objects.get(dropin=dropin, user=cast.head)
    dropins.attendance_record(dropin=dropin, attended={lead.pk, head.pk}, walk_in_emails=[], by=cast.advisor)

    assert set(Entry.objects.active().values_list("teacher__email", flat=True)) == {cast.lead.email, cast.head.email}
    assert Entry.objects.filter(teacher=cast.teacher).get().is_withdrawn


def test_a_coaching_session_is_the_coachees_verified_cpd(cast) -> None:
    cluster = live_cluster(cast)
    coachee = coaching_in(cluster, coachee=cast.lead, school=cast.school_a, coach=cast.advisor)

    session = coaching.coaching_session_log(
        coaching=coachee, held_on=dt.date(2027, 3, 8), hours=Decimal("1.5"), coach_notes="private", by=cast.advisor
    )
    entry = Entry.objects.get()
    assert (entry.teacher, entry.minutes, entry.school, entry.on) == (cast.lead, 90, cast.school_a, dt.date(2027, 3, 8))
    assert "private" not in entry.title and cast.advisor.full_name not in entry.title

    coaching.coaching_session_update(
        session=session,
        held_on=dt.date(2027, 3, 9),
        hours=Decimal("2"),
        coach_notes="",
        expected_version=session.version,
        by=cast.advisor,
    )
    entry.refresh_from_db()
    assert (entry.minutes, entry.on) == (120, dt.date(2027, 3, 9)) and Entry.objects.count() == 1


def test_workgroup_meetings_count_for_attending_members_once_held(cast, framework) -> None:
    cluster = live_cluster(cast)
    group = workgroups.workgroup_create(
        cluster=cluster,
        name="Programming",
        dimension_slug="teaching",
        members=[cast.teacher, cast.lead],
        by=cast.advisor,
    )
    meeting = workgroups.meeting_create(
        workgroup=group, held_on=dt.date(2027, 3, 1), stage="plan", attendees=[cast.teacher], by=cast.advisor
    )
    entry = Entry.objects.active().get()
    assert (entry.teacher, entry.minutes, entry.school) == (cast.teacher, 120, cast.school_a)
    assert [d.slug for d in entry.dimensions.all()] == ["teaching"]

    workgroups.meeting_update(
        meeting=meeting,
        held_on=dt.date(2027, 3, 1),
        stage="plan",
        attendees=[cast.lead],
        notes="",
        expected_version=meeting.version,
        by=cast.advisor,
    )
    assert list(Entry.objects.active().values_list("teacher__email", flat=True)) == [cast.lead.email]

    # A meeting still to come records nothing until it has been held.
    workgroups.meeting_create(
        workgroup=group, held_on=dt.date(2027, 4, 1), stage="implement", attendees=[cast.teacher], by=cast.advisor
    )
    assert Entry.objects.active().count() == 1


def test_cpd_backfill_records_what_was_there_before_and_is_idempotent(cast, framework) -> None:
    cluster = live_cluster(cast)
    session_in(coaching_in(cluster, coachee=cast.lead, school=cast.school_a, coach=cast.advisor), hours="1")
    group = workgroups.workgroup_create(cluster=cluster, name="Programming", members=[cast.teacher], by=cast.advisor)
    meeting = Meeting.objects.create(workgroup=group, held_on=dt.date(2027, 2, 1), stage="plan")
    meeting.attendees.set([cast.teacher])
    dropin = DropInFactory(starts_at=NOW - dt.timedelta(days=1), attendance_recorded_at=NOW)
    Booking.objects.create(dropin=dropin, user=cast.head, school=cast.school_a, cluster=cluster, attended=True)
    assert not Entry.objects.exists()

    out = io.StringIO()
    call_command("cpd_backfill", stdout=out)

    assert "Done: 3 entries" in out.getvalue()
    assert sorted(Entry.objects.values_list("source_kind", "minutes")) == [
        (SourceKind.COACHING, 60),
        (SourceKind.DROPIN, 60),
        (SourceKind.WORKGROUP_MEETING, 120),
    ]
    again = io.StringIO()
    call_command("cpd_backfill", stdout=again)
    assert "Done: 0 entries" in again.getvalue() and Entry.objects.count() == 3

    only = io.StringIO()
    call_command("cpd_backfill", "--kind", "coaching", stdout=only)
    assert "Coaching sessions: 0" in only.getvalue() and "Drop-in" not in only.getvalue()
