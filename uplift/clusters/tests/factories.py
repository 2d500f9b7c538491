"""Factories for clusters, and ``live_cluster(cast, side)``: the confirmed cluster every workspace test and
permission declaration uses ("own": school A with the cast's advisor; "foreign": school B with the other
advisor; each with two more schools of the same phase nearby)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from uplift.clusters.models import Cluster, ClusterMember, ClusterStatus
from uplift.cohorts.tests.factories import CohortFactory
from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.cast import Cast
from uplift.testing.matrix import Side


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    cohort = factory.SubFactory(CohortFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Cluster {o.number}")
    phase = "Primary"
    status = ClusterStatus.CONFIRMED
    focus = factory.LazyFunction(lambda: ["curriculum", "teaching-and-learning"])
    budget = Decimal("15000.00")
    kickoff_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=60))
    midpoint_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=120))
    ends_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=305))
    confirmed_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC) - dt.timedelta(days=70))


class ClusterMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterMember

    cluster = factory.SubFactory(ClusterFactory)
    school = factory.SubFactory(SchoolFactory)
    km_to_meeting = 3.5
    reason = "Shares the cluster's focus on curriculum."


def live_cluster(cast: Cast, side: str = "own", **fields: object) -> Cluster:
    """A confirmed cluster mid-programme around the side's school (see the module docstring)."""
    school = cast.school_a if side == "own" else cast.school_b
    advisor = cast.advisor if side == "own" else cast.other_advisor
    cluster = ClusterFactory(phase=school.get_phase_display(), advisor=advisor, meeting_school=school, **fields)
    ClusterMemberFactory(cluster=cluster, school=school, km_to_meeting=0.0)
    for offset in (1, 2):
        other = SchoolFactory(
            phase=school.phase,
            local_authority=school.local_authority,
            easting=(school.easting or 0) + 2000 * offset,
            northing=school.northing,
        )
        ClusterMemberFactory(cluster=cluster, school=other, km_to_meeting=2.0 * offset)
    return cluster


# Builders of a route's arguments for the permission matrix (``Route(..., args=cluster_pk)``): each makes
# the side's live cluster and returns what the URL or API path takes.


def cluster_pk(cast: Cast, side: Side) -> list[int]:
    """``[pk]`` of the side's live cluster, for a URL that takes the cluster."""
    return [live_cluster(cast, side).pk]


def cluster_and_school(cast: Cast, side: Side) -> list[int]:
    """``[cluster pk, school urn]``: the side's live cluster and the side's school (a member of it)."""
    school = cast.school_a if side == "own" else cast.school_b
    return [live_cluster(cast, side).pk, school.urn]


def cluster_kw(cast: Cast, side: Side) -> dict[str, int]:
    """``{"cluster_id": pk}`` of the side's live cluster, for an API path with ``{cluster_id}``."""
    return {"cluster_id": live_cluster(cast, side).pk}


def cluster_id_kw(cast: Cast, side: Side) -> dict[str, int]:
    """``{"id": pk}`` of the side's live cluster, for an API path with ``{id}``."""
    return {"id": live_cluster(cast, side).pk}
