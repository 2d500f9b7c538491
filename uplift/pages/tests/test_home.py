"""The home page and header show each person only what their roles let them do, with real links."""

import pytest
from django.urls import reverse

from uplift.accounts.models import JoinRequest, SchoolRole
from uplift.schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

HOME = "/"


def links(response):
    return {label: url for card in response.context["cards"] for label, url in card.links}


def nav(response):
    return {item["label"]: item["url"] for item in response.context["nav_items"]}


def test_signed_out_visitor_sees_the_landing_page(client):
    response = client.get(HOME)
    assert response.status_code == 200
    assert "Improve computing education in your school" in response.text
    assert reverse("accounts:register") in response.text
    assert response.context["nav_items"] == []


def test_every_member_reaches_the_schools_work_from_home(client_for, cast, framework):
    found = links(client_for(cast.governor).get(HOME))
    urn = cast.school_a.urn
    assert found["Self-assessment"] == reverse("assessments:overview", args=[urn])
    assert found["Evidence library"] == reverse("evidence:library", args=[urn])
    assert found["Action plan"] == reverse("actions:plan", args=[urn])
    assert found["Certificates"] == reverse("certificates:school", args=[urn])
    for url in found.values():
        assert client_for(cast.governor).get(url).status_code == 200, url


def test_school_lead_sees_their_school_people_and_requests(client_for, cast):
    JoinRequest.objects.create(user=cast.outsider, school=cast.school_a, role=SchoolRole.TEACHER)
    response = client_for(cast.lead).get(HOME)
    found = links(response)
    assert found["School details"] == reverse("schools:detail", args=[cast.school_a.urn])
    assert found["People and invitations"] == reverse("accounts:school_people", args=[cast.school_a.urn])
    assert found["Invite a colleague"] == reverse("accounts:invite", args=[cast.school_a.urn])
    assert found["Requests to join (1 waiting)"] == reverse("accounts:join_requests")
    assert "Requests to join" in nav(response)
    assert "Find your school and ask to join" not in response.text


@pytest.mark.parametrize("person", ["teacher", "governor"])
def test_teacher_and_governor_see_their_school_only(client_for, cast, person):
    JoinRequest.objects.create(user=cast.outsider, school=cast.school_a, role=SchoolRole.TEACHER)
    response = client_for(getattr(cast, person)).get(HOME)
    assert set(links(response)) == {
        "Self-assessment",
        "Profile and progress",
        "Evidence library",
        "Action plan",
        "Certificates",
        "Quality Mark",
        "Computing Clusters",
        "School details",
        # Teachers keep their own CPD record; a governor takes no CPD through Uplift.
        *(["My CPD"] if person == "teacher" else []),
    }
    assert [card.title for card in response.context["cards"]] == ["Brookside Primary School"]
    assert "Requests to join" not in nav(response)
    assert reverse("accounts:school_people", args=[cast.school_a.urn]) not in response.text


def test_trust_lead_sees_their_trust(client_for, cast):
    response = client_for(cast.trust_lead).get(HOME)
    assert links(response) == {
        "Trust dashboard: schools side by side": reverse("assessments:trust", args=[cast.trust_a.pk]),
        "Schools in the trust": reverse("schools:trust", args=[cast.trust_a.pk]),
    }


def test_hub_lead_sees_their_hub_and_requests_to_approve(client_for, cast):
    JoinRequest.objects.create(user=cast.outsider, school=SchoolFactory(local_authority=cast.la_a), role=20)
    response = client_for(cast.hub_lead).get(HOME)
    card = response.context["cards"][0]
    assert card.title == "Hub lead"
    assert "Lancashire Computing Hub" in card.description
    assert "1 requests to join schools are waiting" in card.description
    assert links(response)["Requests to join schools"] == reverse("accounts:join_requests")
    assert "Requests to join" in nav(response)


def test_manager_sees_national_scope_and_requests(client_for, cast):
    response = client_for(cast.manager).get(HOME)
    card = response.context["cards"][0]
    assert card.title == "Programme manager"
    assert "England" in card.description
    assert "Requests to join schools" in links(response)


@pytest.mark.parametrize(
    ("person", "title", "scope"),
    [("advisor", "Advisor", "North West"), ("assessor", "Quality Mark assessor", "England")],
)
def test_advisor_and_assessor_see_their_scope_but_no_requests(client_for, cast, person, title, scope):
    response = client_for(getattr(cast, person)).get(HOME)
    card = response.context["cards"][0]
    assert (card.title, scope in card.description) == (title, True)
    assert "Requests to join schools" not in links(response)
    assert "Requests to join" not in nav(response)


def test_newcomer_is_invited_to_find_their_school_and_sees_pending_requests(client_for, cast):
    JoinRequest.objects.create(user=cast.outsider, school=cast.school_b, role=SchoolRole.TEACHER)
    response = client_for(cast.outsider).get(HOME)
    assert [card.title for card in response.context["cards"]] == ["Find your school and ask to join"]
    assert links(response) == {"Find your school": reverse("schools:search")}
    assert "Riverside Academy: waiting for approval" in response.text


def test_staff_get_a_card_for_the_admin_site_and_others_do_not(client_for, cast):
    assert links(client_for(cast.staff).get(HOME))["Open the admin site"] == reverse("admin:index")
    assert "Open the admin site" not in links(client_for(cast.lead).get(HOME))


def test_header_navigation_for_a_teacher_and_for_staff(client_for, cast):
    assert list(nav(client_for(cast.teacher).get(HOME))) == ["Home", "Find a school", "Your account"]
    assert "Admin" in nav(client_for(cast.staff).get(HOME))


def test_home_query_count_is_bounded(client_for, cast, django_assert_max_num_queries):
    for _ in range(5):
        JoinRequest.objects.create(user=cast.outsider, school=SchoolFactory(local_authority=cast.la_a), role=20)
    client = client_for(cast.lead)
    with django_assert_max_num_queries(25):
        client.get(HOME)
