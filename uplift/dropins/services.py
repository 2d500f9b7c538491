"""Writes to the drop-in schedule, bookings and attendance. Each is one transaction.

Rules:
- a drop-in has a title, a CPD topic of the current framework (an edit may keep an older one), a start
  in the future (when created or moved), 15 minutes to 8 hours, a capacity of 1 to 500 (never below
  the places already booked), and a joining link (online) or a venue (in person); its host, if named,
  is a programme manager or an advisor;
- a monthly series is N months of "the nth weekday of the month" at one time (e.g. every 2nd Tuesday
  at 16:00 for 6 months); every date must be in the future;
- edits name the version they started from (a stale save is refused: ``StaleEdit``); cancelling keeps the bookings
  and emails the people booked;
- booking: staff (teacher or above) of a school in a running cluster, before the start, one place per
  person. Places are taken by one conditional UPDATE (``booked < capacity``), so two people cannot both
  take the last place whatever the database; a full drop-in is refused with a clear message;
- attendance: after the start; the host ticks who came among the people booked, and adds walk-ins by
  email (each must be staff of a school in a running cluster). Walk-ins do not use up capacity.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from uplift.accounts.models import ProgrammeMembership, ProgrammeRole, User
from uplift.dropins import cpd
from uplift.dropins.access import dropin_places_for
from uplift.dropins.models import Booking, BookingStatus, DropIn, DropInMode, DropInStatus
from uplift.frameworks.models import CpdTopic, Framework
from uplift.lib.versioning import lock_fresh

if TYPE_CHECKING:
    from collections.abc import Iterable

MAX_CAPACITY = 500


@dataclass(frozen=True)
class DropInDraft:
    """What a manager typed for a drop-in."""

    topic: CpdTopic
    title: str
    description: str
    starts_at: dt.datetime
    duration_minutes: int
    mode: str
    joining_link: str
    venue: str
    capacity: int
    host: User | None

    @classmethod
    def of(cls, dropin: DropIn) -> DropInDraft:
        return cls(**{f.name: getattr(dropin, f.name) for f in fields(cls)})


def _validate(draft: DropInDraft, *, current: DropIn | None = None, check_start: bool = True) -> None:
    errors: dict[str, str] = {}
    if not draft.title.strip():
        errors["title"] = "Enter a title"
    framework = Framework.objects.current()
    topic_ok = draft.topic is not None and (
        (framework is not None and draft.topic.framework_id == framework.pk)
        or (current is not None and draft.topic.pk == current.topic_id)
    )
    if not topic_ok:
        errors["topic"] = "Choose a CPD topic of the current framework"
    if check_start and (draft.starts_at is None or draft.starts_at <= timezone.now()):
        errors["starts_at"] = "The drop-in must start in the future"
    if not 15 <= (draft.duration_minutes or 0) <= 480:
        errors["duration_minutes"] = "Enter a length between 15 and 480 minutes"
    if draft.mode not in DropInMode.values:
        errors["mode"] = "Choose online or in person"
    elif draft.mode == DropInMode.ONLINE and not draft.joining_link.strip():
        errors["joining_link"] = "Enter the joining link for an online drop-in"
    elif draft.mode == DropInMode.ONLINE and not draft.joining_link.startswith("https://"):
        errors["joining_link"] = "Enter a joining link that starts with https://"
    elif draft.mode == DropInMode.IN_PERSON and not draft.venue.strip():
        errors["venue"] = "Enter the venue for an in-person drop-in"
    booked = current.booked if current else 0
    if not 1 <= (draft.capacity or 0) <= MAX_CAPACITY:
        errors["capacity"] = f"Enter a capacity between 1 and {MAX_CAPACITY}"
    elif draft.capacity < booked:
        errors["capacity"] = f"{booked} places are already booked: the capacity cannot be lower than that"
    if (
        draft.host is not None
        and not ProgrammeMembership.objects.filter(
            user=draft.host, role__in=[ProgrammeRole.MANAGER, ProgrammeRole.ADVISOR]
        ).exists()
    ):
        errors["host"] = "Choose a programme manager or an advisor as the host"
    if errors:
        raise ValidationError(errors)


def _apply(dropin: DropIn, draft: DropInDraft) -> None:
    for f in fields(DropInDraft):
        setattr(dropin, f.name, getattr(draft, f.name))
    dropin.title = draft.title.strip()
    dropin.description = draft.description.strip()
    # Only the field for the mode is kept, so an in-person drop-in never shows a stale link.
    dropin.joining_link = draft.joining_link.strip() if draft.mode == DropInMode.ONLINE else ""
    dropin.venue = draft.venue.strip() if draft.mode == DropInMode.IN_PERSON else ""


@transaction.atomic
def dropin_create(*, draft: DropInDraft, by: User, series: str = "") -> DropIn:
    """Schedule one drop-in (see the module docstring for the rules)."""
    _validate(draft)
    dropin = DropIn(created_by=by, series=series)
    _apply(dropin, draft)
    dropin.save()
    return dropin


def series_dates(*, first_month: dt.date, months: int, weekday: int, nth: int, at: dt.time) -> list[dt.datetime]:
    """The nth ``weekday`` (0 = Monday; ``nth`` 1-4, or -1 for the last) of each of ``months`` months
    from ``first_month``, at ``at`` local time."""
    out = []
    year, month = first_month.year, first_month.month
    for _ in range(months):
        days = [week[weekday] for week in calendar.monthcalendar(year, month) if week[weekday]]
        day = days[nth - 1] if nth > 0 else days[-1]
        out.append(timezone.make_aware(dt.datetime.combine(dt.date(year, month, day), at)))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out


@transaction.atomic
def dropin_create_series(
    *, draft: DropInDraft, first_month: dt.date, months: int, weekday: int, nth: int, at: dt.time, by: User
) -> list[DropIn]:
    """Schedule a monthly series (``draft.starts_at`` is ignored). Every date must be in the future."""
    if not 1 <= months <= 12:
        raise ValidationError({"months": "Enter between 1 and 12 months"})
    if not (1 <= nth <= 4 or nth == -1) or not 0 <= weekday <= 6:
        raise ValidationError({"nth": "Choose which day of the month"})
    dates = series_dates(first_month=first_month, months=months, weekday=weekday, nth=nth, at=at)
    if dates[0] <= timezone.now():
        raise ValidationError(
            {"first_month": f"The first date, {dates[0]:%-d %B %Y}, has passed: start the series in a later month"}
        )
    key = uuid.uuid4().hex[:12]
    created = []
    for starts_at in dates:
        one = DropInDraft(**{**draft.__dict__, "starts_at": starts_at})
        created.append(dropin_create(draft=one, by=by, series=key))
    return created


@transaction.atomic
def dropin_update(*, dropin: DropIn, draft: DropInDraft, expected_version: int, by: User) -> DropIn:
    """Change a drop-in, if nobody changed it since ``expected_version``. A new start must be in the future."""
    current = lock_fresh(DropIn, pk=dropin.pk, expected_version=expected_version)
    if current.is_cancelled:
        raise ValidationError("This drop-in is cancelled and can no longer be changed.")
    _validate(draft, current=current, check_start=draft.starts_at != current.starts_at)
    _apply(current, draft)
    current.bump(by=by)
    current.save()
    return current


@transaction.atomic
def dropin_cancel(*, dropin: DropIn, reason: str, expected_version: int, by: User) -> DropIn:
    """Cancel a drop-in that has not started; the people booked are emailed."""
    current = lock_fresh(DropIn, pk=dropin.pk, expected_version=expected_version)
    if current.is_cancelled:
        raise ValidationError("This drop-in is already cancelled.")
    if current.has_started:
        raise ValidationError("This drop-in has already started, so it cannot be cancelled.")
    current.status = DropInStatus.CANCELLED
    current.cancelled_at = timezone.now()
    current.cancel_reason = reason.strip()[:300]
    current.bump(by=by)
    current.save()
    people = [b.user for b in current.bookings.filter(status=BookingStatus.BOOKED).select_related("user")]
    if people:
        from uplift.accounts.emails import email_dropin_cancelled

        transaction.on_commit(lambda: email_dropin_cancelled(dropin=current, people=people))
    return current


@transaction.atomic
def booking_create(*, dropin: DropIn, user: User) -> Booking:
    """Book ``user`` a place (see the module docstring). Raises ``ValidationError`` with the reason."""
    places = dropin_places_for(user)
    if not places:
        raise ValidationError("Drop-ins are booked by staff of schools in a running Computing Cluster.")
    fresh = DropIn.objects.get(pk=dropin.pk)
    if fresh.is_cancelled:
        raise ValidationError("This drop-in has been cancelled.")
    if fresh.has_started:
        raise ValidationError("This drop-in has already started, so it can no longer be booked.")
    existing = Booking.objects.select_for_update().filter(dropin=fresh, user=user).first()
    if existing is not None and existing.status != BookingStatus.CANCELLED:
        raise ValidationError("You already have a place at this drop-in.")
    # The one place that takes capacity: a conditional update, atomic on every database.
    taken = DropIn.objects.filter(pk=fresh.pk, status=DropInStatus.SCHEDULED, booked__lt=F("capacity")).update(
        booked=F("booked") + 1
    )
    if not taken:
        raise ValidationError(f"Sorry, this drop-in is full: all {fresh.capacity} places have been booked.")
    school, cluster = places[0]
    if existing is None:
        return Booking.objects.create(dropin=fresh, user=user, school=school, cluster=cluster)
    existing.status = BookingStatus.BOOKED
    existing.school, existing.cluster = school, cluster
    existing.booked_at, existing.cancelled_at, existing.attended = timezone.now(), None, None
    existing.save()
    return existing


@transaction.atomic
def booking_cancel(*, dropin: DropIn, user: User) -> Booking:
    """Give up one's place before the drop-in starts (the place is freed for someone else)."""
    booking = Booking.objects.select_for_update().filter(dropin=dropin, user=user, status=BookingStatus.BOOKED).first()
    if booking is None:
        raise ValidationError("You do not have a place at this drop-in.")
    if DropIn.objects.get(pk=dropin.pk).has_started:
        raise ValidationError("This drop-in has already started, so your place can no longer be cancelled.")
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    DropIn.objects.filter(pk=dropin.pk, booked__gt=0).update(booked=F("booked") - 1)
    return booking


