import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from uplift.qualitymark.models import AuditAction, Award, AwardReminder, add_months
from uplift.qualitymark.services import ApplicationError, award_reminders_send, award_revoke
from uplift.testing.cast import Cast

from .helpers import decide, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(cast: Cast, eligible: Cast) -> Award:
    with time_machine.travel(dt.datetime(2027, 3, 15, 10, tzinfo=dt.UTC), tick=False):
        decide(submit(cast.school_a, cast.lead))
    return Award.objects.get()  # expires 14 March 2030


def run_daily_on(day: dt.date, django_capture_on_commit_callbacks) -> None:
    """The daily command on ``day`` (tasks run immediately in tests)."""
    with (
        time_machine.travel(dt.datetime.combine(day, dt.time(6), tzinfo=dt.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("qualitymark_daily", stdout=io.StringIO())


def reminder_subjects() -> list[str]:
    return [message.subject for message in mail.outbox if "expires in" in message.subject]


def test_reminders_go_to_the_school_leaders_at_6_3_and_1_months_once_each(
    cast: Cast, award: Award, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    for day in (
        dt.date(2029, 9, 13),  # the day before 6 months: nothing
        dt.date(2029, 9, 14),  # 6 months before
        dt.date(2029, 9, 15),  # the next day: not again
        dt.date(2029, 12, 14),  # 3 months
        dt.date(2030, 2, 14),  # 1 month
        dt.date(2030, 2, 20),
    ):
        run_daily_on(day, django_capture_on_commit_callbacks)

    assert reminder_subjects() == [
        "Your Uplift Quality Mark expires in 6 months",
        "Your Uplift Quality Mark expires in 6 months",
        "Your Uplift Quality Mark expires in 3 months",
        "Your Uplift Quality Mark expires in 3 months",
        "Your Uplift Quality Mark expires in 1 month",
        "Your Uplift Quality Mark expires in 1 month",
    ]  # each to the lead and the head
    recipients = {address for message in mail.outbox if "expires in" in message.subject for address in message.to}
    assert recipients == {cast.lead.email, cast.head.email}
    assert sorted(AwardReminder.objects.values_list("months", flat=True)) == [1, 3, 6]
    assert award.application.audit_events.filter(action=AuditAction.REMINDED).count() == 3


def test_a_missed_run_sends_only_the_most_urgent_reminder(award: Award) -> None:
    assert award_reminders_send(today=dt.date(2030, 2, 20)) == 1
    assert award_reminders_send(today=dt.date(2030, 2, 21)) == 0

    assert list(AwardReminder.objects.values_list("months", flat=True)) == [1]


def test_expiry_is_recorded_in_the_audit_trail_once(award: Award, django_capture_on_commit_callbacks) -> None:
    run_daily_on(dt.date(2030, 3, 14), django_capture_on_commit_callbacks)
    assert not award.application.audit_events.filter(action=AuditAction.EXPIRED).exists()

    run_daily_on(dt.date(2030, 3, 15), django_capture_on_commit_callbacks)
    run_daily_on(dt.date(2030, 3, 16), django_capture_on_commit_callbacks)

    assert award.application.audit_events.filter(action=AuditAction.EXPIRED).count() == 1


def test_revoked_awards_get_no_reminders(cast: Cast, award: Award) -> None:
    award_revoke(award=award, reason="Evidence found to be copied", by=cast.manager)

    assert award_reminders_send(today=dt.date(2030, 2, 20)) == 0
    assert award.application.audit_events.get(action=AuditAction.REVOKED).by == cast.manager
    with pytest.raises(ApplicationError):
        award_revoke(award=award, reason="Again", by=cast.manager)


def test_months_arithmetic_keeps_the_day_or_uses_the_months_last() -> None:
    assert add_months(dt.date(2030, 3, 31), -1) == dt.date(2030, 2, 28)
    assert add_months(dt.date(2030, 1, 14), -6) == dt.date(2029, 7, 14)
    assert add_months(dt.date(2029, 11, 30), 3) == dt.date(2030, 2, 28)


def test_a_manager_revokes_an_award_from_its_page(cast: Cast, award: Award, client_for) -> None:
    url = reverse("qualitymark:revoke", args=[award.application.pk])
    assert client_for(cast.assessor).post(url, {"reason": "x"}).status_code == 403

    empty = client_for(cast.manager).post(url, {"reason": ""})
    response = client_for(cast.manager).post(url, {"reason": "Evidence found to be copied"})

    award.refresh_from_db()
    assert "Enter the reason for revoking the award" in empty.text
    assert response.status_code == 302
    assert award.is_revoked and award.revoked_reason == "Evidence found to be copied"
    assert client_for(cast.manager).get(url).status_code == 404  # nothing left to revoke


def test_the_daily_command_queues_a_real_background_task() -> None:
    from django.tasks import Task

    from uplift.qualitymark.tasks import quality_mark_daily

    out = io.StringIO()
    call_command("qualitymark_daily", stdout=out)

    assert isinstance(quality_mark_daily, Task)
    assert "Queued the Quality Mark daily task" in out.getvalue()
