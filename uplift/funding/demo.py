"""Funding in the demo world (``seed_demo(mid=..., finished=..., rng=...)``, called by
``uplift.clusters.demo.seed_demo_clusters`` after the bespoke days, whose £450 costs are already in
the ledgers).

The mid-programme cluster has spent about £6,000 across the categories (with its 4 bespoke days) and
has open commitments for the rest of the year - one of them paid already, for less than committed;
the finished cluster spent about £14,500 of its £15,000. Written through ``uplift.funding.services``
(so the history is real); safe to run again (a cluster with entries of its own is left alone).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from uplift.clusters.models import Cluster
from uplift.funding import services
from uplift.funding.models import Category, Kind, LedgerEntry

# (category, amount, description, for one school?)
MID_SPEND = [
    (Category.ADVISOR_TIME, "1300.00", "Action plans with each school and the kick-off", False),
    (Category.SUPPLY_COVER, "1250.00", "Supply cover for workgroup teachers (autumn meetings)", True),
    (Category.COACHING, "900.00", "First two coaching sessions", False),
    (Category.RESOURCES, "180.00", "Micro:bit class set top-up", True),
    (Category.TRAVEL_VENUES, "70.00", "Travel to the kick-off meeting", False),
]
MID_COMMITMENTS = [
    (Category.SUPPLY_COVER, "600.00", "Supply cover for the spring workgroup meeting", True),
    (Category.COACHING, "900.00", "Remaining coaching sessions", False),
    (Category.TRAVEL_VENUES, "250.00", "Venue for the mid-point review", False),
]
FINISHED_SPEND = [
    (Category.ADVISOR_TIME, "4000.00", "Advisor time over the year", False),
    (Category.SUPPLY_COVER, "3200.00", "Supply cover for workgroup teachers", True),
    (Category.COACHING, "2250.00", "Five coaching sessions", False),
    (Category.RESOURCES, "540.00", "Physical computing kits", True),
    (Category.TRAVEL_VENUES, "460.00", "Venues and travel for cluster meetings", False),
]


def _record(cluster: Cluster, rows: list, kind: str, rng: random.Random, *, future: bool = False) -> list[LedgerEntry]:
    schools = [m.school for m in cluster.members.select_related("school").order_by("school__name")]
    start = cluster.kickoff_on or dt.date.today() - dt.timedelta(days=150)
    end = min(cluster.ends_on or dt.date.today(), dt.date.today())
    entries = []
    for index, (category, amount, description, one_school) in enumerate(rows):
        if future:
            on = end + dt.timedelta(days=30 * (index + 1))
        else:
            on = start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))
        entries.append(
            services.entry_create(
                cluster=cluster,
                category=category,
                kind=kind,
                amount=Decimal(amount),
                on=on,
                description=description,
                school=schools[index % len(schools)] if one_school and schools else None,
                confirm_over_budget=True,  # the demo's figures are chosen to fit; never stop on them
                by=cluster.advisor,
            )
        )
    return entries


def _has_own_entries(cluster: Cluster) -> bool:
    return LedgerEntry.objects.filter(cluster=cluster, bespoke_day__isnull=True).exists()


@transaction.atomic
def seed_demo(*, mid: Cluster, finished: Cluster, rng: random.Random) -> None:
    """About £6,000 spent plus open commitments (mid), about £14,500 spent (finished)."""
    if not _has_own_entries(mid):
        _record(mid, MID_SPEND, Kind.SPEND, rng)
        paid, *_ = _record(mid, MID_COMMITMENTS, Kind.COMMITMENT, rng, future=True)
        # One commitment already paid, for a little less than committed.
        services.entry_mark_spent(
            entry=paid,
            amount=Decimal("540.00"),
            on=min(dt.date.today(), mid.ends_on or dt.date.today()),
            expected_version=paid.version,
            by=mid.advisor,
        )
    if not _has_own_entries(finished):
        _record(finished, FINISHED_SPEND, Kind.SPEND, rng)
