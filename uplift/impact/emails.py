"""Emails at the end of a cluster's programme, rendered here and sent by the background task
(``uplift.accounts.tasks.send_email``), like the accounts emails."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from uplift.accounts.tasks import send_email

if TYPE_CHECKING:
    from uplift.accounts.models import User
    from uplift.clusters.models import Cluster
    from uplift.schools.models import School


def email_end_snapshot_reminder(*, cluster: Cluster, school: School, to: list[User], by: User | None) -> None:
    """Ask a member school's staff to record its end-of-programme snapshot."""
    context = {
        "site_url": settings.SITE_URL,
        "cluster": cluster,
        "school": school,
        "sender": by,
        "link": settings.SITE_URL + reverse("impact:report", args=[cluster.pk]),
    }
    subject = " ".join(render_to_string("impact/emails/end_snapshot_reminder_subject.txt", context).split())
    for person in to:
        body = render_to_string("impact/emails/end_snapshot_reminder.txt", {**context, "person": person})
        send_email.enqueue(to=[person.email], subject=subject, body=body)
