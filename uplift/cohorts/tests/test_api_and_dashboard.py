"""The cohorts API (managers only) and the home page links."""

from __future__ import annotations

from django.urls import reverse

from uplift.cohorts.models import CohortApplicationStatus
from uplift.cohorts.tests.factories import CohortApplicationFactory, CohortFactory


def test_a_manager_lists_cohorts_and_applications(cast, client_for) -> None:
    cohort = CohortFactory(name="April 2027", funded_clusters=4)
    CohortApplicationFactory(cohort=cohort, school=cast.school_a, priority_dimensions=["impact"], needs={"impact": 2.5})
    CohortApplicationFactory(cohort=cohort, school=cast.school_b, status=CohortApplicationStatus.WITHDRAWN)
    client = client_for(cast.manager)
    [listed] = client.get("/api/v1/cohorts").json()
    assert (listed["name"], listed["funded_clusters"], listed["is_open"]) == ("April 2027", 4, True)
    applications = client.get(f"/api/v1/cohorts/{cohort.pk}/applications").json()
    assert [(a["urn"], a["status"]) for a in applications] == [(100001, "submitted"), (100002, "withdrawn")]
    assert applications[0]["needs"] == {"impact": 2.5} and applications[0]["priority_dimensions"] == ["impact"]
    submitted = client.get(f"/api/v1/cohorts/{cohort.pk}/applications", {"status": "submitted"}).json()
    assert [a["urn"] for a in submitted] == [100001]
    assert client.get(f"/api/v1/cohorts/{cohort.pk}/applications", {"status": "nonsense"}).status_code == 422


def test_others_are_refused(cast, client_for) -> None:
    cohort = CohortFactory()
    client = client_for(cast.lead)
    assert client.get("/api/v1/cohorts").status_code == 403
    assert client.get(f"/api/v1/cohorts/{cohort.pk}/applications").status_code == 403


def test_home_page_links(cast, client_for) -> None:
    school_home = client_for(cast.governor).get(reverse("pages:home")).text
    assert f'href="{reverse("cohorts:school", args=[cast.school_a.urn])}"' in school_home
    assert "Computing Clusters" in school_home
    manager_home = client_for(cast.manager).get(reverse("pages:home")).text
    assert f'href="{reverse("cohorts:list")}"' in manager_home and "Cluster cohorts" in manager_home
    advisor_home = client_for(cast.advisor).get(reverse("pages:home")).text
    assert reverse("cohorts:list") not in advisor_home
