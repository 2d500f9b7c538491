"""The advisor's action plans with each member school: adding from a gap, agreeing, who sees what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from uplift.actions.models import Action
from uplift.actions.tests.factories import ActionFactory
from uplift.assessments.tests.profile_data import assess
from uplift.clusters import services_workspace as services
from uplift.clusters.tests.factories import live_cluster
from uplift.frameworks.models import Dimension
from uplift.lib.versioning import STALE_MESSAGE, StaleEdit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast, framework):
    cluster = live_cluster(cast, focus=["curriculum"])
    assess(cast.school_a, framework, level=4, dimensions={"curriculum": 2, "leadership": 3})
    curriculum = Dimension.objects.get(framework=framework, slug="curriculum")
    return cluster, curriculum.aspects.order_by("order").first()


def test_plan_add_action_creates_a_tagged_action_in_the_school_plan(cast, world) -> None:
    cluster, aspect = world
    due = dt.date.today() + dt.timedelta(days=30)
    action = services.plan_add_action(
        cluster=cluster,
        school=cast.school_a,
        aspect=aspect,
        title="Map the KS2 units",
        owner=cast.teacher,
        due_date=due,
        by=cast.advisor,
    )
    action.refresh_from_db()
    assert action.cluster == cluster and action.school == cast.school_a
    assert action.aspect == aspect and action.dimension == aspect.dimension
    assert action.created_by == cast.advisor and action.due_date == due


def test_plan_add_action_keeps_the_action_plan_rules(cast, world) -> None:
    cluster, aspect = world
    with pytest.raises(ValidationError) as error:
        services.plan_add_action(
            cluster=cluster,
            school=cast.school_a,
            aspect=aspect,
            title="",
            owner=cast.teacher_b,  # not a member of school A
            due_date=dt.date.today() - dt.timedelta(days=1),
            by=cast.advisor,
        )
    assert set(error.value.message_dict) >= {"title", "owner"}
    with pytest.raises(ValidationError, match="not a member"):
        services.plan_add_action(
            cluster=cluster,
            school=cast.school_b,
            aspect=aspect,
            title="x",
            owner=cast.teacher_b,
            due_date=dt.date.today(),
            by=cast.advisor,
        )
    assert not Action.objects.exists()


def test_agreeing_an_action_checks_its_version(cast, world) -> None:
    cluster, aspect = world
    action = ActionFactory(school=cast.school_a, dimension=aspect.dimension, aspect=aspect, owner=cast.teacher)
    with pytest.raises(StaleEdit):
        services.plan_set_agreed(
            cluster=cluster, action=action, agreed=True, expected_version=action.version + 1, by=cast.advisor
        )
    agreed = services.plan_set_agreed(
        cluster=cluster, action=action, agreed=True, expected_version=action.version, by=cast.advisor
    )
    assert agreed.cluster == cluster and agreed.version == action.version + 1
    other = live_cluster(cast, "own")
    with pytest.raises(ValidationError, match="another cluster"):
        services.plan_set_agreed(
            cluster=other, action=agreed, agreed=True, expected_version=agreed.version, by=cast.advisor
        )
    out = services.plan_set_agreed(
        cluster=cluster, action=agreed, agreed=False, expected_version=agreed.version, by=cast.advisor
    )
    assert out.cluster is None


def test_advisor_adds_an_action_from_a_gap_through_the_page(cast, world, client_for) -> None:
    cluster, aspect = world
    url = reverse("clusters:school_plan", args=[cluster.pk, cast.school_a.urn])
    client = client_for(cast.advisor)
    page = client.get(url + f"?aspect={aspect.pk}")
    assert page.status_code == 200
    assert "Add an action from a gap" in page.text
    bad = client.post(url, {"aspect": aspect.pk, "title": "", "owner": cast.teacher.pk, "due_date": ""})
    assert bad.status_code == 200 and "There is a problem" in bad.text and "Enter what will be done" in bad.text
    due = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    response = client.post(
        url, {"aspect": aspect.pk, "title": "Map the KS2 units", "owner": cast.teacher.pk, "due_date": due}
    )
    action = Action.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#action-{action.pk}")
    assert action.cluster == cluster
    page = client.get(url)
    assert "Map the KS2 units" in page.text and "Agreed" in page.text


def test_member_staff_read_their_plan_without_the_form(cast, world, client_for) -> None:
    cluster, aspect = world
    ActionFactory(school=cast.school_a, dimension=aspect.dimension, aspect=aspect, owner=cast.teacher, title="Audit")
    page = client_for(cast.teacher).get(reverse("clusters:school_plan", args=[cluster.pk, cast.school_a.urn]))
    assert page.status_code == 200
    assert "Add an action from a gap" not in page.text
    assert "Audit" in page.text
    assert reverse("actions:plan", args=[cast.school_a.urn]) in page.text  # update it in the school's own plan


def test_school_plan_of_a_school_outside_the_cluster_is_404(cast, world, client_for) -> None:
    cluster, _ = world
    client = client_for(cast.manager)
    assert client.get(reverse("clusters:school_plan", args=[cluster.pk, cast.school_b.urn])).status_code == 404
    response = client.post(reverse("clusters:plan_agree", args=[cluster.pk, cast.school_b.urn]), {})
    assert response.status_code == 404


def test_agree_through_the_page(cast, world, client_for) -> None:
    cluster, aspect = world
    action = ActionFactory(school=cast.school_a, dimension=aspect.dimension, aspect=aspect, owner=cast.teacher)
    url = reverse("clusters:plan_agree", args=[cluster.pk, cast.school_a.urn])
    client = client_for(cast.advisor)
    response = client.post(url, {"action": action.pk, "version": action.version, "agreed": "1"}, follow=True)
    action.refresh_from_db()
    assert action.cluster == cluster
    assert "Agreed in the cluster&#x27;s plan" in response.text  # the message, HTML-escaped
    stale = client.post(url, {"action": action.pk, "version": action.version - 1, "agreed": "0"}, follow=True)
    action.refresh_from_db()
    assert action.cluster == cluster
    assert f"“{action.title}”: {STALE_MESSAGE}" in stale.text
    # An action of another school cannot be agreed here.
    foreign = ActionFactory(
        school=cast.school_b, dimension=aspect.dimension, aspect=None, owner=cast.teacher_b, title="Elsewhere"
    )
    assert client.post(url, {"action": foreign.pk, "version": 1, "agreed": "1"}).status_code == 404
    assert client.get(reverse("clusters:plans", args=[cluster.pk])).status_code == 200
