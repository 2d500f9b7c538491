"""Reads for coaching. Nothing here returns session notes except ``sessions_with_notes``, which only the
notes pages (coach and coachee, ``get_coaching_for_user(..., act="notes")``) call."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum

from uplift.clusters.usage import Usage
from uplift.coaching.models import Coaching, CoachingSession, CoachingStatus

if TYPE_CHECKING:
    from uplift.accounts.models import User
    from uplift.clusters.models import Cluster


def coaching_usage(cluster: Cluster) -> Usage:
    """Hours used against ``cluster.coaching_hours``; detail: sessions held and coachees."""
    sessions = CoachingSession.objects.filter(coaching__cluster=cluster)
    totals = sessions.aggregate(hours=Sum("hours"), held=Count("pk"))
    # Coachees who are still being coached or were (a withdrawal before any session does not count).
    coachees = (
        Coaching.objects.filter(cluster=cluster)
        .filter(Q(sessions__isnull=False) | ~Q(status=CoachingStatus.CLOSED))
        .values("coachee_id")
        .distinct()
        .count()
    )
    held = totals["held"] or 0
    return Usage(
        label="Coaching hours",
        used=totals["hours"] or Decimal("0"),
        allowance=cluster.coaching_hours,
        unit="hours",
        detail=f"{held} of {cluster.coaching_sessions} sessions held; {coachees} coachee{'' if coachees == 1 else 's'}",
    )


@dataclass(frozen=True)
class CoacheeRow:
    """One coaching as the advisor and managers see it: hours and sessions, never notes."""

    coaching: Coaching
    sessions_held: int
    hours_used: Decimal
    over_allowance: bool


def _with_totals(coachings: QuerySet[Coaching]) -> QuerySet[Coaching]:
    return coachings.select_related("coachee", "coach", "school", "dimension").annotate(
        held=Count("sessions"),
        hours_used=Sum("sessions__hours"),
        over=Count("sessions", filter=Q(sessions__over_allowance=True)),
    )


def coachee_rows(cluster: Cluster) -> list[CoacheeRow]:
    """Every coaching in the cluster with its sessions held and hours used (for its advisor and managers)."""
    return [
        CoacheeRow(coaching=c, sessions_held=c.held, hours_used=c.hours_used or Decimal("0"), over_allowance=c.over > 0)
        for c in _with_totals(Coaching.objects.filter(cluster=cluster)).order_by("status", "nominated_at", "pk")
    ]


def coachings_of(user: User) -> dict[str, list[CoacheeRow]]:
    """The person's own coaching: as coach and as coachee, with totals."""

    def rows(qs: QuerySet[Coaching]) -> list[CoacheeRow]:
        return [
            CoacheeRow(
                coaching=c, sessions_held=c.held, hours_used=c.hours_used or Decimal("0"), over_allowance=c.over > 0
            )
            for c in _with_totals(qs.select_related("cluster")).order_by("-nominated_at", "pk")
        ]

    return {
        "coaching": rows(Coaching.objects.filter(coach=user)),
        "coached": rows(Coaching.objects.filter(coachee=user)),
    }


def session_summaries(coaching: Coaching) -> list[CoachingSession]:
    """The coaching's sessions without their notes (dates, hours, over-allowance flag)."""
    return list(coaching.sessions.defer("coach_notes", "coachee_notes").order_by("held_on", "pk"))


def sessions_with_notes(coaching: Coaching) -> list[CoachingSession]:
    """The sessions with their private notes - only for the coach and the coachee."""
    return list(coaching.sessions.order_by("held_on", "pk"))


def open_coaching_of(cluster: Cluster, user: User) -> Coaching | None:
    return Coaching.objects.filter(cluster=cluster, coachee=user).exclude(status=CoachingStatus.CLOSED).first()
