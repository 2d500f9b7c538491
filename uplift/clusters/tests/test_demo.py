"""The Computing Clusters demo world: a cluster mid-programme with Oakfield, a finished one with a result."""

from __future__ import annotations

import pytest

from uplift.clusters.access import get_cluster_for_user
from uplift.clusters.demo import seed_demo_clusters
from uplift.clusters.models import Cluster, ClusterMember, ClusterStatus
from uplift.frameworks.models import Framework
from uplift.impact.selectors import impact_report
from uplift.pages.demo import build_demo_world

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_cluster_mid_programme_and_a_finished_one_with_improvement(framework: Framework, client) -> None:
    world = build_demo_world()  # seeds the clusters itself

    mid = Cluster.objects.get(status=ClusterStatus.CONFIRMED)
    finished = Cluster.objects.get(status=ClusterStatus.FINISHED)
    # Mid-programme: Oakfield and 3-4 primary schools near it, the demo advisor, baselines for all.
    schools = [member.school for member in mid.members.all()]
    assert world.home_school in schools
    assert 4 <= len(schools) <= 5
    assert {school.phase for school in schools} == {world.home_school.phase}
    assert mid.advisor == world.users["advisor"]
    assert mid.kickoff_on < mid.midpoint_on < mid.ends_on
    assert mid.budget == mid.cohort.funding_per_cluster
    assert not mid.members.filter(baseline_snapshot__isnull=True).exists()
    assert not mid.members.filter(end_snapshot__isnull=False).exists()
    assert get_cluster_for_user(world.users["lead"], mid.pk) == mid
    # The advisor's plan: actions agreed with every school, on its gaps.
    for school in schools:
        assert school.actions.filter(cluster=mid).exists()
    assert mid.kickoff_on == mid.cohort.starts_on
    # Finished: four schools, every end snapshot recorded, in an older cohort.
    assert finished.members.count() == 4
    assert finished.finished_at is not None
    assert finished.cohort.starts_on < mid.cohort.starts_on
    assert not finished.members.filter(end_snapshot__isnull=True).exists()
    assert not ClusterMember.objects.filter(cluster=finished, school=world.home_school).exists()

    report = impact_report(finished)
    changes = [a.change for a in report.averages]
    assert all(change is not None and change >= 0 for change in changes)
    assert sum(changes) > 0
    client.force_login(world.users["lead"], backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(f"/clusters/{mid.pk}/impact/").content.decode()
    assert "Record our end-of-programme snapshot" in page
    client.force_login(world.users["advisor"], backend="django.contrib.auth.backends.ModelBackend")
    finished_page = client.get(f"/clusters/{finished.pk}/impact/").content.decode()
    assert "Finished" in finished_page and "<strong>+" in finished_page

    seed_demo_clusters(world)  # again: nothing new
    assert Cluster.objects.filter(status__in=["confirmed", "finished"]).count() == 2


def test_the_demos_open_cohort_can_be_matched_into_clusters(framework: Framework) -> None:
    from uplift.clusters import services
    from uplift.cohorts.models import Cohort

    world = build_demo_world()
    cohort = Cohort.objects.get(confirmed_at__isnull=True)
    run = services.matching_run_now(cohort, by=world.users["manager"])

    proposed = Cluster.objects.filter(cohort=cohort, status=ClusterStatus.PROPOSED)
    assert run.status == "succeeded"
    assert proposed.count() >= 2
    assert sum(c.members.count() for c in proposed) >= 9
