"""A school's people page: members, their roles, requests and invitations."""

import pytest
from django.urls import reverse

from uplift.accounts.models import JoinRequest, SchoolMembership, SchoolRole

pytestmark = pytest.mark.django_db


def people_url(school):
    return reverse("accounts:school_people", args=[school.urn])


def membership(user, school):
    return SchoolMembership.objects.get(user=user, school=school)


def role_url(m):
    return reverse("accounts:member_role", args=[m.school.urn, m.pk])


def remove_url(m):
    return reverse("accounts:member_remove", args=[m.school.urn, m.pk])


@pytest.mark.parametrize("person", ["lead", "head"])
def test_school_managers_see_members_requests_and_invitations(client_for, cast, person):
    JoinRequest.objects.create(user=cast.outsider, school=cast.school_a, role=SchoolRole.TEACHER)
    response = client_for(getattr(cast, person)).get(people_url(cast.school_a))
    assert response.status_code == 200
    for name in ("Lena Lead", "Hari Head", "Theo Teacher", "Gita Governor"):
        assert name in response.text
    assert "Liam Lead" not in response.text
    assert "Oscar Outsider" in response.text  # a pending request
    assert reverse("accounts:invite", args=[cast.school_a.urn]) in response.text


@pytest.mark.parametrize("person", ["teacher", "governor", "trust_lead", "advisor", "hub_lead", "manager"])
def test_people_who_can_see_the_school_but_not_manage_it_get_403(client_for, cast, person):
    assert client_for(getattr(cast, person)).get(people_url(cast.school_a)).status_code == 403


@pytest.mark.parametrize("person", ["lead_b", "teacher_b", "outsider", "other_advisor", "hub_lead_b", "trust_lead_b"])
def test_people_who_cannot_see_the_school_get_404(client_for, cast, person):
    assert client_for(getattr(cast, person)).get(people_url(cast.school_a)).status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in(client, cast):
    assert client.get(people_url(cast.school_a))["Location"].startswith(reverse("accounts:login"))


def test_people_page_query_count_does_not_grow_with_members(client_for, cast, django_assert_max_num_queries):
    client = client_for(cast.lead)
    with django_assert_max_num_queries(20):
        client.get(people_url(cast.school_a))


def test_lead_changes_a_teachers_role(client_for, cast):
    m = membership(cast.teacher, cast.school_a)
    client = client_for(cast.lead)
    assert client.get(role_url(m)).status_code == 200
    response = client.post(role_url(m), {"role": SchoolRole.SENIOR_LEADER})
    assert response["Location"] == people_url(cast.school_a)
    assert membership(cast.teacher, cast.school_a).role == SchoolRole.SENIOR_LEADER


def test_senior_leader_cannot_change_or_remove_the_lead(client_for, cast):
    m = membership(cast.lead, cast.school_a)
    client = client_for(cast.head)
    assert client.post(role_url(m), {"role": SchoolRole.TEACHER}).status_code == 403
    assert client.post(remove_url(m)).status_code == 403
    assert membership(cast.lead, cast.school_a).role == SchoolRole.LEAD


def test_senior_leader_cannot_grant_a_role_above_their_own(client_for, cast):
    m = membership(cast.teacher, cast.school_a)
    response = client_for(cast.head).post(role_url(m), {"role": SchoolRole.LEAD})
    assert response.status_code == 200
    assert "You cannot give someone a role above your own" in response.text
    assert membership(cast.teacher, cast.school_a).role == SchoolRole.TEACHER


def test_teacher_cannot_change_roles(client_for, cast):
    m = membership(cast.governor, cast.school_a)
    assert client_for(cast.teacher).post(role_url(m), {"role": SchoolRole.TEACHER}).status_code == 403
    assert client_for(cast.teacher).post(remove_url(m)).status_code == 403
    assert membership(cast.governor, cast.school_a).role == SchoolRole.GOVERNOR


def test_lead_of_another_school_gets_404_for_members_here(client_for, cast):
    m = membership(cast.teacher, cast.school_a)
    assert client_for(cast.lead_b).post(role_url(m), {"role": SchoolRole.LEAD}).status_code == 404
    assert client_for(cast.lead_b).post(remove_url(m)).status_code == 404


def test_membership_of_another_school_via_this_schools_url_is_404(client_for, cast):
    other = membership(cast.teacher_b, cast.school_b)
    url = reverse("accounts:member_remove", args=[cast.school_a.urn, other.pk])
    assert client_for(cast.lead).post(url).status_code == 404
    assert SchoolMembership.objects.filter(pk=other.pk).exists()


def test_lead_removes_a_member(client_for, cast):
    m = membership(cast.governor, cast.school_a)
    client = client_for(cast.lead)
    assert "Remove Gita Governor from Brookside Primary School" in client.get(remove_url(m)).text
    assert client.post(remove_url(m))["Location"] == people_url(cast.school_a)
    assert not SchoolMembership.objects.filter(pk=m.pk).exists()


def test_the_last_manager_can_be_neither_removed_nor_demoted(client_for, cast):
    head = membership(cast.head, cast.school_a)
    head.delete()
    lead = membership(cast.lead, cast.school_a)
    client = client_for(cast.lead)
    response = client.post(remove_url(lead))
    assert response.status_code == 400
    assert "the only person who can manage this school" in response.text
    response = client.post(role_url(lead), {"role": SchoolRole.TEACHER})
    assert "the only person who can manage this school" in response.text
    assert membership(cast.lead, cast.school_a).role == SchoolRole.LEAD


def test_a_manager_can_leave_while_another_remains(client_for, cast):
    lead = membership(cast.lead, cast.school_a)
    response = client_for(cast.lead).post(remove_url(lead))
    assert response["Location"] == reverse("pages:home")
    assert not SchoolMembership.objects.filter(pk=lead.pk).exists()
