"""A regional programme manager manages the clusters of their region and its advisors (``uplift/clusters/
access.py``): the clusters of their region's cohorts, those with a member school in their region and those
advised by an advisor of their region. National managers manage every cluster and advisor."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from uplift.accounts.models import ProgrammeRole
from uplift.accounts.tests.factories import ProgrammeMembershipFactory, UserFactory
from uplift.clusters.access import clusters_for_user, get_cluster_for_user, manages_advisor, manages_cluster
from uplift.clusters.models import AdvisorCapacity
from uplift.clusters.tests.factories import ClusterFactory, ClusterMemberFactory, live_cluster
from uplift.cohorts.tests.factories import CohortFactory
from uplift.schools.tests.factories import SchoolFactory


def test_a_regional_manager_sees_and_manages_their_regions_clusters_only(cast) -> None:
    own = live_cluster(cast, "own")
    foreign = live_cluster(cast, "foreign")
    assert list(clusters_for_user(cast.manager_b)) == [foreign]
    assert set(clusters_for_user(cast.manager)) == {own, foreign}
    assert get_cluster_for_user(cast.manager_b, foreign.pk, act="manage") == foreign
    with pytest.raises(Http404):
        get_cluster_for_user(cast.manager_b, own.pk)


def test_a_cluster_is_a_regions_by_its_cohort_its_schools_or_its_advisor(cast) -> None:
    by_cohort = ClusterFactory(cohort=CohortFactory(region=cast.region_b))
    by_school = ClusterFactory()
    ClusterMemberFactory(cluster=by_school, school=cast.school_b)
    london_advisor = UserFactory()
    ProgrammeMembershipFactory(user=london_advisor, role=ProgrammeRole.ADVISOR, region=cast.region_b)
    by_advisor = ClusterFactory(advisor=london_advisor)
    elsewhere = ClusterFactory(advisor=cast.advisor)
    ClusterMemberFactory(cluster=elsewhere, school=SchoolFactory(local_authority=cast.la_a))
    assert [manages_cluster(cast.manager_b, c) for c in (by_cohort, by_school, by_advisor, elsewhere)] == [
        True,
        True,
        True,
        False,
    ]
    assert all(manages_cluster(cast.manager, c) for c in (by_cohort, by_school, by_advisor, elsewhere))
    assert manages_cluster(cast.advisor, elsewhere) is False  # its advisor runs it but does not manage it


def test_a_regional_manager_sets_their_regions_advisors_capacity_only(cast, client_for) -> None:
    assert [manages_advisor(cast.manager_b, a) for a in (cast.advisor, cast.other_advisor)] == [False, True]
    assert [manages_advisor(cast.manager, a) for a in (cast.advisor, cast.other_advisor)] == [True, True]
    page = client_for(cast.manager_b).get(reverse("clusters:advisors")).content.decode()
    assert cast.other_advisor.full_name in page
    assert cast.advisor.full_name not in page
    refused = client_for(cast.manager_b).post(
        reverse("clusters:advisors"), {"advisor": cast.advisor.pk, "max_clusters": 5}
    )
    assert "Choose an advisor listed on this page" in refused.content.decode()
    assert not AdvisorCapacity.objects.filter(user=cast.advisor).exists()
