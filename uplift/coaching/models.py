"""Coaching and mentoring for a cluster's subject leaders.

A member of staff (teacher or above) of a cluster's member school nominates themselves (``Coaching``,
status *nominated*); the cluster's advisor or a programme manager assigns a coach (a programme advisor,
status *active*); the coach logs ``CoachingSession`` rows (date, hours, private notes) and the coachee may
add a private reflection to each. The cluster's allowance (``Cluster.coaching_hours`` in
``Cluster.coaching_sessions`` sessions) is shared by all its coachees.

Privacy: session notes (the coach's and the coachee's) are read by the coach and the coachee only
(``get_coaching_for_user(..., act="notes")``). The advisor and managers see hours and sessions only;
other staff of member schools see the cluster's totals only (who is being coached is kept discreet).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from uplift.lib.versioning import Versioned

MIN_SESSION_HOURS = Decimal("0.5")
MAX_SESSION_HOURS = Decimal("8")


class CoachingStatus(models.TextChoices):
    NOMINATED = "nominated", "Waiting for a coach"
    ACTIVE = "active", "Coach assigned"
    CLOSED = "closed", "Closed"


class Coaching(Versioned):
    """One person's coaching in one cluster: their nomination, their coach and their sessions."""

    cluster = models.ForeignKey("clusters.Cluster", on_delete=models.CASCADE, related_name="coachings")
    coachee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coachings")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    dimension = models.ForeignKey(
        "frameworks.Dimension", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "What I want to work on": read by the coachee, the coach, the advisor and managers (to choose a coach).
    focus = models.TextField()
    status = models.CharField(max_length=12, choices=CoachingStatus.choices, default=CoachingStatus.NOMINATED)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="coached"
    )
    nominated_at = models.DateTimeField(default=timezone.now)
    coach_assigned_at = models.DateTimeField(null=True, blank=True)
    coach_assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cluster", "nominated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "coachee"], condition=~Q(status="closed"), name="one_open_coaching_per_cluster"
            )
        ]

    def __str__(self) -> str:
        return f"Coaching for {self.coachee} in {self.cluster}"


class CoachingSession(Versioned):
    coaching = models.ForeignKey(Coaching, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    hours = models.DecimalField(max_digits=3, decimal_places=1)
    # Private to the coach and the coachee (never in the advisor's or managers' pages, API or exports).
    coach_notes = models.TextField(blank=True)
    coachee_notes = models.TextField(blank=True)
    # The coach confirmed logging it although it took the cluster over its allowance.
    over_allowance = models.BooleanField(default=False)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["coaching", "held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=MIN_SESSION_HOURS, hours__lte=MAX_SESSION_HOURS), name="coaching_session_hours"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hours} h on {self.held_on}"