def _walk_ins(emails: Iterable[str]) -> tuple[list[tuple[User, object, object]], list[str]]:
    found, problems = [], []
    for email in emails:
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        places = dropin_places_for(user) if user else []
        if user is None:
            problems.append(f"{email} has no Uplift account")
        elif not places:
            problems.append(f"{email} is not on the staff of a school in a running cluster")
        else:
            found.append((user, *places[0]))
    return found, problems


@transaction.atomic
def attendance_record(*, dropin: DropIn, attended: set[int], walk_in_emails: list[str], by: User) -> DropIn:
    """Record who attended: ``attended`` holds booking ids (booked people and earlier walk-ins) who came;
    the others are marked absent. ``walk_in_emails`` adds people who came without booking."""
    current = DropIn.objects.select_for_update().get(pk=dropin.pk)
    if current.is_cancelled:
        raise ValidationError("This drop-in was cancelled.")
    if not current.has_started:
        raise ValidationError("Attendance is recorded once the drop-in has started.")
    walk_ins, problems = _walk_ins(e.strip().lower() for e in walk_in_emails if e.strip())
    if problems:
        raise ValidationError({"walk_ins": problems})
    for booking in current.bookings.exclude(status=BookingStatus.CANCELLED):
        booking.attended = booking.pk in attended
        booking.save(update_fields=["attended"])
    for user, school, cluster in walk_ins:
        booking = Booking.objects.filter(dropin=current, user=user).first()
        if booking is None:
            Booking.objects.create(
                dropin=current, user=user, school=school, cluster=cluster, status=BookingStatus.WALK_IN, attended=True
            )
        else:
            if booking.status == BookingStatus.CANCELLED:
                booking.status = BookingStatus.WALK_IN
            booking.attended = True
            booking.save(update_fields=["status", "attended"])
    current.attendance_recorded_at = timezone.now()
    current.attendance_recorded_by = by
    current.save(update_fields=["attendance_recorded_at", "attendance_recorded_by"])
    cpd.record_attendance(current)
    return current
