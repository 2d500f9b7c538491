"""A workgroup meeting's attendance as verified CPD in the ledger (``uplift/cpd``).

Meetings record no length, so each counts ``MEETING_MINUTES`` for every attendee who is a member (for the
school they are a member for), linked to the workgroup's focus dimension. A meeting dated in the future
records nothing yet (``cpd_backfill``, run daily, records it once it has been held); changing its attendees
or date keeps the ledger in step.
"""

from __future__ import annotations

from django.utils import timezone

from uplift.cpd.models import SourceKind
from uplift.cpd.services import Attendee, SyncResult, entries_sync_source
from uplift.frameworks.models import Dimension, Framework
from uplift.workgroups.models import Meeting

MEETING_MINUTES = 120


def record_meeting(meeting: Meeting) -> SyncResult:
    """Write (or bring up to date) the attendees' ledger entries for one meeting."""
    workgroup = meeting.workgroup
    held = meeting.held_on <= timezone.localdate()
    schools = {member.user_id: member.school for member in workgroup.members.select_related("school")}
    attendees = [Attendee(user, schools.get(user.pk)) for user in meeting.attendees.all()] if held else []
    framework = Framework.objects.current()
    dimensions = (
        list(Dimension.objects.filter(framework=framework, slug=workgroup.dimension_slug))
        if framework and workgroup.dimension_slug
        else []
    )
    return entries_sync_source(
        kind=SourceKind.WORKGROUP_MEETING,
        source_id=meeting.pk,
        title=f"Workgroup meeting: {workgroup.name}",
        on=meeting.held_on,
        minutes=MEETING_MINUTES,
        attendees=attendees,
        dimensions=dimensions,
    )


def backfill() -> int:
    """Every meeting held so far (``cpd_backfill``)."""
    meetings = Meeting.objects.filter(held_on__lte=timezone.localdate()).select_related("workgroup").order_by("pk")
    return sum(record_meeting(meeting).recorded for meeting in meetings)
