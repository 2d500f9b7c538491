"""Background tasks for the Quality Mark. ``quality_mark_daily`` is enqueued once a day by
``manage.py qualitymark_daily`` (run it from cron or a systemd timer)."""

from __future__ import annotations

from django.tasks import task

from uplift.qualitymark.services import award_reminders_send, awards_expire


@task()
def quality_mark_daily() -> dict[str, int]:
    """Send the expiry reminders due today and record the awards that have expired."""
    return {"reminders": award_reminders_send(), "expired": awards_expire()}
