"""Emails about cohort applications, rendered here and sent by the background task
(``uplift.accounts.tasks.send_email``), like the accounts and Quality Mark emails."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from uplift.accounts.tasks import send_email

if TYPE_CHECKING:
    from uplift.accounts.models import User
    from uplift.cohorts.models import CohortApplication


def _send(*, to: list[User], template: str, context: dict[str, object]) -> None:
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"cohorts/emails/{template}_subject.txt", context).split())
    for person in to:
        body = render_to_string(f"cohorts/emails/{template}.txt", {**context, "person": person})
        send_email.enqueue(to=[person.email], subject=subject, body=body)


def _school_page(application: CohortApplication) -> str:
    return settings.SITE_URL + reverse("cohorts:school", args=[application.school.urn])


def email_application_received(*, application: CohortApplication) -> None:
    """Confirm to the applicant that the application is in (and whether it waits for consent)."""
    if application.applied_by is None:
        return
    _send(
        to=[application.applied_by],
        template="application_received",
        context={"application": application, "link": _school_page(application)},
    )


def email_consent_requested(*, application: CohortApplication, to: list[User]) -> None:
    """Ask the school's senior leaders to consent to the application."""
    _send(
        to=to,
        template="consent_requested",
        context={"application": application, "link": _school_page(application)},
    )


def email_consent_given(*, application: CohortApplication) -> None:
    """Tell the applicant a senior leader consented (unless they consented themselves)."""
    if application.applied_by is None or application.applied_by_id == application.consent_by_id:
        return
    _send(
        to=[application.applied_by],
        template="consent_given",
        context={"application": application, "link": _school_page(application)},
    )
