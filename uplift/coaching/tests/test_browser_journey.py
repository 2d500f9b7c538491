"""Browser journey for coaching and drop-ins (every page axe-checked by ``ui``): a teacher nominates
themselves; the advisor assigns a coach; the coach logs a session with private notes; the advisor sees
the hours but not the notes (and the notes page is refused); a manager schedules a drop-in; the teacher
books it; the advisor records attendance; the cluster's drop-in page shows it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from uplift.clusters.tests.factories import live_cluster
from uplift.coaching.models import Coaching
from uplift.dropins.models import Booking, DropIn
from uplift.dropins.tests.factories import current_framework
from uplift.testing.browser import UI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Nervous about presenting the new scheme to governors"


def test_coaching_stays_private_and_a_drop_in_is_booked_and_attended(ui: UI, ui_factory, cast) -> None:
    framework = current_framework()
    dimension = framework.dimensions.first()
    topic = framework.cpd_topics.first()
    cluster = live_cluster(cast, "own")

    # The teacher nominates themselves (an empty form is refused with a summary first).
    ui.sign_in(cast.teacher)
    ui.visit(f"/clusters/{cluster.pk}/coaching/")
    ui.click_and_wait("Nominate yourself for coaching")
    ui.submit("Nominate myself")
    assert "Enter what you want to work on" in ui.error_summary()
    ui.select("Which dimension is it about?", dimension.title)
    ui.fill("What do you want to work on?", "Leading colleagues through a new programming scheme")
    ui.submit("Nominate myself")
    assert "You have nominated yourself for coaching" in ui.main_text()
    coaching = Coaching.objects.get()

    # The advisor assigns a programme advisor as the coach.
    advisor = ui_factory()
    advisor.sign_in(cast.advisor)
    advisor.visit(f"/clusters/{cluster.pk}/coaching/")
    advisor.click_and_wait("Assign a coach to Theo Teacher")
    advisor.select("Coach", "Otto Advisor (advisor.b@example.test)")
    advisor.submit("Assign coach")
    assert "Otto Advisor is now Theo Teacher's coach" in advisor.main_text()

    # The coach logs a session with private notes.
    coach = ui_factory()
    coach.sign_in(cast.other_advisor)
    coach.visit("/coaching/")
    coach.click_and_wait("Theo Teacher")
    coach.click_and_wait("Log a session")
    coach.fill("Date of the session", (timezone.localdate() - dt.timedelta(days=1)).isoformat())
    coach.fill("Hours", "1.5")
    coach.fill("Your notes", NOTE)
    coach.submit("Save session")
    assert NOTE in coach.main_text()

    # The advisor sees the hours used, never the notes; the notes page is refused.
    advisor.visit(f"/clusters/{cluster.pk}/coaching/")
    text = advisor.main_text()
    assert "1.5 of 30 hours" in text and NOTE not in text
    advisor.click_and_wait("Theo Teacher")
    assert "1.5 hours" in advisor.main_text() and NOTE not in advisor.page.content()
    response = advisor.visit(f"/coaching/{coaching.pk}/notes/")
    assert response is not None and response.status == 403
    assert NOTE not in advisor.page.content()

    # A manager schedules a drop-in.
    manager = ui_factory()
    manager.sign_in(cast.manager)
    manager.visit("/drop-ins/")
    manager.click_and_wait("Schedule a drop-in")
    manager.select("CPD topic", topic.title)
    manager.fill("Title", "PRIMM clinic")
    manager.fill("Date", (timezone.localdate() + dt.timedelta(days=3)).isoformat())
    manager.fill("Start time", "16:00")
    manager.choose("Online")
    manager.fill("Joining link", "https://meet.example.test/primm-clinic")
    manager.fill("Places", "12")
    manager.submit("Schedule")
    assert "Drop-in scheduled: PRIMM clinic" in manager.main_text()

    # The teacher books a place.
    ui.visit("/drop-ins/")
    ui.click_and_wait("PRIMM clinic")
    ui.submit("Book a place")
    assert "You have a place at PRIMM clinic" in ui.main_text()
    assert Booking.objects.filter(user=cast.teacher, dropin__title="PRIMM clinic").exists()

    # After the drop-in, the advisor records attendance.
    DropIn.objects.filter(title="PRIMM clinic").update(starts_at=timezone.now() - dt.timedelta(hours=2))
    advisor.visit("/drop-ins/")
    advisor.click_and_wait(
        "Record attendance for PRIMM clinic on "
        + timezone.localtime(DropIn.objects.get(title="PRIMM clinic").starts_at).strftime("%-d %B %Y")
    )
    advisor.choose("Theo Teacher, Brookside Primary School")
    advisor.submit("Save attendance")
    assert "Attendance recorded" in advisor.main_text()

    # The cluster's drop-in page shows the teacher's attendance.
    ui.visit(f"/clusters/{cluster.pk}/drop-ins/")
    text = ui.main_text()
    assert "PRIMM clinic" in text and "Theo Teacher" in text and "1 place\n" in text
    assert Booking.objects.get(user=cast.teacher).attended is True
