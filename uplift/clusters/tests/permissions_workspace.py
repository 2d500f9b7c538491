"""The cluster workspace's routes in the permission matrix (see uplift/testing/matrix.py).

- "Your clusters": every signed-in person (the list shows only their own clusters).
- The overview, the action plans and a member school's plan: whoever may view the cluster
  (``CLUSTER_VIEW_*``); changing the timeline, adding an action to a school's plan (POST) and agreeing
  actions: the advisor and managers (``CLUSTER_RUN_*``: member schools' staff 403).

"own" is school A's live cluster with the cast's advisor; "foreign" school B's with the other advisor.
"""

from __future__ import annotations

from uplift.clusters.tests.factories import cluster_and_school, cluster_pk
from uplift.testing.matrix import (
    CLUSTER_RUN_FOREIGN,
    CLUSTER_RUN_OWN,
    CLUSTER_VIEW_FOREIGN,
    CLUSTER_VIEW_OWN,
    LOGIN,
    OK,
    Route,
    expect,
)

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
    Route("clusters:school_plan", CLUSTER_VIEW_OWN, foreign=CLUSTER_VIEW_FOREIGN, args=cluster_and_school),
    Route(
        "clusters:school_plan",
        CLUSTER_RUN_OWN,
        foreign=CLUSTER_RUN_FOREIGN,
        args=cluster_and_school,
        methods=("POST",),
    ),
    Route(
        "clusters:plan_agree",
        CLUSTER_RUN_OWN,
        foreign=CLUSTER_RUN_FOREIGN,
        args=cluster_and_school,
        methods=("POST",),
    ),
]
