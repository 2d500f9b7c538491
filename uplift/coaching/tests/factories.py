"""Factories for coaching: ``coaching_in(cluster, coachee=..., school=..., coach=...)`` and sessions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from uplift.coaching.models import Coaching, CoachingSession, CoachingStatus
from uplift.dropins.tests.factories import current_framework


def coaching_in(cluster, *, coachee, school, coach=None, focus: str = "Leading a new programming scheme") -> Coaching:
    dimension = current_framework().dimensions.order_by("order").first()
    return Coaching.objects.create(
        cluster=cluster,
        coachee=coachee,
        school=school,
        dimension=dimension,
        focus=focus,
        coach=coach,
        status=CoachingStatus.ACTIVE if coach else CoachingStatus.NOMINATED,
        coach_assigned_at=timezone.now() if coach else None,
    )


def session_in(coaching: Coaching, *, hours: str = "2", notes: str = "", reflection: str = "", days_ago: int = 7):
    return CoachingSession.objects.create(
        coaching=coaching,
        held_on=timezone.localdate() - dt.timedelta(days=days_ago),
        hours=Decimal(hours),
        coach_notes=notes,
        coachee_notes=reflection,
        logged_by=coaching.coach,
    )
