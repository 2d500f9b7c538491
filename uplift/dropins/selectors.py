"""Reads for drop-ins: the schedule, a person's bookings, a cluster's bookings and its usage."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from uplift.clusters.usage import Usage
from uplift.dropins.models import Booking, BookingStatus, DropIn

if TYPE_CHECKING:
    from uplift.accounts.models import User
    from uplift.clusters.models import Cluster


def upcoming(*, topic: str = "", mode: str = "") -> list[DropIn]:
    """Drop-ins that have not ended yet, soonest first (cancelled ones included, so people see it)."""
    now = timezone.now()
    # No drop-in lasts more than 8 hours, so this window holds every one still running.
    qs = DropIn.objects.filter(starts_at__gte=now - dt.timedelta(hours=8)).select_related("topic", "host")
    if topic:
        qs = qs.filter(topic__slug=topic)
    if mode:
        qs = qs.filter(mode=mode)
    return [d for d in qs.order_by("starts_at", "pk") if d.ends_at >= now]


def recent_past(days: int = 92) -> QuerySet[DropIn]:
    """Drop-ins that started in the last ``days`` days, most recent first (for recording attendance)."""
    now = timezone.now()
    return (
        DropIn.objects.filter(starts_at__lte=now, starts_at__gte=now - dt.timedelta(days=days))
        .select_related("topic")
        .annotate(attended_count=Count("bookings", filter=Q(bookings__attended=True)))
        .order_by("-starts_at", "pk")
    )


def booked_ids(user: User) -> set[int]:
    """The drop-ins where the person holds a place."""
    if not user.is_authenticated:
        return set()
    return set(Booking.objects.filter(user=user, status=BookingStatus.BOOKED).values_list("dropin_id", flat=True))


def attendees(dropin: DropIn) -> list[Booking]:
    """Everyone booked or who walked in (not cancelled places), by name."""
    return list(
        dropin.bookings.exclude(status=BookingStatus.CANCELLED)
        .select_related("user", "school")
        .order_by("user__full_name", "pk")
    )


def cluster_bookings(cluster: Cluster) -> list[Booking]:
    """The cluster's staff places (booked, walked in or cancelled) with their drop-ins, latest first."""
    return list(
        Booking.objects.filter(cluster=cluster)
        .select_related("dropin", "dropin__topic", "user", "school")
        .order_by("-dropin__starts_at", "user__full_name", "pk")
    )


def dropin_usage(cluster: Cluster) -> Usage:
    """Drop-in places attended by the cluster's staff (no allowance); detail: people, and places booked ahead."""
    places = Booking.objects.filter(cluster=cluster)
    attended = places.filter(attended=True)
    people = attended.values("user_id").distinct().count()
    ahead = places.filter(status=BookingStatus.BOOKED, dropin__starts_at__gt=timezone.now()).count()
    return Usage(
        label="Drop-ins attended",
        used=attended.count(),
        allowance=None,
        unit="attendances",
        detail=(
            f"by {people} {'person' if people == 1 else 'people'}; "
            f"{ahead} place{'' if ahead == 1 else 's'} booked for upcoming drop-ins"
        ),
    )
