"""The coaching and drop-in demos: records for the mid-programme and finished clusters, idempotent."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from uplift.accounts.models import SchoolRole
from uplift.accounts.tests.factories import SchoolMembershipFactory, UserFactory
from uplift.clusters.models import ClusterStatus
from uplift.clusters.tests.factories import live_cluster
from uplift.coaching import demo as coaching_demo
from uplift.coaching.models import Coaching, CoachingSession, CoachingStatus
from uplift.coaching.selectors import coaching_usage
from uplift.dropins import demo as dropins_demo
from uplift.dropins.models import Booking, BookingStatus, DropIn
from uplift.dropins.selectors import dropin_usage
from uplift.dropins.tests.factories import current_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def clusters(cast):
    current_framework()
    mid = live_cluster(cast, "own")
    other_school = mid.members.exclude(school=cast.school_a).first().school
    SchoolMembershipFactory(user=UserFactory(full_name="Priya Other"), school=other_school, role=SchoolRole.LEAD)
    today = timezone.localdate()
    finished = live_cluster(
        cast,
        "foreign",
        status=ClusterStatus.FINISHED,
        kickoff_on=today - dt.timedelta(days=430),
        midpoint_on=today - dt.timedelta(days=250),
        ends_on=today - dt.timedelta(days=65),
    )
    return mid, finished


def seed(mid, finished) -> None:
    coaching_demo.seed_demo(mid=mid, finished=finished, rng=random.Random(1))
    dropins_demo.seed_demo(mid=mid, finished=finished, rng=random.Random(2))


def test_coaching_demo_uses_part_of_the_mid_clusters_hours_and_all_of_the_finished(cast, clusters) -> None:
    mid, finished = clusters
    seed(mid, finished)
    coachings = list(Coaching.objects.filter(cluster=mid))
    assert len(coachings) == 2 and len({c.school_id for c in coachings}) == 2
    coach = coachings[0].coach
    assert coach.email == coaching_demo.COACH_EMAIL and coach != mid.advisor
    assert coaching_usage(mid).used == Decimal("14")
    assert coaching_usage(mid).detail == "3 of 5 sessions held; 2 coachees"
    assert coaching_usage(finished).used == Decimal("30")
    assert set(Coaching.objects.filter(cluster=finished).values_list("status", flat=True)) == {CoachingStatus.CLOSED}
    assert not CoachingSession.objects.filter(held_on__gt=timezone.localdate()).exists()


def test_dropin_demo_schedules_past_and_upcoming_with_bookings_and_attendance(cast, clusters) -> None:
    mid, finished = clusters
    seed(mid, finished)
    now = timezone.now()
    assert DropIn.objects.filter(starts_at__gt=now).count() >= 4
    assert DropIn.objects.filter(starts_at__lte=now).count() >= 4
    assert dropin_usage(mid).used > 0 and dropin_usage(finished).used > 0
    for dropin in DropIn.objects.all():
        assert dropin.booked == dropin.bookings.filter(status=BookingStatus.BOOKED).count() <= dropin.capacity
        if dropin.starts_at <= now:
            assert not dropin.bookings.filter(attended__isnull=True).exists()
    assert not Booking.objects.filter(dropin__starts_at__gt=now, attended__isnull=False).exists()


def test_both_demos_are_safe_to_run_again(cast, clusters) -> None:
    mid, finished = clusters
    seed(mid, finished)
    counts = (
        Coaching.objects.count(),
        CoachingSession.objects.count(),
        DropIn.objects.count(),
        Booking.objects.count(),
    )
    seed(mid, finished)
    assert (
        Coaching.objects.count(),
        CoachingSession.objects.count(),
        DropIn.objects.count(),
        Booking.objects.count(),
    ) == counts
