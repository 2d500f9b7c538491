import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from uplift.clusters.access import can_run_cluster, get_cluster_for_user
from uplift.clusters.models import ClusterStatus
from uplift.clusters.tests.factories import live_cluster

pytestmark = pytest.mark.django_db


def test_member_staff_advisor_and_manager_see_a_live_cluster(cast):
    cluster = live_cluster(cast)
    for person in (cast.lead, cast.head, cast.teacher, cast.advisor, cast.manager):
        assert get_cluster_for_user(person, cluster.pk) == cluster


WHO = ["governor", "trust_lead", "other_advisor", "assessor", "hub_lead", "lead_b", "outsider"]


@pytest.mark.parametrize("who", WHO)
def test_everyone_else_gets_404(cast, who):
    cluster = live_cluster(cast)
    with pytest.raises(Http404):
        get_cluster_for_user(getattr(cast, who), cluster.pk)


def test_only_advisor_and_managers_run_and_only_managers_manage(cast):
    cluster = live_cluster(cast)
    assert get_cluster_for_user(cast.advisor, cluster.pk, act="run") == cluster
    assert get_cluster_for_user(cast.manager, cluster.pk, act="run") == cluster
    with pytest.raises(PermissionDenied):
        get_cluster_for_user(cast.lead, cluster.pk, act="run")
    with pytest.raises(PermissionDenied):
        get_cluster_for_user(cast.advisor, cluster.pk, act="manage")
    assert get_cluster_for_user(cast.manager, cluster.pk, act="manage") == cluster


def test_a_proposal_is_for_managers_only(cast):
    cluster = live_cluster(cast, status=ClusterStatus.PROPOSED)
    assert get_cluster_for_user(cast.manager, cluster.pk) == cluster
    for person in (cast.lead, cast.advisor):
        with pytest.raises(Http404):
            get_cluster_for_user(person, cluster.pk)


def test_an_advisor_who_lost_the_role_no_longer_sees_it(cast):
    cluster = live_cluster(cast)
    cast.advisor.programme_memberships.all().delete()
    with pytest.raises(Http404):
        get_cluster_for_user(cast.advisor, cluster.pk)


def test_can_run_cluster_is_the_run_rule(cast):
    cluster = live_cluster(cast)
    assert can_run_cluster(cast.advisor, cluster)
    assert can_run_cluster(cast.manager, cluster)
    for person in (cast.lead, cast.teacher, cast.other_advisor, cast.outsider):
        assert not can_run_cluster(person, cluster)
    cast.advisor.programme_memberships.all().delete()
    assert not can_run_cluster(cast.advisor, cluster)


def test_a_finished_cluster_is_read_only_for_everyone(cast, client_for):
    from django.urls import reverse

    from uplift.clusters.access import runs_cluster
    from uplift.workgroups.models import Workgroup

    cluster = live_cluster(cast, status=ClusterStatus.FINISHED)
    workgroup = Workgroup.objects.create(cluster=cluster, name="Programming")
    for person in (cast.advisor, cast.manager):
        assert get_cluster_for_user(person, cluster.pk) == cluster
        assert runs_cluster(person, cluster) and not can_run_cluster(person, cluster)
        with pytest.raises(PermissionDenied, match="has finished"):
            get_cluster_for_user(person, cluster.pk, act="run")
    # The pages show no recording controls, and posting anyway is refused.
    advisor = client_for(cast.advisor)
    assert "Record spend" not in advisor.get(reverse("funding:cluster", args=[cluster.pk])).text
    assert "Log a bespoke day" not in advisor.get(reverse("bespoke:cluster", args=[cluster.pk])).text
    assert advisor.post(reverse("funding:add", args=[cluster.pk]), {}).status_code == 403
    assert advisor.post(reverse("workgroups:meeting_create", args=[workgroup.pk]), {}).status_code == 403
