"""The home page reads the person's roles once (``accounts.access.roles_for``) and lists only the kinds of
membership they have: below the 10 queries it made before."""

from __future__ import annotations

from django.urls import reverse


def test_a_managers_home_page_reads_roles_once(cast, client_for, django_assert_max_num_queries) -> None:
    client = client_for(cast.manager)
    with django_assert_max_num_queries(8) as captured:
        response = client.get(reverse("pages:home"))
    assert "Programme manager" in response.content.decode()
    snapshot_reads = [q["sql"] for q in captured.captured_queries if '"hub__local_authorities"' in q["sql"]]
    assert len(snapshot_reads) == 1


def test_a_teachers_task_list_stays_small(cast, client_for, framework, django_assert_max_num_queries) -> None:
    client = client_for(cast.teacher)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("assessments:overview", args=[cast.school_a.urn]))
    assert cast.school_a.name in response.content.decode()
