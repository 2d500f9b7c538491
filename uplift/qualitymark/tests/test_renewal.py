"""Renewal: from the award's last 6 months (or after it has expired) the school applies again from its
current judgements; the application names the award it renews and the new award follows on."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from uplift.qualitymark.models import Application, AuditAction, Award
from uplift.qualitymark.selectors import register
from uplift.qualitymark.services import ApplicationError, award_reminders_send, awards_expire
from uplift.testing.cast import Cast

from .helpers import decide, make_experienced, submit

pytestmark = pytest.mark.django_db


def on(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC), tick=False)


@pytest.fixture
def first(cast: Cast, eligible: Cast) -> Award:
    with on(dt.date(2027, 3, 15)):
        decide(submit(cast.school_a, cast.lead))
    return Award.objects.get()  # valid until 14 March 2030


def test_renewal_opens_six_months_before_expiry(cast: Cast, first: Award, client_for) -> None:
    page_url = reverse("qualitymark:school", args=[cast.school_a.urn])
    with on(dt.date(2029, 9, 13)):
        with pytest.raises(ApplicationError, match="from 14 September 2029"):
            submit(cast.school_a, cast.lead)
        page = client_for(cast.head).get(page_url).text
        assert "You can renew your Quality Mark from 14 September 2029" in page
        assert "Renew the Quality Mark" not in page
        assert (
            "Submit the renewal"
            not in client_for(cast.head).get(reverse("qualitymark:apply", args=[cast.school_a.urn])).text
        )
    with on(dt.date(2029, 9, 14)):
        page = client_for(cast.head).get(page_url).text
        assert "Renew the Quality Mark" in page
        response = client_for(cast.head).post(
            reverse("qualitymark:apply", args=[cast.school_a.urn]),
            {"statement": "Still going strong.", "consent_to_publish": "on"},
        )
    assert response.status_code == 302
    renewal = Application.objects.latest("pk")
    assert renewal.renews == first
    assert "Renews award" in renewal.audit_events.get(action=AuditAction.SUBMITTED).detail


def test_the_renewed_award_follows_on_and_replaces_the_old_one(cast: Cast, first: Award, client_for) -> None:
    make_experienced(cast.assessor)
    with on(dt.date(2029, 10, 1)):
        renewal = decide(submit(cast.school_a, cast.lead))
    second = renewal.award

    assert renewal.renews == first
    assert second.awarded_on == dt.date(2029, 10, 1)
    assert second.expires_on == dt.date(2033, 3, 14)  # 3 years from the day after the first ends
    with on(dt.date(2030, 2, 20)):
        assert [a.number for a in register()] == [second.number]  # listed once
        assert award_reminders_send() == 0  # the old award needs no reminder any more
        page = client_for(cast.lead).get(reverse("qualitymark:school", args=[cast.school_a.urn])).text
        assert second.number in page
        assert "You can renew your Quality Mark from 14 September 2032" in page
    api = client_for(cast.manager).get(f"/api/v1/quality-mark/applications/{renewal.pk}").json()
    assert api["renews_award"] == first.number


def test_after_expiry_the_school_is_told_and_can_renew(
    cast: Cast, first: Award, client_for, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    with on(dt.date(2030, 3, 15)), django_capture_on_commit_callbacks(execute=True):
        assert awards_expire() == 1
        page = client_for(cast.head).get(reverse("qualitymark:school", args=[cast.school_a.urn])).text
        renewal = submit(cast.school_a, cast.lead)

    assert sorted(m.to[0] for m in mail.outbox if m.subject == "Your Uplift Quality Mark has expired") == sorted(
        [cast.lead.email, cast.head.email]
    )
    assert "expired on 14 March 2030" in page and "Renew the Quality Mark" in page
    assert renewal.renews == first
