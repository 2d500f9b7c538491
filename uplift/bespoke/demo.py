"""Bespoke days in the demo world (``seed_demo(mid=..., finished=..., rng=...)``, called by
``uplift.clusters.demo.seed_demo_clusters``).

The mid-programme cluster has used 4 of its days (1 an output day); the finished cluster all 9
(3 output days). Each day costs £450, recorded as "Bespoke days" spend in the funding ledger. Written
through ``uplift.bespoke.services``; safe to run again (a cluster that already has days is left alone).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from uplift.bespoke import services
from uplift.bespoke.models import BespokeDay, DayType, Length
from uplift.clusters.models import Cluster

DAY_COST = Decimal("450.00")
SPECIALISTS = ["Sam Patel (computing specialist)", "Jo Reid (primary computing consultant)"]
NOTES = {
    DayType.CURRICULUM_DESIGN: "Mapped the programming units across Years 3 to 6 and closed two gaps in progression.",
    DayType.EMBEDDING_PEDAGOGY: "Modelled PRIMM with Year 5 and planned how each class will use it next half term.",
    DayType.OBSERVATION: "Observed two lessons; feedback on questioning and on checking pupils' understanding.",
    DayType.SUBJECT_TEAM: "Led the staff meeting: what good computing looks like in every year group.",
    DayType.OTHER: "Planned the transition project with the local secondary school.",
}
# (type, output day) for each day, in order.
PLAN = [
    (DayType.CURRICULUM_DESIGN, True),
    (DayType.EMBEDDING_PEDAGOGY, False),
    (DayType.OBSERVATION, False),
    (DayType.SUBJECT_TEAM, False),
    (DayType.CURRICULUM_DESIGN, True),
    (DayType.OBSERVATION, False),
    (DayType.OTHER, False),
    (DayType.EMBEDDING_PEDAGOGY, False),
    (DayType.CURRICULUM_DESIGN, True),
]


def _seed(cluster: Cluster, count: int, rng: random.Random) -> None:
    if BespokeDay.objects.filter(cluster=cluster).exists():
        return
    schools = [m.school for m in cluster.members.select_related("school").order_by("school__name")]
    start = cluster.kickoff_on or dt.date.today() - dt.timedelta(days=150)
    end = min(cluster.ends_on or dt.date.today(), dt.date.today())
    step = max((end - start).days // (count + 1), 1)
    advisor = cluster.advisor
    advisor_name = (advisor.full_name or advisor.email) if advisor else "The cluster's advisor"
    for index, (day_type, output) in enumerate(PLAN[:count]):
        on = start + dt.timedelta(days=step * (index + 1) + rng.randint(-3, 3))
        services.bespoke_day_create(
            cluster=cluster,
            draft=services.DayDraft(
                school=schools[index % len(schools)],
                on=min(on, end),
                day_type=day_type,
                description="Transition project" if day_type == DayType.OTHER else "",
                is_output_day=output,
                length=Length.FULL,
                delivered_by=advisor_name if index % 3 != 2 else rng.choice(SPECIALISTS),
                notes=NOTES[day_type],
                cost=DAY_COST,
            ),
            by=advisor,
        )


@transaction.atomic
def seed_demo(*, mid: Cluster, finished: Cluster, rng: random.Random) -> None:
    """4 days (1 output day) for the mid-programme cluster, all 9 (3 output days) for the finished one."""
    _seed(mid, 4, rng)
    _seed(finished, 9, rng)
