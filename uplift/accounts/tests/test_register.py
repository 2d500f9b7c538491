import pytest
from django.urls import reverse

from uplift.accounts.models import User

pytestmark = pytest.mark.django_db

URL = "/accounts/register/"
GOOD = {
    "full_name": "Nina Newcomer",
    "email": "Nina@School.example",
    "password1": "purple-otter-lantern",
    "password2": "purple-otter-lantern",
}


def test_register_creates_the_account_and_signs_in(client):
    assert reverse("accounts:register") == URL
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:home")
    user = User.objects.get(email="nina@school.example")
    assert user.full_name == "Nina Newcomer"
    assert user.check_password("purple-otter-lantern")
    assert int(client.session["_auth_user_id"]) == user.pk
    home = client.get(response["Location"])
    assert "Find your school and ask to join" in home.text


def test_register_returns_to_a_safe_next(client):
    response = client.post(f"{URL}?next=/accounts/invitations/abc/", GOOD)
    assert response["Location"] == "/accounts/invitations/abc/"


def test_register_ignores_an_unsafe_next(client):
    response = client.post(f"{URL}?next=https://evil.example/", GOOD)
    assert response["Location"] == reverse("pages:home")


def test_existing_email_is_refused_in_any_case(client, cast):
    response = client.post(URL, {**GOOD, "email": "LEAD@example.test"})
    assert response.status_code == 200
    assert "An account with this email address already exists" in response.text
    assert User.objects.filter(email__iexact="lead@example.test").count() == 1


def test_passwords_must_match_and_be_strong(client):
    response = client.post(URL, {**GOOD, "password2": "something-else-entirely"})
    assert "The passwords do not match" in response.text
    response = client.post(URL, {**GOOD, "password1": "short", "password2": "short"})
    assert "There is a problem" in response.text
    assert "too short" in response.text
    assert not User.objects.filter(email="nina@school.example").exists()


def test_missing_fields_show_the_error_summary(client):
    response = client.post(URL, {})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    for message in ("Enter your full name", "Enter your email address", "Create a password"):
        assert message in response.text
    assert not User.objects.exists()
