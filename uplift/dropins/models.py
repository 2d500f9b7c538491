"""CPD implementation drop-ins: centrally scheduled sessions (2-3 a month, online or in person, each
linked to a CPD topic) where teachers get help putting the CPD they took into practice.

Programme managers schedule them (one at a time or a monthly series), edit and cancel them. Staff
(teacher or above) of schools in running clusters book a place (``Booking``; ``DropIn.booked`` counts
the places taken, changed only by a conditional update so capacity holds under concurrency). After the
drop-in, its host (a manager or any advisor) records who attended, adding walk-ins from cluster schools.
Each booking records the person's school and cluster, so a cluster's use is counted without guessing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from uplift.lib.versioning import Versioned


class DropInMode(models.TextChoices):
    ONLINE = "online", "Online"
    IN_PERSON = "in_person", "In person"


class DropInStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class DropIn(Versioned):
    topic = models.ForeignKey("frameworks.CpdTopic", on_delete=models.PROTECT, related_name="dropins")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    mode = models.CharField(max_length=12, choices=DropInMode.choices)
    joining_link = models.URLField(blank=True)
    venue = models.CharField(max_length=300, blank=True)
    capacity = models.PositiveSmallIntegerField()
    # Places taken by bookings (walk-ins are not counted against capacity).
    booked = models.PositiveSmallIntegerField(default=0)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="hosted_dropins"
    )
    status = models.CharField(max_length=12, choices=DropInStatus.choices, default=DropInStatus.SCHEDULED)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)
    # Drop-ins created together as a monthly series share a key.
    series = models.CharField(max_length=40, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(booked__lte=models.F("capacity")), name="dropin_not_overbooked"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%-d %B %Y})"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status == DropInStatus.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.booked)

    @property
    def where(self) -> str:
        return "Online" if self.mode == DropInMode.ONLINE else self.venue


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"
    WALK_IN = "walk_in", "Walk-in"


class Booking(models.Model):
    """One person's place at a drop-in (one row per person: cancelling and booking again reuse it)."""

    dropin = models.ForeignKey(DropIn, on_delete=models.CASCADE, related_name="bookings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dropin_bookings")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    cluster = models.ForeignKey("clusters.Cluster", on_delete=models.CASCADE, related_name="dropin_bookings")
    status = models.CharField(max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    # None until the host records attendance.
    attended = models.BooleanField(null=True, blank=True)
    booked_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dropin", "user__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["dropin", "user"], name="one_booking_per_person")]

    def __str__(self) -> str:
        return f"{self.user} at {self.dropin}"
