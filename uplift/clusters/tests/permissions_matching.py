"""Matching and confirming in the permission matrix, and the small synthetic cohorts the matching tests use.

- The cohort's matching pages (start, progress, move, confirm): the cohort's managers; other managers 404,
  everyone else signed in 403 (``COHORT_MANAGERS_*``: the cohort is of the side's region), as for the rest of
  a cohort's management.
- A proposed cluster's split and merge (``get_cluster_for_user(act="manage")``): a proposal is seen by managers
  only, so everyone else gets 404.
- A confirmed cluster's advisor: managers (``CLUSTER_MANAGE_OWN/_FOREIGN``).
- The API's run and proposal: managers only (403 for the others signed in, 401 without credentials).

"own" builds a cohort around school A (primary, Preston), "foreign" one around school B (secondary, London).
"""

from __future__ import annotations

from uplift.clusters.models import Cluster, ClusterMember, ClusterStatus, MatchRun, MatchRunStatus
from uplift.clusters.tests.factories import ClusterFactory, live_cluster
from uplift.cohorts.models import Cohort
from uplift.cohorts.tests.factories import CohortApplicationFactory, CohortFactory
from uplift.schools.models import School
from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.cast import Cast
from uplift.testing.matrix import (
    CLUSTER_MANAGE_FOREIGN,
    CLUSTER_MANAGE_OWN,
    COHORT_MANAGERS_FOREIGN,
    COHORT_MANAGERS_OWN,
    LOGIN,
    NOT_FOUND,
    OK,
    PROGRAMME_MANAGERS_ONLY,
    Route,
    Side,
    api,
    expect,
    for_api,
)

DIMS = ("leadership", "curriculum", "teaching", "staff_development", "inclusion", "careers", "impact")


def needs_of(*values: float) -> dict[str, float]:
    """A needs dict (dimension slug -> 0..3) from up to 7 values in the engine's order (the rest 0)."""
    return {d: float(v) for d, v in zip(DIMS, (*values, 0, 0, 0, 0, 0, 0, 0), strict=False)}


def add_school(cohort: Cohort, near: School, east_km: float, north_km: float, needs: dict, **fields: object) -> School:
    """A school ``east_km``/``north_km`` from ``near`` with a submitted application to ``cohort``."""
    fields.setdefault("phase", near.phase)
    school = SchoolFactory(
        local_authority=near.local_authority,
        easting=int((near.easting or 0) + 1000 * east_km),
        northing=int((near.northing or 0) + 1000 * north_km),
        **fields,
    )
    CohortApplicationFactory(cohort=cohort, school=school, needs=needs)
    return school


def matching_cohort(cast: Cast, side: Side = "own", **fields: object) -> Cohort:
    """A cohort with 9 submitted applications around the side's school: two groups of four same-phase schools
    (one needing leadership most, one curriculum, 16 km apart) and one all-through school on its own (which
    no valid cluster can hold)."""
    near = cast.school_a if side == "own" else cast.school_b
    fields.setdefault("region", near.region)
    cohort = CohortFactory(**fields)
    CohortApplicationFactory(cohort=cohort, school=near, needs=needs_of(3, 1, 1, 0.5, 0, 0, 0.5))
    for east, north in ((2, 0), (0, 2), (2, 2)):
        add_school(cohort, near, east, north, needs_of(2.75, 1, 1.25, 0.5, 0, 0, 0.5))
    for east, north in ((16, 0), (18, 0), (16, 2), (18, 2)):
        add_school(cohort, near, east, north, needs_of(0.5, 3, 1, 0, 0.5, 0, 0))
    add_school(cohort, near, -5, -5, needs_of(1, 1, 1), phase="all_through")
    return cohort


def _cohort_pk(cast: Cast, side: Side) -> list[int]:
    return [matching_cohort(cast, side).pk]


