"""The impact app's routes in the permission matrix (see uplift/testing/matrix.py).

- The report, its PDF and the API: whoever may view the cluster (member schools' staff, its advisor,
  managers).
- Recording an end snapshot: staff (teacher or above) of a member school, for their own school; the
  advisor and managers see the cluster but may not write to the school (403).
- Reminding: the advisor and managers (``run``). Finishing: managers (``manage``); an empty post is
  answered with the form's error (the schools have not recorded), so managers get a 2xx.
- The cohort summary: the cohort's managers (``COHORT_MANAGERS_*``: the regional manager_b for school B's
  region's cohort only).
"""

from __future__ import annotations

from uplift.clusters.tests.factories import cluster_and_school, cluster_kw, cluster_pk, live_cluster
from uplift.cohorts.tests.factories import CohortFactory
from uplift.testing.cast import Cast
from uplift.testing.matrix import (
    CLUSTER_MANAGE_FOREIGN,
    CLUSTER_MANAGE_OWN,
    CLUSTER_RUN_FOREIGN,
    CLUSTER_RUN_OWN,
    CLUSTER_STAFF_A,
    CLUSTER_STAFF_B,
    CLUSTER_VIEW_FOREIGN,
    CLUSTER_VIEW_OWN,
    COHORT_MANAGERS_FOREIGN,
    COHORT_MANAGERS_OWN,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    Route,
    Side,
    api,
    each,
    expect,
    for_api,
)

RECORD_OWN = expect(NOT_FOUND, anonymous=LOGIN, advisor=FORBIDDEN, manager=FORBIDDEN, **each(CLUSTER_STAFF_A, OK))
RECORD_FOREIGN = expect(
    NOT_FOUND,
    anonymous=LOGIN,
    other_advisor=FORBIDDEN,
    manager=FORBIDDEN,
    manager_b=FORBIDDEN,
    **each(CLUSTER_STAFF_B, OK),
)


def cohort_pk(cast: Cast, side: Side) -> list[int]:
    """A cohort of the side's region with the side's live cluster in it."""
    region = cast.region_a if side == "own" else cast.region_b
    return [live_cluster(cast, side, cohort=CohortFactory(region=region)).cohort_id]


ROUTES = [
    Route("impact:report", CLUSTER_VIEW_OWN, foreign=CLUSTER_VIEW_FOREIGN, args=cluster_pk),
    Route("impact:report_pdf", CLUSTER_VIEW_OWN, foreign=CLUSTER_VIEW_FOREIGN, args=cluster_pk),
    Route("impact:record_end", RECORD_OWN, foreign=RECORD_FOREIGN, args=cluster_and_school, methods=("POST",)),
    Route("impact:remind", CLUSTER_RUN_OWN, foreign=CLUSTER_RUN_FOREIGN, args=cluster_pk, methods=("POST",)),
    Route(
        "impact:finish", CLUSTER_MANAGE_OWN, foreign=CLUSTER_MANAGE_FOREIGN, args=cluster_pk, methods=("GET", "POST")
    ),
    Route("impact:cohort", COHORT_MANAGERS_OWN, foreign=COHORT_MANAGERS_FOREIGN, args=cohort_pk),
    api(
        "GET",
        "/api/v1/impact/clusters/{cluster_id}",
        expect=for_api(CLUSTER_VIEW_OWN),
        foreign=for_api(CLUSTER_VIEW_FOREIGN),
        args=cluster_kw,
    ),
]
