"""The advisors page: managers see each advisor's regions, load and capacity, and change the capacity."""

from __future__ import annotations

import pytest
from django.urls import reverse

from uplift.accounts.tests.factories import ProgrammeMembershipFactory, UserFactory
from uplift.clusters import services
from uplift.clusters.models import AdvisorCapacity
from uplift.clusters.tests.factories import live_cluster

pytestmark = pytest.mark.django_db
URL = reverse("clusters:advisors")


def test_managers_see_every_advisor_with_load_and_capacity(client_for, cast) -> None:
    live_cluster(cast)
    response = client_for(cast.manager).get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    rows = {row["load"].advisor: row for row in response.context["rows"]}
    assert set(rows) == {cast.advisor, cast.other_advisor}
    assert rows[cast.advisor]["load"].load == 1
    assert rows[cast.advisor]["load"].capacity == services.DEFAULT_ADVISOR_CAPACITY
    assert "North West" in rows[cast.advisor]["regions"]
    assert cast.advisor.full_name in page


def test_a_manager_sets_capacity_and_allocation_respects_it(client_for, cast) -> None:
    response = client_for(cast.manager).post(URL, {"advisor": cast.advisor.pk, "max_clusters": "1"})
    assert response.status_code == 302
    assert AdvisorCapacity.objects.get(user=cast.advisor).max_clusters == 1
    live_cluster(cast)
    assert next(a for a in services.advisor_loads() if a.advisor == cast.advisor).has_room is False


def test_bad_capacity_is_refused_with_the_error_summary(client_for, cast) -> None:
    response = client_for(cast.manager).post(URL, {"advisor": cast.advisor.pk, "max_clusters": "-2"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "Enter 0 or more clusters" in response.content.decode()
    too_many = client_for(cast.manager).post(URL, {"advisor": cast.advisor.pk, "max_clusters": "99"})
    assert "Enter a number of clusters from 0 to 12" in too_many.content.decode()
    assert not AdvisorCapacity.objects.exists()


def test_only_advisors_get_a_capacity(client_for, cast) -> None:
    response = client_for(cast.manager).post(URL, {"advisor": cast.teacher.pk, "max_clusters": "2"})
    assert "is not an advisor" in response.content.decode()
    assert not AdvisorCapacity.objects.exists()


def test_everyone_else_is_refused(client_for, cast) -> None:
    assert client_for(cast.advisor).get(URL).status_code == 403
    stranger = UserFactory()
    ProgrammeMembershipFactory(user=stranger, role="assessor")
    assert client_for(stranger).post(URL, {"advisor": cast.advisor.pk, "max_clusters": "9"}).status_code == 403
    assert not AdvisorCapacity.objects.exists()
