"""Writes to coaching. Each is one transaction and enforces the rules:

- a person nominates themselves while on the staff (teacher or above) of a member school of a running
  cluster, once per cluster (until that coaching is closed), naming a dimension and what they want to
  work on;
- the coach is a programme advisor (coaches are the programme's specialist staff), never the coachee;
- sessions are logged by the coach, 0.5 to 8 hours in half hours, not in the future, on an active
  coaching;
- the cluster's allowance (``coaching_hours`` in ``coaching_sessions``) is shared by its coachees:
  a session that would take the cluster over either is refused with ``OverAllowance`` unless the coach
  confirms it explicitly (``confirm_over=True``; the session is then marked ``over_allowance`` so the
  advisor sees it). The cluster row is locked while counting, so two coaches cannot both slip under;
- edits name the version they started from; a stale save is refused (``StaleEdit``: nothing is overwritten).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import floatformat
from django.utils import timezone

from uplift.accounts.models import SCHOOL_WRITE_ROLE, ProgrammeMembership, ProgrammeRole, SchoolMembership
from uplift.clusters.models import Cluster, ClusterStatus
from uplift.coaching import cpd
from uplift.coaching.models import (
    MAX_SESSION_HOURS,
    MIN_SESSION_HOURS,
    Coaching,
    CoachingSession,
    CoachingStatus,
)
from uplift.lib.versioning import lock_fresh

if TYPE_CHECKING:
    import datetime as dt

    from uplift.accounts.models import User
    from uplift.frameworks.models import Dimension
    from uplift.schools.models import School


class OverAllowance(Exception):
    """The session would take the cluster over its coaching allowance; log it with ``confirm_over=True``."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@transaction.atomic
def coaching_nominate(*, cluster: Cluster, user: User, school: School, dimension: Dimension, focus: str) -> Coaching:
    """``user`` nominates themselves for coaching in ``cluster`` as a member of ``school`` staff."""
    errors: dict[str, str] = {}
    if cluster.status != ClusterStatus.CONFIRMED:
        raise ValidationError("Nominations are open while the cluster is running.")
    if (
        not cluster.members.filter(school=school).exists()
        or not SchoolMembership.objects.filter(user=user, school=school, role__gte=SCHOOL_WRITE_ROLE).exists()
    ):
        errors["school"] = "Choose a school of the cluster where you teach"
    if not focus.strip():
        errors["focus"] = "Enter what you want to work on"
    elif len(focus) > 1000:
        errors["focus"] = "Keep what you want to work on to 1000 characters or fewer"
    if dimension is None:
        errors["dimension"] = "Choose the dimension it is about"
    if errors:
        raise ValidationError(errors)
    Cluster.objects.select_for_update().get(pk=cluster.pk)
    if Coaching.objects.filter(cluster=cluster, coachee=user).exclude(status=CoachingStatus.CLOSED).exists():
        raise ValidationError("You have already nominated yourself for coaching in this cluster.")
    return Coaching.objects.create(
        cluster=cluster, coachee=user, school=school, dimension=dimension, focus=focus.strip()
    )


def coach_candidates() -> list[User]:
    """Who may coach: the programme's advisors (one row per person, by name)."""
    from uplift.accounts.models import User

    ids = ProgrammeMembership.objects.filter(role=ProgrammeRole.ADVISOR).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "email"))


@transaction.atomic
def coaching_assign_coach(*, coaching: Coaching, coach: User, expected_version: int, by: User) -> Coaching:
    """Assign (or change) the coach. The coach must be a programme advisor and not the coachee."""
    current = lock_fresh(Coaching, pk=coaching.pk, expected_version=expected_version)
    if current.status == CoachingStatus.CLOSED:
        raise ValidationError("This coaching is closed.")
    if coach.pk == current.coachee_id:
        raise ValidationError({"coach": "Choose someone other than the coachee"})
    if not coach.is_active or not ProgrammeMembership.objects.filter(user=coach, role=ProgrammeRole.ADVISOR).exists():
        raise ValidationError({"coach": "Choose a programme advisor as the coach"})
    current.coach = coach
    current.status = CoachingStatus.ACTIVE
    current.coach_assigned_at = timezone.now()
    current.coach_assigned_by = by
    current.save(update_fields=["coach", "status", "coach_assigned_at", "coach_assigned_by", *current.bump(by=by)])
    from uplift.accounts.emails import email_coach_assigned

    transaction.on_commit(lambda: email_coach_assigned(coaching=current))
    return current


@transaction.atomic
def coaching_close(*, coaching: Coaching, by: User) -> Coaching:
    """Close a coaching (the coachee withdraws, or the advisor ends it). Its sessions still count."""
    current = Coaching.objects.select_for_update().get(pk=coaching.pk)
    if current.status == CoachingStatus.CLOSED:
        raise ValidationError("This coaching is already closed.")
    current.status = CoachingStatus.CLOSED
    current.closed_at = timezone.now()
    current.save(update_fields=["status", "closed_at", *current.bump(by=by)])
    return current


