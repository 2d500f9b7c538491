"""A coaching session as verified CPD in the coachee's ledger (``uplift/cpd``): its hours as minutes, for the
school the coachee nominated from. The entry's title never names the coach or the notes."""

from __future__ import annotations

from uplift.coaching.models import CoachingSession
from uplift.cpd.models import SourceKind
from uplift.cpd.services import Attendee, SyncResult, entries_sync_source

TITLE = "Coaching or mentoring session"


def record_session(session: CoachingSession) -> SyncResult:
    """Write (or bring up to date) the coachee's ledger entry for one session."""
    coaching = session.coaching
    return entries_sync_source(
        kind=SourceKind.COACHING,
        source_id=session.pk,
        title=TITLE,
        on=session.held_on,
        minutes=int(session.hours * 60),
        attendees=[Attendee(coaching.coachee, coaching.school)],
    )


def backfill() -> int:
    """Every session logged so far (``cpd_backfill``); returns how many entries it created or changed."""
    sessions = CoachingSession.objects.select_related("coaching__coachee", "coaching__school").order_by("pk")
    return sum(record_session(session).recorded for session in sessions)
