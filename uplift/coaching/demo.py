"""Coaching in the demo world (``seed_demo(mid=..., finished=..., rng=...)``, called by
``uplift.clusters.demo.seed_demo_clusters``).

The coach is a programme advisor who is *not* the clusters' advisor (``coach@demo.uplift.test``, made
here if missing, with the demo password), so signing in as the advisor shows hours but no notes, and
signing in as a coachee (the demo computing lead at Oakfield is one) shows the notes.

- mid-programme cluster: two coachees (from different schools when possible), a few sessions, part of
  the 30 hours used;
- finished cluster: the whole allowance used, the coachings closed.

Safe to run again: a cluster that already has coaching is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from uplift.accounts.models import SCHOOL_WRITE_ROLE, ProgrammeMembership, ProgrammeRole, SchoolMembership, User
from uplift.clusters.models import Cluster
from uplift.coaching.models import Coaching, CoachingSession, CoachingStatus
from uplift.frameworks.models import Dimension, Framework

COACH_EMAIL = "coach@demo.uplift.test"
FOCUSES = [
    "Leading colleagues through our new programming scheme, and getting them to feel confident with it.",
    "Making the case for computing time to our senior leaders, and planning assessment that shows progress.",
    "Supporting staff who avoid teaching computing, and planning CPD that sticks.",
]
NOTES = [
    "Talked through the barriers in school; agreed to observe one colleague's lesson before next time.",
    "Reviewed the observation; planned a 20-minute staff meeting slot on PRIMM.",
    "The staff meeting went well; next step is a simple assessment check in Year 4.",
    "Looked at the first assessment results together; drafted a paragraph for the governors' report.",
    "Reflected on the year; agreed what to keep doing without coaching.",
]
REFLECTIONS = [
    "Felt more confident about raising this with the head.",
    "Need to protect time for this - it keeps slipping.",
    "",
]


def _coach() -> User:
    from uplift.pages.demo import DEMO_PASSWORD

    coach, _ = User.objects.get_or_create(
        email=COACH_EMAIL, defaults={"full_name": "Cara Coach", "password": make_password(DEMO_PASSWORD)}
    )
    ProgrammeMembership.objects.get_or_create(user=coach, role=ProgrammeRole.ADVISOR, region=None, hub=None)
    return coach


def _coachees(cluster: Cluster, count: int, rng: random.Random) -> list[tuple[User, object]]:
    """Up to ``count`` staff of different member schools; the demo lead at Oakfield first if a member."""
    memberships = list(
        SchoolMembership.objects.filter(
            school__cluster_memberships__cluster=cluster, role__gte=SCHOOL_WRITE_ROLE, user__is_active=True
        )
        .select_related("user", "school")
        .order_by("-role", "user__email")
    )
    memberships.sort(key=lambda m: (m.user.email != "lead@demo.uplift.test", m.school.name))
    chosen, schools, people = [], set(), set()
    for membership in memberships:
        if membership.school_id in schools or membership.user_id in people:
            continue
        chosen.append((membership.user, membership.school))
        schools.add(membership.school_id)
        people.add(membership.user_id)
        if len(chosen) == count:
            break
    return chosen


def _dimension(cluster: Cluster) -> Dimension | None:
    framework = Framework.objects.current()
    dimensions = Dimension.objects.filter(framework=framework)
    for slug in cluster.focus:
        found = dimensions.filter(slug=slug).first()
        if found:
            return found
    return dimensions.order_by("order").first()


def _seed_cluster(cluster: Cluster, coach: User, plan: list[list[str]], *, closed: bool, rng: random.Random) -> None:
    if Coaching.objects.filter(cluster=cluster).exists():
        return
    start = cluster.kickoff_on or timezone.localdate() - dt.timedelta(days=180)
    end = min(cluster.ends_on or timezone.localdate(), timezone.localdate() - dt.timedelta(days=1))
    span = max(1, (end - start).days)
    people = _coachees(cluster, len(plan), rng)
    if not people:
        return
    # Fewer people than planned: the last one takes the remaining sessions, so the hours still add up.
    plan = [*plan[: len(people) - 1], [h for hours in plan[len(people) - 1 :] for h in hours]]
    for index, ((coachee, school), hours) in enumerate(zip(people, plan, strict=True)):
        coaching = Coaching.objects.create(
            cluster=cluster,
            coachee=coachee,
            school=school,
            dimension=_dimension(cluster),
            focus=FOCUSES[index % len(FOCUSES)],
            status=CoachingStatus.CLOSED if closed else CoachingStatus.ACTIVE,
            coach=coach,
            nominated_at=timezone.make_aware(dt.datetime.combine(start + dt.timedelta(days=7), dt.time(10))),
            coach_assigned_at=timezone.make_aware(dt.datetime.combine(start + dt.timedelta(days=14), dt.time(10))),
            coach_assigned_by=cluster.advisor,
            closed_at=timezone.now() if closed else None,
        )
        for number, value in enumerate(hours):
            held_on = start + dt.timedelta(days=round(span * (number + 1) / (len(hours) + 1)) + index * 3)
            CoachingSession.objects.create(
                coaching=coaching,
                held_on=min(held_on, end),
                hours=Decimal(value),
                coach_notes=NOTES[number % len(NOTES)],
                coachee_notes=rng.choice(REFLECTIONS),
                logged_by=coach,
            )


@transaction.atomic
def seed_demo(*, mid: Cluster, finished: Cluster, rng: random.Random) -> None:
    """Coaching for the demo's two clusters (see the module docstring)."""
    coach = _coach()
    # Mid-programme: 14 of 30 hours in 3 of the 5 sessions so far.
    _seed_cluster(mid, coach, [["6", "3"], ["5"]], closed=False, rng=rng)
    # Finished: the whole allowance, 30 hours in 5 sessions.
    _seed_cluster(finished, coach, [["6", "6", "6"], ["6", "6"]], closed=True, rng=rng)
