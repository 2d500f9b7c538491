import pytest
from django.core import mail
from django.urls import reverse

from uplift.accounts.models import JoinRequest, SchoolRole
from uplift.schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def url(school):
    return reverse("accounts:join_school", args=[school.urn])


def test_url_reads_well(cast):
    assert url(cast.school_a) == "/accounts/schools/100001/join/"


def test_outsider_asks_to_join_and_the_school_leads_are_emailed(client_for, cast):
    client = client_for(cast.outsider)
    assert client.get(url(cast.school_a)).status_code == 200
    response = client.post(
        url(cast.school_a), {"role": SchoolRole.TEACHER, "job_title": "Year 4 teacher", "message": "Hello"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:join_requests")
    join_request = JoinRequest.objects.get(user=cast.outsider)
    assert (join_request.school, join_request.role, join_request.status) == (
        cast.school_a,
        SchoolRole.TEACHER,
        "pending",
    )
    assert join_request.job_title == "Year 4 teacher"
    # School A has a lead and a senior leader: they decide, so they are told.
    assert sorted(m.to[0] for m in mail.outbox) == ["head@example.test", "lead@example.test"]
    assert "Oscar Outsider asks to join Brookside Primary School" in mail.outbox[0].subject
    assert f"/accounts/join-requests/{join_request.pk}/" in mail.outbox[0].body


def test_first_request_for_a_school_goes_to_its_hub_and_region(client_for, cast):
    school = SchoolFactory(local_authority=cast.la_a)
    client_for(cast.outsider).post(url(school), {"role": SchoolRole.LEAD})
    # The hub lead of hub A and national managers... only the closest people: hub A's lead.
    assert [m.to[0] for m in mail.outbox] == ["hub.lead@example.test"]


def test_role_is_required(client_for, cast):
    response = client_for(cast.outsider).post(url(cast.school_a), {"job_title": "x"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Select your role at the school" in response.text
    assert not JoinRequest.objects.exists()


def test_member_is_told_they_already_belong(client_for, cast):
    client = client_for(cast.teacher)
    response = client.get(url(cast.school_a))
    assert "You are already a member of Brookside Primary School as teacher" in response.text
    client.post(url(cast.school_a), {"role": SchoolRole.LEAD})
    assert not JoinRequest.objects.exists()


def test_only_one_pending_request_per_school(client_for, cast):
    client = client_for(cast.outsider)
    client.post(url(cast.school_a), {"role": SchoolRole.TEACHER})
    response = client.get(url(cast.school_a))
    assert "Your request is waiting for approval" in response.text
    client.post(url(cast.school_a), {"role": SchoolRole.LEAD})
    assert JoinRequest.objects.filter(user=cast.outsider).count() == 1


def test_signed_out_visitor_is_sent_to_sign_in(client, cast):
    response = client.get(url(cast.school_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_unknown_school_is_404(client_for, cast):
    assert client_for(cast.outsider).get("/accounts/schools/999999/join/").status_code == 404
