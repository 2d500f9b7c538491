"""The coaching app's routes in the permission matrix (see uplift/testing/matrix.py).

Objects: "own" is a coaching in school A's live cluster (advisor: the cast's advisor) with the teacher as
coachee and the *other* advisor as coach; "foreign" the mirror in school B's cluster (teacher_b coached
by the cast's advisor). So each advisor is the cluster's advisor on one side and the coach on the other:

- the summary: coachee, coach, the cluster's advisor, managers (other member staff 404: discretion);
- the notes: coach and coachee only (the cluster's advisor and managers 403);
- logging or changing a session: the coach only; the coachee's reflection: the coachee only;
- assigning a coach: the cluster's advisor and managers; closing: the coachee, advisor and managers.
"""

from __future__ import annotations

from uplift.clusters.tests.factories import cluster_kw, cluster_pk, live_cluster
from uplift.coaching.models import Coaching
from uplift.coaching.tests.factories import coaching_in, session_in
from uplift.testing.cast import Cast
from uplift.testing.matrix import (
    CLUSTER_STAFF_A,
    CLUSTER_VIEW_FOREIGN,
    CLUSTER_VIEW_OWN,
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


def coaching_for(cast: Cast, side: Side) -> Coaching:
    cluster = live_cluster(cast, side)
    if side == "own":
        coaching = coaching_in(cluster, coachee=cast.teacher, school=cast.school_a, coach=cast.other_advisor)
    else:
        coaching = coaching_in(cluster, coachee=cast.teacher_b, school=cast.school_b, coach=cast.advisor)
    session_in(coaching, notes="Private notes")
    return coaching


def coaching_pk(cast: Cast, side: Side) -> list[int]:
    return [coaching_for(cast, side).pk]


def session_pks(cast: Cast, side: Side) -> list[int]:
    coaching = coaching_for(cast, side)
    return [coaching.pk, coaching.sessions.get().pk]


def _by(side: Side, *, coachee: object = NOT_FOUND, coach: object = NOT_FOUND, runner: object = NOT_FOUND):
    """Outcomes by part played: on "own" the teacher is coachee, other_advisor coach, advisor runs the
    cluster; on "foreign" teacher_b, advisor and other_advisor."""
    if side == "own":
        parts = {"teacher": coachee, "other_advisor": coach, "advisor": runner}
    else:
        # The regional manager_b manages school B's cluster: it counts as running it there (404 in A's).
        parts = {"teacher_b": coachee, "advisor": coach, "other_advisor": runner, "manager_b": runner}
    return expect(NOT_FOUND, anonymous=LOGIN, manager=runner, **parts)


NOMINATE_OWN = expect(NOT_FOUND, anonymous=LOGIN, advisor=FORBIDDEN, manager=FORBIDDEN, **each(CLUSTER_STAFF_A, OK))
NOMINATE_FOREIGN = expect(
    NOT_FOUND, anonymous=LOGIN, other_advisor=FORBIDDEN, manager=FORBIDDEN, manager_b=FORBIDDEN, lead_b=OK, teacher_b=OK
)


ROUTES = [
    Route("coaching:cluster", CLUSTER_VIEW_OWN, foreign=CLUSTER_VIEW_FOREIGN, args=cluster_pk),
    Route("coaching:nominate", NOMINATE_OWN, foreign=NOMINATE_FOREIGN, args=cluster_pk, methods=("GET", "POST")),
    Route("coaching:mine", expect(OK, anonymous=LOGIN)),
    Route(
        "coaching:detail",
        _by("own", coachee=OK, coach=OK, runner=OK),
        foreign=_by("foreign", coachee=OK, coach=OK, runner=OK),
        args=coaching_pk,
    ),
    Route(
        "coaching:notes",
        _by("own", coachee=OK, coach=OK, runner=FORBIDDEN),
        foreign=_by("foreign", coachee=OK, coach=OK, runner=FORBIDDEN),
        args=coaching_pk,
    ),
    Route(
        "coaching:assign",
        _by("own", coachee=FORBIDDEN, coach=FORBIDDEN, runner=OK),
        foreign=_by("foreign", coachee=FORBIDDEN, coach=FORBIDDEN, runner=OK),
        args=coaching_pk,
        methods=("GET", "POST"),
    ),
    Route(
        "coaching:close",
        _by("own", coachee=OK, coach=FORBIDDEN, runner=OK),
        foreign=_by("foreign", coachee=OK, coach=FORBIDDEN, runner=OK),
        args=coaching_pk,
        methods=("POST",),
    ),
    Route(
        "coaching:log",
        _by("own", coachee=FORBIDDEN, coach=OK, runner=FORBIDDEN),
        foreign=_by("foreign", coachee=FORBIDDEN, coach=OK, runner=FORBIDDEN),
        args=coaching_pk,
        methods=("GET", "POST"),
    ),
    Route(
        "coaching:session_edit",
        _by("own", coachee=FORBIDDEN, coach=OK, runner=FORBIDDEN),
        foreign=_by("foreign", coachee=FORBIDDEN, coach=OK, runner=FORBIDDEN),
        args=session_pks,
        methods=("GET", "POST"),
    ),
    Route(
        "coaching:reflect",
        _by("own", coachee=OK, coach=FORBIDDEN, runner=FORBIDDEN),
        foreign=_by("foreign", coachee=OK, coach=FORBIDDEN, runner=FORBIDDEN),
        args=session_pks,
        methods=("GET", "POST"),
    ),
    api(
        "GET",
        "/api/v1/coaching/clusters/{cluster_id}",
        expect=for_api(CLUSTER_VIEW_OWN),
        foreign=for_api(CLUSTER_VIEW_FOREIGN),
        args=cluster_kw,
    ),
]
