"""Emails about accounts, rendered from templates/emails/<name>_subject.txt and <name>.txt.

Rendering happens here, in the request; sending happens in the ``send_email`` background task.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from uplift.accounts.models import Invitation, JoinRequest, User
from uplift.accounts.tasks import send_email


def absolute_url(path: str) -> str:
    """A link for an email: emails are read outside the site, so links carry the site's address."""
    return settings.SITE_URL + path


def send_templated(*, to: list[str], template: str, context: dict[str, object]) -> None:
    """Render ``emails/<template>`` and queue it for sending."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}.txt", context)
    send_email.enqueue(to=to, subject=subject, body=body)


def email_join_request_made(*, join_request: JoinRequest, deciders: list[User]) -> None:
    link = absolute_url(reverse("accounts:join_request_decide", args=[join_request.pk]))
    for person in deciders:
        send_templated(
            to=[person.email],
            template="join_request_made",
            context={"join_request": join_request, "person": person, "link": link},
        )


def email_join_request_decided(*, join_request: JoinRequest) -> None:
    send_templated(
        to=[join_request.user.email],
        template="join_request_decided",
        context={
            "join_request": join_request,
            "approved": join_request.status == "approved",
            "link": absolute_url(reverse("pages:home")),
        },
    )


def email_invitation(*, invitation: Invitation, token: str) -> None:
    send_templated(
        to=[invitation.email],
        template="invitation",
        context={
            "invitation": invitation,
            "link": absolute_url(reverse("accounts:accept_invitation", args=[token])),
        },
    )


def email_dropin_cancelled(*, dropin: object, people: list[User]) -> None:
    """Tell each person booked on a CPD drop-in that it is cancelled (uplift/dropins)."""
    link = absolute_url(reverse("dropins:list"))
    for person in people:
        send_templated(
            to=[person.email], template="dropin_cancelled", context={"dropin": dropin, "person": person, "link": link}
        )


def email_coach_assigned(*, coaching: object) -> None:
    """Tell the coachee and the coach that a coach is in place (uplift/coaching). Never includes notes."""
    link = absolute_url(reverse("coaching:detail", args=[coaching.pk]))  # type: ignore[attr-defined]
    for person in (coaching.coachee, coaching.coach):  # type: ignore[attr-defined]
        send_templated(
            to=[person.email],
            template="coach_assigned",
            context={"coaching": coaching, "person": person, "link": link},
        )
