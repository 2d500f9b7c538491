"""The bespoke app's routes in the permission matrix (see uplift/testing/matrix.py).

The days (page, API) are read by whoever views the cluster (member schools' staff, its advisor,
managers); logging, editing and removing a day is for the advisor and managers (member staff 403).
Everyone else gets 404.
"""

from __future__ import annotations

import datetime as dt

from uplift.bespoke.models import BespokeDay, DayType
from uplift.clusters.tests.factories import live_cluster
from uplift.testing.cast import Cast
from uplift.testing.matrix import (
    CLUSTER_RUN_FOREIGN,
    CLUSTER_RUN_OWN,
    CLUSTER_VIEW_FOREIGN,
    CLUSTER_VIEW_OWN,
    UNAUTHORIZED,
    Route,
    Side,
    api,
)


def cluster_pk(cast: Cast, side: Side) -> list[int]:
    return [live_cluster(cast, side).pk]


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


def api_cluster(cast: Cast, side: Side) -> dict[str, int]:
    return {"id": live_cluster(cast, side).pk}


API_VIEW_OWN = {**CLUSTER_VIEW_OWN, "anonymous": UNAUTHORIZED}
API_VIEW_FOREIGN = {**CLUSTER_VIEW_FOREIGN, "anonymous": UNAUTHORIZED}

ROUTES = [
    Route("bespoke:cluster", CLUSTER_VIEW_OWN, foreign=CLUSTER_VIEW_FOREIGN, args=cluster_pk),
    Route("bespoke:add", CLUSTER_RUN_OWN, foreign=CLUSTER_RUN_FOREIGN, args=cluster_pk, methods=("GET", "POST")),
    Route("bespoke:edit", CLUSTER_RUN_OWN, foreign=CLUSTER_RUN_FOREIGN, args=day, methods=("GET", "POST")),
    Route("bespoke:delete", CLUSTER_RUN_OWN, foreign=CLUSTER_RUN_FOREIGN, args=day, methods=("GET", "POST")),
    api("GET", "/api/v1/bespoke/clusters/{id}/days", expect=API_VIEW_OWN, foreign=API_VIEW_FOREIGN, args=api_cluster),
]
