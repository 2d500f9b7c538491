"""The demo's days and spend: the figures the brief promises, written through the services, and safe to
run again."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from uplift.bespoke import demo as bespoke_demo
from uplift.bespoke.models import BespokeDay
from uplift.bespoke.selectors import summary
from uplift.clusters.models import ClusterStatus
from uplift.clusters.tests.factories import live_cluster
from uplift.funding import demo as funding_demo
from uplift.funding.models import Category, Kind, LedgerEntry, LedgerEvent
from uplift.funding.selectors import totals


def seed(mid, finished) -> None:
    bespoke_demo.seed_demo(mid=mid, finished=finished, rng=random.Random(1))
    funding_demo.seed_demo(mid=mid, finished=finished, rng=random.Random(2))


def test_demo_days_and_spend_for_a_mid_programme_and_a_finished_cluster(cast) -> None:
    mid = live_cluster(cast)
    today = dt.date.today()
    finished = live_cluster(
        cast,
        "foreign",
        status=ClusterStatus.FINISHED,
        kickoff_on=today - dt.timedelta(days=600),
        ends_on=today - dt.timedelta(days=240),
    )
    seed(mid, finished)
    seed(mid, finished)  # again: nothing doubles

    s = summary(mid)
    assert (s.used, s.output_used) == (Decimal("4"), Decimal("1"))
    t = totals(mid)
    assert t.spent == Decimal("6040.00") and t.committed == Decimal("1150.00")
    assert {c.category for c in t.by_category if c.spent} == set(Category.values) - {Category.OTHER}
    assert LedgerEntry.objects.filter(cluster=mid, committed_amount=Decimal("600.00"), kind=Kind.SPEND).exists()

    s = summary(finished)
    assert (s.used, s.output_used, s.remaining) == (Decimal("9"), Decimal("3"), Decimal("0"))
    t = totals(finished)
    assert (t.spent, t.committed, t.remaining) == (Decimal("14500.00"), Decimal("0"), Decimal("500.00"))
    assert all(finished.kickoff_on <= d.on <= finished.ends_on for d in BespokeDay.objects.filter(cluster=finished))
    assert LedgerEvent.objects.filter(cluster=finished).count() == 14  # 9 days' costs + 5 entries
