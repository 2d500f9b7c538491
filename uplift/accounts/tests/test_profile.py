import pytest
from django.urls import reverse

from uplift.accounts.models import User

pytestmark = pytest.mark.django_db


def test_profile_lists_every_role(client_for, cast):
    response = client_for(cast.lead).get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert "Lena Lead" in response.text
    assert "lead@example.test" in response.text
    assert "Brookside Primary School" in response.text
    assert "School computing lead" in response.text
    assert reverse("accounts:password_change") in response.text
    assert reverse("accounts:api_tokens") in response.text


def test_profile_shows_trust_and_programme_roles(client_for, cast):
    assert "Pennine Learning Trust" in client_for(cast.trust_lead).get(reverse("accounts:profile")).text
    text = client_for(cast.hub_lead).get(reverse("accounts:profile")).text
    assert "Hub lead" in text
    assert "Lancashire Computing Hub" in text


def test_newcomer_is_pointed_to_find_their_school(client_for, cast):
    text = client_for(cast.outsider).get(reverse("accounts:profile")).text
    assert "Find your school and ask to join it" in text


def test_profile_needs_sign_in(client):
    assert client.get(reverse("accounts:profile"))["Location"].startswith(reverse("accounts:login"))


def test_change_name_and_email(client_for, cast):
    client = client_for(cast.teacher)
    response = client.post(reverse("accounts:profile_edit"), {"full_name": "Theo T", "email": "Theo@New.example"})
    assert response["Location"] == reverse("accounts:profile")
    user = User.objects.get(pk=cast.teacher.pk)
    assert (user.full_name, user.email) == ("Theo T", "theo@new.example")


def test_email_taken_by_someone_else_is_refused(client_for, cast):
    response = client_for(cast.teacher).post(
        reverse("accounts:profile_edit"), {"full_name": "Theo", "email": "LEAD@example.test"}
    )
    assert response.status_code == 200
    assert "Another account already uses this email address" in response.text
    assert User.objects.get(pk=cast.teacher.pk).email == "teacher@example.test"