def _run(cast: Cast, side: Side) -> list[int]:
    cohort = matching_cohort(cast, side)
    run = MatchRun.objects.create(cohort=cohort, status=MatchRunStatus.RUNNING, progress=40, params={"seed": 0})
    return [cohort.pk, run.pk]


def proposed(cast: Cast, side: Side) -> Cluster:
    """A proposed cluster of the side's school and two neighbours, and a second one to merge with."""
    cohort = matching_cohort(cast, side)
    school = cast.school_a if side == "own" else cast.school_b
    cluster = ClusterFactory(
        cohort=cohort, number=1, status=ClusterStatus.PROPOSED, confirmed_at=None, meeting_school=school
    )
    other = ClusterFactory(cohort=cohort, number=2, status=ClusterStatus.PROPOSED, confirmed_at=None)
    for application in cohort.applications.select_related("school").order_by("pk")[:6]:
        target = cluster if application.school_id == school.pk or cluster.members.count() < 3 else other
        ClusterMember.objects.create(cluster=target, school=application.school, application=application)
    MatchRun.objects.create(cohort=cohort, status=MatchRunStatus.SUCCEEDED, progress=100, params={"seed": 0})
    return cluster


def _move(cast: Cast, side: Side) -> list[int]:
    cluster = proposed(cast, side)
    school = cast.school_a if side == "own" else cast.school_b
    return [cluster.cohort_id, school.urn]


def _proposed_pk(cast: Cast, side: Side) -> list[int]:
    return [proposed(cast, side).pk]


def _live_pk(cast: Cast, side: Side) -> list[int]:
    return [live_cluster(cast, side).pk]


# The cohort is of the side's region: the regional manager_b manages school B's (404 for school A's).
MANAGERS = COHORT_MANAGERS_OWN
MANAGERS_FOREIGN = COHORT_MANAGERS_FOREIGN
PROPOSAL = expect(NOT_FOUND, anonymous=LOGIN, manager=OK)
PROPOSAL_FOREIGN = expect(NOT_FOUND, anonymous=LOGIN, manager=OK, manager_b=OK)
API_MANAGERS = for_api(COHORT_MANAGERS_OWN)
API_MANAGERS_FOREIGN = for_api(COHORT_MANAGERS_FOREIGN)

ROUTES = [
    Route("clusters:advisors", PROGRAMME_MANAGERS_ONLY, methods=("GET", "POST")),
    Route("clusters:matching", MANAGERS, foreign=MANAGERS_FOREIGN, args=_cohort_pk, methods=("GET", "POST")),
    Route("clusters:matching_run", MANAGERS, foreign=MANAGERS_FOREIGN, args=_run),
    Route("clusters:matching_move", MANAGERS, foreign=MANAGERS_FOREIGN, args=_move, methods=("GET", "POST")),
    Route("clusters:matching_confirm", MANAGERS, foreign=MANAGERS_FOREIGN, args=_cohort_pk, methods=("GET", "POST")),
    Route("clusters:matching_split", PROPOSAL, foreign=PROPOSAL_FOREIGN, args=_proposed_pk, methods=("GET", "POST")),
    Route("clusters:matching_merge", PROPOSAL, foreign=PROPOSAL_FOREIGN, args=_proposed_pk, methods=("GET", "POST")),
    Route(
        "clusters:matching_advisor",
        CLUSTER_MANAGE_OWN,
        foreign=CLUSTER_MANAGE_FOREIGN,
        args=_live_pk,
        methods=("GET", "POST"),
    ),
    api(
        "GET",
        "/api/v1/clusters/runs/{id}",
        expect=API_MANAGERS,
        foreign=API_MANAGERS_FOREIGN,
        args=lambda cast, side: {"id": _run(cast, side)[1]},
    ),
    api(
        "GET",
        "/api/v1/clusters/cohorts/{id}/proposal",
        expect=API_MANAGERS,
        foreign=API_MANAGERS_FOREIGN,
        args=lambda cast, side: {"id": proposed(cast, side).cohort_id},
    ),
]
