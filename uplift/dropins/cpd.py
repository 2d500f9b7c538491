"""A drop-in's attendance as verified CPD in the ledger (``uplift/cpd``): each person who attended gets the
drop-in's length, for the school they booked through; recording attendance again keeps the ledger in step."""

from __future__ import annotations

from django.utils import timezone

from uplift.cpd.models import SourceKind
from uplift.cpd.services import Attendee, SyncResult, entries_sync_source
from uplift.dropins.models import DropIn


def record_attendance(dropin: DropIn) -> SyncResult:
    """Write (or bring up to date) the attendees' ledger entries for one drop-in."""
    attended = dropin.bookings.filter(attended=True).select_related("user", "school")
    return entries_sync_source(
        kind=SourceKind.DROPIN,
        source_id=dropin.pk,
        title=dropin.title,
        on=timezone.localdate(dropin.starts_at),
        minutes=dropin.duration_minutes,
        attendees=[Attendee(booking.user, booking.school) for booking in attended],
    )


def backfill() -> int:
    """Every drop-in whose attendance has been recorded (``cpd_backfill``)."""
    recorded = DropIn.objects.filter(attendance_recorded_at__isnull=False).order_by("pk")
    return sum(record_attendance(dropin).recorded for dropin in recorded)
