"""Inviting a colleague, and the single-use, expiring invitation link."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from uplift.accounts.models import Invitation, SchoolMembership, SchoolRole, User
from uplift.accounts.services import invitation_create

pytestmark = pytest.mark.django_db


def invite_url(school):
    return reverse("accounts:invite", args=[school.urn])


def link_path(message):
    return re.search(r"https?://[^/\s]+(/accounts/invitations/[^\s]+/)", message.body).group(1)


def test_lead_invites_a_colleague_who_is_emailed_a_link(client_for, cast):
    client = client_for(cast.lead)
    assert client.get(invite_url(cast.school_a)).status_code == 200
    response = client.post(invite_url(cast.school_a), {"email": "New.Teacher@Example.test", "role": SchoolRole.TEACHER})
    assert response["Location"] == reverse("accounts:school_people", args=[cast.school_a.urn])
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "new.teacher@example.test",
        SchoolRole.TEACHER,
        cast.lead,
    )
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert [m.to for m in mail.outbox] == [["new.teacher@example.test"]]
    assert "Lena Lead invites you to join Brookside Primary School" in mail.outbox[0].subject
    token = link_path(mail.outbox[0]).split("/")[-2]
    assert invitation.token_hash == Invitation.hash(token)
    assert token not in invitation.token_hash
    people = client.get(reverse("accounts:school_people", args=[cast.school_a.urn]))
    assert "new.teacher@example.test" in people.text
    assert "Waiting" in people.text


@pytest.mark.parametrize("person", ["teacher", "governor", "manager", "hub_lead", "trust_lead"])
def test_people_who_cannot_manage_the_school_cannot_invite(client_for, cast, person):
    client = client_for(getattr(cast, person))
    assert client.get(invite_url(cast.school_a)).status_code == 403
    assert client.post(invite_url(cast.school_a), {"email": "x@example.test", "role": 20}).status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("person", ["lead_b", "outsider"])
def test_people_who_cannot_see_the_school_get_404(client_for, cast, person):
    assert (
        client_for(getattr(cast, person))
        .post(invite_url(cast.school_a), {"email": "x@example.test", "role": 20})
        .status_code
        == 404
    )
    assert not Invitation.objects.exists()


def test_inviting_a_member_is_a_form_error(client_for, cast):
    response = client_for(cast.lead).post(invite_url(cast.school_a), {"email": "TEACHER@example.test", "role": 20})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "is already a member of Brookside Primary School" in response.text
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_senior_leader_cannot_invite_a_lead(client_for, cast):
    response = client_for(cast.head).post(
        invite_url(cast.school_a), {"email": "x@example.test", "role": SchoolRole.LEAD}
    )
    assert "You cannot invite someone to a role above your own" in response.text
    assert not Invitation.objects.exists()


def test_inviting_again_replaces_the_earlier_link(cast):
    first, _first_token = invitation_create(
        school=cast.school_a, email="a@example.test", role=SchoolRole.TEACHER, by=cast.lead
    )
    second, _ = invitation_create(school=cast.school_a, email="A@example.test", role=SchoolRole.TEACHER, by=cast.lead)
    first.refresh_from_db()
    assert first.status == "Cancelled"
    assert second.status == "Waiting"


def test_signed_out_person_sees_the_school_and_role_and_can_register_then_accept(client, cast):
    invitation, token = invitation_create(
        school=cast.school_a, email="newbie@example.test", role=SchoolRole.SENIOR_LEADER, by=cast.lead
    )
    url = reverse("accounts:accept_invitation", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    assert "Brookside Primary School" in page.text
    assert "senior leader" in page.text
    assert "Create an account" in page.text
    # Posting while signed out goes to sign in and back.
    assert client.post(url)["Location"] == f"{reverse('accounts:login')}?next={url}"
    response = client.post(
        f"{reverse('accounts:register')}?next={url}",
        {
            "full_name": "Nia Newbie",
            "email": "newbie@example.test",
            "password1": "purple-otter-lantern",
            "password2": "purple-otter-lantern",
        },
    )
    assert response["Location"] == url
    assert "Accept invitation" in client.get(url).text
    response = client.post(url)
    assert response["Location"] == reverse("pages:home")
    newbie = User.objects.get(email="newbie@example.test")
    assert SchoolMembership.objects.get(user=newbie, school=cast.school_a).role == SchoolRole.SENIOR_LEADER
    invitation.refresh_from_db()
    assert invitation.accepted_by == newbie
    assert invitation.status == "Accepted"


def test_link_is_single_use(client_for, cast):
    _invitation, token = invitation_create(
        school=cast.school_a, email="o@example.test", role=SchoolRole.TEACHER, by=cast.lead
    )
    url = reverse("accounts:accept_invitation", args=[token])
    assert client_for(cast.outsider).post(url).status_code == 302
    again = client_for(cast.lead_b).post(url)
    assert again.status_code == 410
    assert "has already been used" in again.text
    assert not SchoolMembership.objects.filter(user=cast.lead_b, school=cast.school_a).exists()


def test_link_expires_after_seven_days(client_for, cast):
    _invitation, token = invitation_create(
        school=cast.school_a, email="o@example.test", role=SchoolRole.TEACHER, by=cast.lead
    )
    url = reverse("accounts:accept_invitation", args=[token])
    client = client_for(cast.outsider)
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = client.post(url)
        assert response.status_code == 410
        assert "expired" in response.text
    assert not SchoolMembership.objects.filter(user=cast.outsider).exists()


def test_cancelled_link_stops_working(client_for, cast):
    invitation, token = invitation_create(
        school=cast.school_a, email="o@example.test", role=SchoolRole.TEACHER, by=cast.lead
    )
    cancel = reverse("accounts:invitation_cancel", args=[cast.school_a.urn, invitation.pk])
    assert client_for(cast.teacher).post(cancel).status_code == 403
    assert client_for(cast.lead_b).post(cancel).status_code == 404
    assert client_for(cast.head).post(cancel).status_code == 302
    response = client_for(cast.outsider).get(reverse("accounts:accept_invitation", args=[token]))
    assert response.status_code == 410
    assert "was cancelled" in response.text


def test_invitation_of_another_school_cannot_be_cancelled_through_this_one(client_for, cast):
    invitation, _ = invitation_create(
        school=cast.school_b, email="o@example.test", role=SchoolRole.TEACHER, by=cast.lead_b
    )
    cancel = reverse("accounts:invitation_cancel", args=[cast.school_a.urn, invitation.pk])
    assert client_for(cast.lead).post(cancel).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "Waiting"


def test_unknown_link_is_a_clear_404(client):
    response = client.get(reverse("accounts:accept_invitation", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "We could not find this invitation" in response.text


def test_an_existing_member_cannot_accept_twice(client_for, cast):
    _invitation, token = invitation_create(
        school=cast.school_a, email="x@example.test", role=SchoolRole.LEAD, by=cast.lead
    )
    url = reverse("accounts:accept_invitation", args=[token])
    client = client_for(cast.teacher)
    assert "You are already a member" in client.get(url).text
    client.post(url)
    assert SchoolMembership.objects.get(user=cast.teacher, school=cast.school_a).role == SchoolRole.TEACHER
