"""The bespoke app's routes in the permission matrix (see uplift/testing/matrix.py).

The days (page, API) are read by whoever views the cluster (member schools' staff, its advisor,
managers); logging, editing and removing a day is for the advisor and managers (member staff 403).
Everyone else gets 404.
"""

from __future__ import annotations

import datetime as dt

from uplift.bespoke.models import BespokeDay, DayType
from uplift.clusters.tests.factories import cluster_id_kw, cluster_pk, live_cluster
from uplift.testing.cast import Cast
from uplift.testing.matrix import (
    CLUSTER_RUN_FOREIGN,
    CLUSTER_RUN_OWN,
    CLUSTER_VIEW_FOREIGN,
    CLUSTER_VIEW_OWN,
    Route,
    Side,
    api,
    for_api,
)


def day(cast: Cast, side: Side) -> list[int]:
    cluster = live_cluster(cast, side)
    logged = BespokeDay.objects.create(
        cluster=cluster,
        school=cast.school_a if side == "own" else cast.school_b,
        on=dt.date.today(),
        day_type=DayType.CURRICULUM_DESIGN,
        delivered_by="Alex Advisor",
    )
    return [cluster.pk, logged.pk]


ROUTES = [
    Route("bespoke:cluster", CLUSTER_VIEW_OWN, foreign=CLUSTER_VIEW_FOREIGN, args=cluster_pk),
    Route("bespoke:add", CLUSTER_RUN_OWN, foreign=CLUSTER_RUN_FOREIGN, args=cluster_pk, methods=("GET", "POST")),
    Route("bespoke:edit", CLUSTER_RUN_OWN, foreign=CLUSTER_RUN_FOREIGN, args=day, methods=("GET", "POST")),
    Route("bespoke:delete", CLUSTER_RUN_OWN, foreign=CLUSTER_RUN_FOREIGN, args=day, methods=("GET", "POST")),
    api(
        "GET",
        "/api/v1/bespoke/clusters/{id}/days",
        expect=for_api(CLUSTER_VIEW_OWN),
        foreign=for_api(CLUSTER_VIEW_FOREIGN),
        args=cluster_id_kw,
    ),
]
