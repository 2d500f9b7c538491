"""Drop-ins in the demo world (``seed_demo(mid=..., finished=..., rng=...)``, called by
``uplift.clusters.demo.seed_demo_clusters``).

A central schedule of 2-3 drop-ins a month from two months ago to two months ahead (second Tuesday
online, fourth Thursday in person at the mid cluster's meeting school, and a first-Wednesday online
drop-in every other month), each on a CPD topic of the current framework. Staff of the mid-programme
cluster book places; past drop-ins have their attendance recorded (a walk-in or two). The finished
cluster's staff attended a few drop-ins during its programme.

Safe to run again: drop-ins are found by their start time in the "demo" series and bookings by person.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from uplift.accounts.models import SCHOOL_WRITE_ROLE, ProgrammeRole, SchoolMembership, User
from uplift.clusters.models import Cluster
from uplift.dropins.models import Booking, BookingStatus, DropIn, DropInMode
from uplift.dropins.services import series_dates
from uplift.frameworks.models import CpdTopic, Framework

SERIES = "demo"


def _staff(cluster: Cluster) -> list[tuple[User, object]]:
    seen, out = set(), []
    for m in (
        SchoolMembership.objects.filter(
            school__cluster_memberships__cluster=cluster, role__gte=SCHOOL_WRITE_ROLE, user__is_active=True
        )
        .select_related("user", "school")
        .order_by("user__email")
    ):
        if m.user_id not in seen:
            seen.add(m.user_id)
            out.append((m.user, m.school))
    return out


def _month(day: dt.date, offset: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + offset
    return dt.date(index // 12, index % 12 + 1, 1)


def _dropin(starts_at: dt.datetime, topic: CpdTopic, *, mode: str, venue: str, host: User | None) -> DropIn:
    dropin, _ = DropIn.objects.get_or_create(
        series=SERIES,
        starts_at=starts_at,
        defaults={
            "topic": topic,
            "title": f"{topic.title}: putting it into practice",
            "description": "Bring a lesson you have taught since the CPD and one question about it.",
            "duration_minutes": 60 if mode == DropInMode.ONLINE else 90,
            "mode": mode,
            "joining_link": "https://meet.example.test/uplift-drop-in" if mode == DropInMode.ONLINE else "",
            "venue": venue if mode == DropInMode.IN_PERSON else "",
            "capacity": 30 if mode == DropInMode.ONLINE else 16,
            "host": host,
            "created_by": host,
        },
    )
    return dropin


def _book(
    dropin: DropIn, people: list[tuple[User, object]], cluster: Cluster, rng: random.Random, host: User | None
) -> None:
    past = dropin.starts_at <= timezone.now()
    for number, (user, school) in enumerate(people):
        walk_in = past and number == len(people) - 1 and rng.random() < 0.5
        Booking.objects.get_or_create(
            dropin=dropin,
            user=user,
            defaults={
                "school": school,
                "cluster": cluster,
                "status": BookingStatus.WALK_IN if walk_in else BookingStatus.BOOKED,
                "attended": (walk_in or rng.random() < 0.85) if past else None,
                "booked_at": dropin.starts_at - dt.timedelta(days=rng.randint(3, 20)),
            },
        )
    if past and dropin.attendance_recorded_at is None:
        dropin.attendance_recorded_at = dropin.ends_at + dt.timedelta(hours=2)
        dropin.attendance_recorded_by = host
    dropin.booked = min(dropin.capacity, dropin.bookings.filter(status=BookingStatus.BOOKED).count())
    dropin.save()


@transaction.atomic
def seed_demo(*, mid: Cluster, finished: Cluster, rng: random.Random) -> None:
    """The demo schedule, bookings and attendance (see the module docstring)."""
    framework = Framework.objects.current()
    topics = list(CpdTopic.objects.filter(framework=framework).order_by("title"))
    if not topics:
        return
    host = (
        User.objects.filter(programme_memberships__role=ProgrammeRole.MANAGER).order_by("email").first() or mid.advisor
    )
    venue = (
        f"{mid.meeting_school.name}, {mid.meeting_school.town}" if mid.meeting_school else "The cluster's hub school"
    )
    today = timezone.localdate()
    staff = _staff(mid)
    for offset in range(-2, 3):
        month = _month(today, offset)
        slots = [
            (series_dates(first_month=month, months=1, weekday=1, nth=2, at=dt.time(16))[0], DropInMode.ONLINE),
            (series_dates(first_month=month, months=1, weekday=3, nth=4, at=dt.time(15, 45))[0], DropInMode.IN_PERSON),
        ]
        if offset % 2 == 0:
            slots.append(
                (series_dates(first_month=month, months=1, weekday=2, nth=1, at=dt.time(16, 15))[0], DropInMode.ONLINE)
            )
        for number, (starts_at, mode) in enumerate(slots):
            topic = topics[(offset * 3 + number) % len(topics)]
            dropin = _dropin(starts_at, topic, mode=mode, venue=venue, host=host)
            if staff and not dropin.bookings.exists():
                people = rng.sample(staff, k=min(len(staff), rng.randint(2, 4)))
                _book(dropin, people, mid, rng, host)
    # The finished cluster's staff at three drop-ins during its programme.
    old_staff = _staff(finished)
    if old_staff and finished.kickoff_on and not Booking.objects.filter(cluster=finished).exists():
        # Counted back from the month before the programme ended (or before today, if that is earlier), so
        # every one of them is in the past and inside the programme on any day of the year.
        last = min(finished.ends_on or today, today)
        for number in range(3):
            month = max(_month(last, -1 - 3 * number), _month(finished.kickoff_on, 0))
            starts_at = series_dates(first_month=month, months=1, weekday=1, nth=2, at=dt.time(16))[0]
            if starts_at > timezone.now():
                continue
            dropin = _dropin(starts_at, topics[number % len(topics)], mode=DropInMode.ONLINE, venue="", host=host)
            _book(dropin, rng.sample(old_staff, k=min(len(old_staff), 2)), finished, rng, host)
