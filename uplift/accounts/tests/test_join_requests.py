"""Deciding requests to join: who may, and what approving does."""

import pytest
from django.core import mail
from django.urls import reverse

from uplift.accounts.models import JoinRequest, SchoolMembership, SchoolRole
from uplift.accounts.tests.factories import SchoolMembershipFactory, UserFactory
from uplift.schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def make_request(user, school, role=SchoolRole.TEACHER):
    return JoinRequest.objects.create(user=user, school=school, role=role)


def decide_url(join_request):
    return reverse("accounts:join_request_decide", args=[join_request.pk])


@pytest.fixture
def new_school(cast):
    """A school in hub A's local authority that nobody on Uplift manages yet."""
    return SchoolFactory(local_authority=cast.la_a, name="Meadow Lane Primary")


def test_hub_lead_decides_the_first_request_for_a_school_in_their_hub(client_for, cast, new_school):
    join_request = make_request(cast.outsider, new_school, SchoolRole.LEAD)
    client = client_for(cast.hub_lead)
    assert client.get(decide_url(join_request)).status_code == 200
    response = client.post(decide_url(join_request), {"decision": "approve", "note": "Welcome"})
    assert response.status_code == 302
    membership = SchoolMembership.objects.get(user=cast.outsider, school=new_school)
    assert membership.role == SchoolRole.LEAD
    join_request.refresh_from_db()
    assert (join_request.status, join_request.decided_by, join_request.decision_note) == (
        "approved",
        cast.hub_lead,
        "Welcome",
    )
    assert [m.to for m in mail.outbox] == [["outsider@example.test"]]
    assert "You have joined Meadow Lane Primary" in mail.outbox[0].subject
    assert "Welcome" in mail.outbox[0].body


def test_hub_lead_of_another_hub_cannot_see_the_request(client_for, cast, new_school):
    join_request = make_request(cast.outsider, new_school)
    assert client_for(cast.hub_lead_b).get(decide_url(join_request)).status_code == 404
    assert client_for(cast.hub_lead_b).post(decide_url(join_request), {"decision": "approve"}).status_code == 404
    assert not SchoolMembership.objects.filter(user=cast.outsider).exists()


def test_programme_manager_decides_a_first_request(client_for, cast, new_school):
    join_request = make_request(cast.outsider, new_school)
    response = client_for(cast.manager).post(decide_url(join_request), {"decision": "reject", "note": "Unknown"})
    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == "rejected"
    assert not SchoolMembership.objects.filter(user=cast.outsider).exists()
    assert "was not approved" in mail.outbox[0].subject


def test_once_a_school_has_a_lead_the_hub_lead_steps_back_and_the_lead_decides(client_for, cast, new_school):
    first = make_request(cast.outsider, new_school, SchoolRole.LEAD)
    client_for(cast.hub_lead).post(decide_url(first), {"decision": "approve"})
    colleague = UserFactory(email="colleague@example.test", full_name="Cara Colleague")
    second = make_request(colleague, new_school)
    assert client_for(cast.hub_lead).get(decide_url(second)).status_code == 404
    assert client_for(cast.hub_lead).post(decide_url(second), {"decision": "approve"}).status_code == 404
    response = client_for(cast.outsider).post(decide_url(second), {"decision": "approve"})
    assert response.status_code == 302
    assert SchoolMembership.objects.get(user=colleague, school=new_school).role == SchoolRole.TEACHER


@pytest.mark.parametrize("person", ["outsider", "teacher", "governor", "lead_b", "advisor", "trust_lead", "hub_lead_b"])
def test_people_who_may_not_decide_get_404(client_for, cast, person):
    join_request = make_request(UserFactory(), cast.school_a)
    client = client_for(getattr(cast, person))
    assert client.get(decide_url(join_request)).status_code == 404
    assert client.post(decide_url(join_request), {"decision": "approve"}).status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == "pending"


def test_school_lead_and_senior_leader_decide_for_their_school(client_for, cast):
    for person in (cast.lead, cast.head):
        join_request = make_request(UserFactory(), cast.school_a)
        assert client_for(person).post(decide_url(join_request), {"decision": "approve"}).status_code == 302
        assert SchoolMembership.objects.filter(user=join_request.user, school=cast.school_a).exists()


def test_requester_cannot_decide_their_own_request(client_for, cast):
    join_request = make_request(cast.outsider, cast.school_a)
    assert client_for(cast.outsider).post(decide_url(join_request), {"decision": "approve"}).status_code == 403
    assert not SchoolMembership.objects.filter(user=cast.outsider).exists()


def test_decision_must_be_chosen(client_for, cast):
    join_request = make_request(cast.outsider, cast.school_a)
    response = client_for(cast.lead).post(decide_url(join_request), {"note": "hmm"})
    assert "Select whether you approve this request" in response.text
    join_request.refresh_from_db()
    assert join_request.status == "pending"


def test_a_decided_request_cannot_be_decided_again(client_for, cast):
    join_request = make_request(cast.outsider, cast.school_a)
    client = client_for(cast.lead)
    client.post(decide_url(join_request), {"decision": "reject"})
    response = client.post(decide_url(join_request), {"decision": "approve"})
    assert response.status_code == 200
    assert "This request has already been decided" in response.text
    assert not SchoolMembership.objects.filter(user=cast.outsider).exists()


def test_list_shows_requests_to_decide_and_your_own(client_for, cast):
    theirs = make_request(UserFactory(full_name="Wanda Waiting"), cast.school_a)
    make_request(cast.lead, cast.school_b)
    response = client_for(cast.lead).get(reverse("accounts:join_requests"))
    assert response.status_code == 200
    assert [jr.pk for jr in response.context["to_decide"]] == [theirs.pk]
    assert "Wanda Waiting" in response.text
    assert "Riverside Academy" in response.text  # the lead's own request
    # School B's lead sees the lead's request to join school B, not school A's.
    response = client_for(cast.lead_b).get(reverse("accounts:join_requests"))
    assert "Wanda Waiting" not in response.text
    assert "Lena Lead" in response.text


def test_requester_withdraws_a_pending_request(client_for, cast):
    join_request = make_request(cast.outsider, cast.school_a)
    url = reverse("accounts:join_request_withdraw", args=[join_request.pk])
    assert client_for(cast.lead).post(url).status_code == 403
    assert client_for(cast.teacher_b).post(url).status_code == 404
    response = client_for(cast.outsider).post(url)
    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == "withdrawn"


def test_withdraw_is_post_only(client_for, cast):
    join_request = make_request(cast.outsider, cast.school_a)
    url = reverse("accounts:join_request_withdraw", args=[join_request.pk])
    assert client_for(cast.outsider).get(url).status_code == 405


def test_approving_someone_already_a_member_keeps_the_higher_role(client_for, cast):
    join_request = make_request(cast.outsider, cast.school_a, SchoolRole.TEACHER)
    SchoolMembershipFactory(user=cast.outsider, school=cast.school_a, role=SchoolRole.SENIOR_LEADER)
    client_for(cast.lead).post(decide_url(join_request), {"decision": "approve"})
    assert SchoolMembership.objects.get(user=cast.outsider, school=cast.school_a).role == SchoolRole.SENIOR_LEADER
