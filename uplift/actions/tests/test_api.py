"""GET /api/v1/schools/{urn}/actions: same access and filters as the plan page."""

import datetime as dt

import pytest
from django.utils import timezone

from uplift.actions.tests.factories import ActionFactory
from uplift.frameworks.models import Dimension


@pytest.fixture
def actions(cast, framework):
    leadership = Dimension.objects.get(framework=framework, slug="leadership")
    ActionFactory(school=cast.school_a, title="Ours", owner=cast.teacher, dimension=leadership)
    ActionFactory(
        school=cast.school_a,
        title="Late",
        owner=cast.lead,
        dimension=leadership,
        status="planned",
        due_date=timezone.localdate() - dt.timedelta(days=1),
    )
    ActionFactory(school=cast.school_b, title="Theirs", owner=cast.lead_b, dimension=leadership)


def path(cast):
    return f"/api/v1/schools/{cast.school_a.urn}/actions"


@pytest.mark.parametrize("role", ["lead", "governor", "trust_lead", "advisor"])
def test_readers_get_the_plan(cast, client_for, actions, role):
    response = client_for(getattr(cast, role)).get(path(cast))
    assert response.status_code == 200
    body = response.json()
    assert [item["title"] for item in body] == ["Late", "Ours"]
    assert body[0]["overdue"] is True and body[0]["dimension"] == "leadership"
    assert body[1]["owner_email"] == "teacher@example.test"


def test_filters_apply(cast, client_for, actions):
    body = client_for(cast.lead).get(path(cast), {"overdue": "true"}).json()
    assert [item["title"] for item in body] == ["Late"]


@pytest.mark.parametrize("role", ["lead_b", "outsider"])
def test_outsiders_get_404(cast, client_for, actions, role):
    response = client_for(getattr(cast, role)).get(path(cast))
    assert response.status_code == 404


def test_anonymous_gets_401(client_for, cast, actions):
    assert client_for(None).get(path(cast)).status_code == 401
