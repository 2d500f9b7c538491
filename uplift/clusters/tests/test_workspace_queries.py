"""The busiest cluster pages read the person's roles once (``accounts.access.roles_for``) and the rest in a
fixed number of queries. The ceilings are below what the pages made before roles were read once per request
(the advisor's overview 21, the manager's "Your clusters" 13)."""

from __future__ import annotations

from django.urls import reverse

from uplift.clusters.tests.factories import live_cluster


def test_the_advisors_overview_reads_roles_once(cast, client_for, framework, django_assert_max_num_queries) -> None:
    own = live_cluster(cast, "own")
    client = client_for(cast.advisor)
    with django_assert_max_num_queries(19) as captured:
        response = client.get(reverse("clusters:workspace", args=[own.pk]))
    assert response.status_code == 200
    assert own.name in response.content.decode()
    role_reads = [q["sql"] for q in captured.captured_queries if '"accounts_programmemembership"' in q["sql"]]
    assert len(role_reads) == 1


def test_the_managers_clusters_list_stays_small(cast, client_for, framework, django_assert_max_num_queries) -> None:
    clusters = [live_cluster(cast, "own"), live_cluster(cast, "foreign")]
    client = client_for(cast.manager)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("clusters:index"))
    page = response.content.decode()
    assert [cluster.name in page for cluster in clusters] == [True, True]