def _check_session(*, coaching: Coaching, held_on: dt.date, hours: Decimal) -> None:
    if coaching.cluster.status == ClusterStatus.FINISHED:
        raise ValidationError("The cluster has finished: its coaching hours are closed.")
    errors: dict[str, str] = {}
    if hours is None or hours < MIN_SESSION_HOURS or hours > MAX_SESSION_HOURS:
        errors["hours"] = "Enter between 0.5 and 8 hours"
    elif (hours * 2) % 1 != 0:
        errors["hours"] = "Enter hours in half hours, for example 1.5"
    if held_on is None:
        errors["held_on"] = "Enter the date of the session"
    elif held_on > timezone.localdate():
        errors["held_on"] = "The session date must be today or in the past"
    if errors:
        raise ValidationError(errors)


def _check_allowance(*, cluster: Cluster, extra_hours: Decimal, extra_sessions: int, confirm_over: bool) -> bool:
    """Lock the cluster and check its allowance. True when the session goes over it (and was confirmed)."""
    locked = Cluster.objects.select_for_update().get(pk=cluster.pk)
    sessions = CoachingSession.objects.filter(coaching__cluster=locked)
    used = sessions.aggregate(total=Sum("hours"))["total"] or Decimal("0")
    held = sessions.count()
    problems = []
    if used + extra_hours > locked.coaching_hours:
        problems.append(
            f"this session takes the cluster to {floatformat(used + extra_hours, -1)} "
            f"of its {locked.coaching_hours} coaching hours"
        )
    if held + extra_sessions > locked.coaching_sessions:
        problems.append(
            f"it would be session {held + extra_sessions} of the {locked.coaching_sessions} sessions allowed"
        )
    if problems and not confirm_over:
        raise OverAllowance("Over the cluster's coaching allowance: " + "; ".join(problems) + ".")
    return bool(problems)


@transaction.atomic
def coaching_session_log(
    *,
    coaching: Coaching,
    held_on: dt.date,
    hours: Decimal,
    coach_notes: str = "",
    by: User,
    confirm_over: bool = False,
) -> CoachingSession:
    """The coach records a session (see the module docstring for the allowance)."""
    current = Coaching.objects.select_for_update().get(pk=coaching.pk)
    if current.status != CoachingStatus.ACTIVE or current.coach_id != by.pk:
        raise ValidationError("Only the coach of an active coaching records sessions.")
    _check_session(coaching=current, held_on=held_on, hours=hours)
    over = _check_allowance(cluster=current.cluster, extra_hours=hours, extra_sessions=1, confirm_over=confirm_over)
    session = CoachingSession.objects.create(
        coaching=current,
        held_on=held_on,
        hours=hours,
        coach_notes=coach_notes.strip(),
        over_allowance=over,
        logged_by=by,
    )
    cpd.record_session(session)
    return session


@transaction.atomic
def coaching_session_update(
    *,
    session: CoachingSession,
    held_on: dt.date,
    hours: Decimal,
    coach_notes: str,
    expected_version: int,
    by: User,
    confirm_over: bool = False,
) -> CoachingSession:
    """The coach corrects a session's date, hours or notes."""
    current = lock_fresh(
        CoachingSession.objects.select_related("coaching"), pk=session.pk, expected_version=expected_version
    )
    if current.coaching.coach_id != by.pk:
        raise ValidationError("Only the coach changes a session.")
    _check_session(coaching=current.coaching, held_on=held_on, hours=hours)
    over = current.over_allowance
    if hours > current.hours:
        over = (
            _check_allowance(
                cluster=current.coaching.cluster,
                extra_hours=hours - current.hours,
                extra_sessions=0,
                confirm_over=confirm_over,
            )
            or over
        )
    current.held_on = held_on
    current.hours = hours
    current.coach_notes = coach_notes.strip()
    current.over_allowance = over
    current.save(update_fields=["held_on", "hours", "coach_notes", "over_allowance", *current.bump(by=by)])
    cpd.record_session(current)
    return current


@transaction.atomic
def coaching_session_reflect(
    *, session: CoachingSession, coachee_notes: str, expected_version: int, by: User
) -> CoachingSession:
    """The coachee writes their own reflection on a session (read by them and their coach only)."""
    current = lock_fresh(
        CoachingSession.objects.select_related("coaching"), pk=session.pk, expected_version=expected_version
    )
    if current.coaching.coachee_id != by.pk:
        raise ValidationError("Only the coachee writes their reflection.")
    current.coachee_notes = coachee_notes.strip()
    current.save(update_fields=["coachee_notes", *current.bump(by=by)])
    return current
