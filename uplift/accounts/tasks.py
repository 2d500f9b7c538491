"""Background tasks for accounts: email is sent by the task worker, never inside a request."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task


@task()
def send_email(*, to: list[str], subject: str, body: str) -> int:
    """Send one plain-text email. The message is rendered before enqueueing, so the task needs no
    database look-ups and a failed send can simply be retried."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)
