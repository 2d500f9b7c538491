"""The demo world's CPD ledger: every demo activity already held recorded as verified CPD (``cpd_backfill``'s
sources), and external CPD claimed by the home school's staff, dated from the demo's anchor ``today``.

The home school's teacher and lead have claims from the last few weeks and one from most of a year ago (so
their records span one or two academic years whatever the anchor), and the head a withdrawn claim. Safe to
run twice: each claim is found again by (teacher, title, date).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from uplift.cpd.models import Entry, SourceKind
from uplift.cpd.services import Claim, entry_claim
from uplift.cpd.sources import sources

if TYPE_CHECKING:
    from uplift.accounts.models import User
    from uplift.schools.models import School

# (person key, title, provider, days before today, minutes, withdrawn)
CLAIMS = [
    ("teacher", "Teaching programming with physical computing", "Lancashire Computing Hub", 12, 120, False),
    ("teacher", "Primary computing: assessment that helps", "Online course (self-paced)", 40, 90, False),
    ("teacher", "Using Scratch across the curriculum", "Trust CPD day", 300, 60, False),
    ("lead", "Leading primary computing", "University of Cumbria", 20, 240, False),
    ("lead", "Online safety update for leaders", "SWGfL webinar", 60, 90, False),
    ("head", "Computing for senior leaders", "Trust leadership network", 380, 45, True),
]


def seed(today: dt.date, *, users: dict[str, User], home_school: School) -> list[Entry]:
    """Record the demo's held activities as verified CPD and add the staff's claims (see the module docstring).
    Claims older than the claim window are skipped, so the demo stays valid on any anchor date."""
    for source in sources.values():
        source.backfill()
    made = []
    for key, title, provider, days_ago, minutes, withdrawn in CLAIMS:
        teacher = users.get(key)
        if teacher is None:
            continue
        on = today - dt.timedelta(days=days_ago)
        entry = Entry.objects.filter(teacher=teacher, source_kind=SourceKind.EXTERNAL, title=title, on=on).first()
        if entry is None:
            entry = entry_claim(
                teacher=teacher,
                claim=Claim(title=title, provider=provider, on=on, minutes=minutes, school=home_school),
            )
        if withdrawn and entry.withdrawn_at is None:
            entry.withdrawn_at = timezone.now()
            entry.withdrawn_by = teacher
            entry.save(update_fields=["withdrawn_at", "withdrawn_by"])
        made.append(entry)
    return made
