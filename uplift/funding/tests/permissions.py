"""The funding app's routes in the permission matrix (see uplift/testing/matrix.py).

The ledger (page, CSV, API) is read by whoever views the cluster (member schools' staff, its advisor,
managers); entries are recorded, edited, marked spent and removed by the advisor and managers (member
staff 403); the budget is changed by managers only (the advisor 403). Everyone else gets 404.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from uplift.clusters.tests.factories import cluster_id_kw, cluster_pk, live_cluster
from uplift.funding.models import Category, Kind, LedgerEntry
from uplift.testing.cast import Cast
from uplift.testing.matrix import (
    CLUSTER_MANAGE_FOREIGN,
    CLUSTER_MANAGE_OWN,
    CLUSTER_RUN_FOREIGN,
    CLUSTER_RUN_OWN,
    CLUSTER_VIEW_FOREIGN,
    CLUSTER_VIEW_OWN,
    Route,
    Side,
    api,
    for_api,
)


def commitment(cast: Cast, side: Side) -> list[int]:
    cluster = live_cluster(cast, side)
    entry = LedgerEntry.objects.create(
        cluster=cluster,
        category=Category.SUPPLY_COVER,
        kind=Kind.COMMITMENT,
        amount=Decimal("300.00"),
        on=dt.date.today(),
        description="Supply cover for the workgroup meeting",
    )
    return [cluster.pk, entry.pk]


ROUTES = [
    Route("funding:cluster", CLUSTER_VIEW_OWN, foreign=CLUSTER_VIEW_FOREIGN, args=cluster_pk),
    Route("funding:export_csv", CLUSTER_VIEW_OWN, foreign=CLUSTER_VIEW_FOREIGN, args=cluster_pk),
    Route("funding:add", CLUSTER_RUN_OWN, foreign=CLUSTER_RUN_FOREIGN, args=cluster_pk, methods=("GET", "POST")),
    Route(
        "funding:budget", CLUSTER_MANAGE_OWN, foreign=CLUSTER_MANAGE_FOREIGN, args=cluster_pk, methods=("GET", "POST")
    ),
    Route("funding:edit", CLUSTER_RUN_OWN, foreign=CLUSTER_RUN_FOREIGN, args=commitment, methods=("GET", "POST")),
    Route("funding:mark_spent", CLUSTER_RUN_OWN, foreign=CLUSTER_RUN_FOREIGN, args=commitment, methods=("GET", "POST")),
    Route("funding:delete", CLUSTER_RUN_OWN, foreign=CLUSTER_RUN_FOREIGN, args=commitment, methods=("GET", "POST")),
    api(
        "GET",
        "/api/v1/funding/clusters/{id}/ledger",
        expect=for_api(CLUSTER_VIEW_OWN),
        foreign=for_api(CLUSTER_VIEW_FOREIGN),
        args=cluster_id_kw,
    ),
]
