"""Emails about Quality Mark applications, rendered here (in the request) and sent by the background task
(``uplift.accounts.tasks.send_email``), like the accounts emails."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from uplift.accounts.models import SCHOOL_MANAGE_ROLE, User
from uplift.accounts.tasks import send_email

if TYPE_CHECKING:
    from uplift.qualitymark.models import Application, Award
    from uplift.schools.models import School


def _send(*, to: list[User], template: str, context: dict[str, object]) -> None:
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"qualitymark/emails/{template}_subject.txt", context).split())
    for person in to:
        body = render_to_string(f"qualitymark/emails/{template}.txt", {**context, "person": person})
        send_email.enqueue(to=[person.email], subject=subject, body=body)


def _leaders(school: School) -> list[User]:
    """The school's senior leaders and leads."""
    return list(
        User.objects.filter(
            is_active=True, school_memberships__school=school, school_memberships__role__gte=SCHOOL_MANAGE_ROLE
        ).distinct()
    )


def email_submitted(*, application: Application, hub_leads: list[User]) -> None:
    """Tell the school's hub lead(s) that the school has applied."""
    _send(to=hub_leads, template="submitted", context={"application": application, "school": application.school})


def email_allocated(*, application: Application) -> None:
    """Tell the assessor they have an application to review, and by when."""
    if application.assessor is None:
        return
    link = settings.SITE_URL + reverse("qualitymark:review", args=[application.pk])
    _send(to=[application.assessor], template="allocated", context={"application": application, "link": link})


def email_decided(*, application: Application) -> None:
    """Tell the school's leaders that the decision is ready (what it is, they read on the site)."""
    link = settings.SITE_URL + reverse("qualitymark:school", args=[application.school.urn])
    _send(to=_leaders(application.school), template="decided", context={"application": application, "link": link})


def email_expiry_reminder(*, award: Award, months: int) -> None:
    """Remind the school's leaders that the award expires in ``months`` months, and how to renew."""
    link = settings.SITE_URL + reverse("qualitymark:school", args=[award.school.urn])
    _send(
        to=_leaders(award.school), template="expiry_reminder", context={"award": award, "months": months, "link": link}
    )


def email_expired(*, award: Award) -> None:
    """Tell the school's leaders that the award has expired, and that they can apply to renew it."""
    link = settings.SITE_URL + reverse("qualitymark:school", args=[award.school.urn])
    _send(to=_leaders(award.school), template="expired", context={"award": award, "link": link})


def email_disagreement(*, application: Application, managers: list[User]) -> None:
    """Ask the programme managers for the school's region to settle a moderation disagreement."""
    link = settings.SITE_URL + reverse("qualitymark:review", args=[application.pk])
    _send(to=managers, template="disagreement", context={"application": application, "link": link})


def email_moderation(*, application: Application) -> None:
    """Ask the moderator for a second look at a proposed decision."""
    if application.moderator is None:
        return
    link = settings.SITE_URL + reverse("qualitymark:review", args=[application.pk])
    _send(to=[application.moderator], template="moderation", context={"application": application, "link": link})
