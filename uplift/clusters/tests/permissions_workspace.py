"""The cluster workspace's routes in the permission matrix (see uplift/testing/matrix.py).

- "Your clusters": every signed-in person (the list shows only their own clusters).
- The overview, the action plans and a member school's plan: whoever may view the cluster
  (``CLUSTER_VIEW_*``); changing the timeline, adding an action to a school's plan (POST) and agreeing
  actions: the advisor and managers (``CLUSTER_RUN_*``: member schools' staff 403).

"own" is school A's live cluster with the cast's advisor; "foreign" school B's with the other advisor.
"""

from __future__ import annotations

from uplift.clusters.tests.factories import live_cluster
from uplift.testing.cast import Cast
from uplift.testing.matrix import (
    CLUSTER_RUN_FOREIGN,
    CLUSTER_RUN_OWN,
    CLUSTER_VIEW_FOREIGN,
    CLUSTER_VIEW_OWN,
    LOGIN,
    OK,
    Route,
    Side,
    expect,
)


def cluster_pk(cast: Cast, side: Side) -> list[int]:
    return [live_cluster(cast, side).pk]


def cluster_school(cast: Cast, side: Side) -> list[int]:
    school = cast.school_a if side == "own" else cast.school_b
    return [live_cluster(cast, side).pk, school.urn]


ROUTES = [
    Route("clusters:index", expect(OK, anonymous=LOGIN)),
    Route("clusters:workspace", CLUSTER_VIEW_OWN, foreign=CLUSTER_VIEW_FOREIGN, args=cluster_pk),
    Route(
        "clusters:timeline_edit",
        CLUSTER_RUN_OWN,
        foreign=CLUSTER_RUN_FOREIGN,
        args=cluster_pk,
        methods=("GET", "POST"),
    ),
    Route("clusters:plans", CLUSTER_VIEW_OWN, foreign=CLUSTER_VIEW_FOREIGN, args=cluster_pk),
    Route("clusters:school_plan", CLUSTER_VIEW_OWN, foreign=CLUSTER_VIEW_FOREIGN, args=cluster_school),
    Route(
        "clusters:school_plan",
        CLUSTER_RUN_OWN,
        foreign=CLUSTER_RUN_FOREIGN,
        args=cluster_school,
        methods=("POST",),
    ),
    Route(
        "clusters:plan_agree",
        CLUSTER_RUN_OWN,
        foreign=CLUSTER_RUN_FOREIGN,
        args=cluster_school,
        methods=("POST",),
    ),
]
