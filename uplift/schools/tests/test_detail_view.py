"""A school's register entry (schools:detail)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from uplift.accounts.models import JoinRequest, SchoolRole
from uplift.testing.cast import Cast

OGL = "Contains public sector information licensed under the Open Government Licence v3.0."


def url(urn: int) -> str:
    return reverse("schools:detail", args=[urn])


def test_anonymous_is_sent_to_sign_in(cast: Cast, client) -> None:
    response = client.get(url(cast.school_a.urn))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_unknown_urn_is_404(cast: Cast, client_for) -> None:
    assert client_for(cast.lead).get(url(999999)).status_code == 404


def test_shows_the_register_entry_with_attribution(cast: Cast, client_for) -> None:
    text = client_for(cast.outsider).get(url(cast.school_a.urn)).text

    for fact in ["Brookside Primary School", "100001", "Primary", "Lancashire", "North West"]:
        assert fact in text
    for fact in ["Pennine Learning Trust", "Preston", "PR1 1AA", "250", "Lancashire Computing Hub"]:
        assert fact in text
    assert "53.7" in text  # latitude of Preston
    assert OGL in text


@pytest.mark.parametrize("role", ["outsider", "teacher_b", "lead_b", "advisor", "assessor", "hub_lead_b", "staff"])
def test_non_member_is_invited_to_ask_to_join(cast: Cast, client_for, role: str) -> None:
    response = client_for(getattr(cast, role)).get(url(cast.school_a.urn))

    assert response.status_code == 200
    assert "Ask to join this school" in response.text
    assert reverse("accounts:join_school", args=[cast.school_a.urn]) in response.text
    assert "Your role at this school" not in response.text


@pytest.mark.parametrize(
    ("role", "label"),
    [("lead", "School computing lead"), ("head", "Senior leader"), ("teacher", "Teacher"), ("governor", "Governor")],
)
def test_member_sees_their_role_not_the_join_button(cast: Cast, client_for, role: str, label: str) -> None:
    text = client_for(getattr(cast, role)).get(url(cast.school_a.urn)).text

    assert "Your role at this school" in text
    assert label in text
    assert "Ask to join this school" not in text


@pytest.mark.parametrize(
    ("role", "sees_link"), [("lead", True), ("head", True), ("teacher", False), ("governor", False)]
)
def test_only_members_who_manage_see_the_people_link(cast: Cast, client_for, role: str, sees_link: bool) -> None:
    text = client_for(getattr(cast, role)).get(url(cast.school_a.urn)).text

    assert (reverse("accounts:school_people", args=[cast.school_a.urn]) in text) is sees_link


def test_pending_request_is_shown_instead_of_the_join_button(cast: Cast, client_for) -> None:
    JoinRequest.objects.create(user=cast.outsider, school=cast.school_a, role=SchoolRole.TEACHER)

    text = client_for(cast.outsider).get(url(cast.school_a.urn)).text

    assert "You have asked to join this school" in text
    assert "Ask to join this school" not in text


@pytest.mark.parametrize(
    ("role", "sees_link"), [("trust_lead", True), ("manager", True), ("trust_lead_b", False), ("lead", False)]
)
def test_trust_link_only_for_those_who_may_see_the_trust(cast: Cast, client_for, role: str, sees_link: bool) -> None:
    text = client_for(getattr(cast, role)).get(url(cast.school_a.urn)).text

    assert (reverse("schools:trust", args=[cast.trust_a.pk]) in text) is sees_link
