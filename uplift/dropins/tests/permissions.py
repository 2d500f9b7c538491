"""The drop-ins app's routes in the permission matrix (see uplift/testing/matrix.py).

The schedule is open to every signed-in person; it is national, so national managers schedule, change and
cancel (others 403, the regional manager_b too); staff (teacher or above) of schools in running clusters book
(others 403); managers and advisors record attendance (others 403); a cluster's page follows
``get_cluster_for_user`` (view).

Drop-ins are not tied to a school, so "foreign" builds another drop-in with school B's cluster added:
by then school A's cluster (built for "own") also exists, so both schools' staff may book.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from uplift.clusters.tests.factories import cluster_kw, cluster_pk, live_cluster
from uplift.dropins.tests.factories import DropInFactory
from uplift.testing.cast import Cast
from uplift.testing.matrix import (
    CLUSTER_STAFF_A,
    CLUSTER_STAFF_B,
    CLUSTER_VIEW_FOREIGN,
    CLUSTER_VIEW_OWN,
    FORBIDDEN,
    LOGIN,
    OK,
    Route,
    Side,
    api,
    each,
    expect,
    for_api,
)

SIGNED_IN = expect(OK, anonymous=LOGIN)
HOSTS = expect(FORBIDDEN, anonymous=LOGIN, advisor=OK, other_advisor=OK, manager=OK, manager_b=OK)
NATIONAL_MANAGERS = expect(FORBIDDEN, anonymous=LOGIN, manager=OK, manager_b=FORBIDDEN)
BOOK_OWN = expect(FORBIDDEN, anonymous=LOGIN, **each(CLUSTER_STAFF_A, OK))
BOOK_FOREIGN = expect(FORBIDDEN, anonymous=LOGIN, **each(CLUSTER_STAFF_A, OK), **each(CLUSTER_STAFF_B, OK))


def dropin_pk(cast: Cast, side: Side) -> list[int]:
    live_cluster(cast, side)
    return [DropInFactory().pk]


def past_dropin_pk(cast: Cast, side: Side) -> list[int]:
    live_cluster(cast, side)
    return [DropInFactory(starts_at=timezone.now() - dt.timedelta(days=2)).pk]


ROUTES = [
    Route("dropins:list", SIGNED_IN),
    Route("dropins:create", NATIONAL_MANAGERS, methods=("GET", "POST")),
    Route("dropins:series", NATIONAL_MANAGERS, methods=("GET", "POST")),
    Route("dropins:detail", SIGNED_IN, foreign=SIGNED_IN, args=dropin_pk),
    Route(
        "dropins:edit",
        NATIONAL_MANAGERS,
        foreign=NATIONAL_MANAGERS,
        args=dropin_pk,
        methods=("GET", "POST"),
    ),
    Route(
        "dropins:cancel",
        NATIONAL_MANAGERS,
        foreign=NATIONAL_MANAGERS,
        args=dropin_pk,
        methods=("GET", "POST"),
    ),
    Route("dropins:book", BOOK_OWN, foreign=BOOK_FOREIGN, args=dropin_pk, methods=("POST",)),
    Route("dropins:unbook", BOOK_OWN, foreign=BOOK_FOREIGN, args=dropin_pk, methods=("POST",)),
    Route("dropins:attendance", HOSTS, foreign=HOSTS, args=past_dropin_pk, methods=("GET", "POST")),
    Route("dropins:cluster", CLUSTER_VIEW_OWN, foreign=CLUSTER_VIEW_FOREIGN, args=cluster_pk),
    api("GET", "/api/v1/dropins", expect=for_api(SIGNED_IN)),
    api(
        "GET",
        "/api/v1/dropins/clusters/{cluster_id}",
        expect=for_api(CLUSTER_VIEW_OWN),
        foreign=for_api(CLUSTER_VIEW_FOREIGN),
        args=cluster_kw,
    ),
]
