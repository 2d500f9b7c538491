import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from uplift.testing.cast import TEST_PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/sign-in/"


def sign_in(client, email, password, address="10.0.0.1", **extra):
    return client.post(SIGN_IN, {"username": email, "password": password, **extra}, REMOTE_ADDR=address)


def test_sign_in_url_and_page(client):
    assert reverse("accounts:login") == SIGN_IN
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    assert "Email address" in response.text


def test_correct_password_signs_in_and_goes_home(client, cast):
    response = sign_in(client, "lead@example.test", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:home")
    assert client.get(reverse("accounts:profile")).context["user"] == cast.lead


def test_email_is_not_case_sensitive(client, cast):
    response = sign_in(client, "Lead@Example.TEST", TEST_PASSWORD)
    assert response.status_code == 302


def test_wrong_password_shows_error_summary(client, cast):
    response = sign_in(client, "lead@example.test", "not-the-password")
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter a correct email address and password" in response.text
    assert "_auth_user_id" not in client.session


def test_sign_in_follows_safe_next_only(client, cast):
    response = sign_in(client, "lead@example.test", TEST_PASSWORD, next="/accounts/profile/")
    assert response["Location"] == "/accounts/profile/"
    client.logout()
    response = sign_in(client, "lead@example.test", TEST_PASSWORD, next="https://evil.example/")
    assert response["Location"] == reverse("pages:home")


def test_five_failures_lock_the_account_for_that_address(client, cast):
    for _ in range(4):
        assert sign_in(client, "lead@example.test", "wrong-password").status_code == 200
    locked = sign_in(client, "lead@example.test", "wrong-password")
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.text
    assert "Try again in 15 minutes" in locked.text
    assert reverse("accounts:password_reset") in locked.text
    # Even the right password is refused while locked out.
    assert sign_in(client, "lead@example.test", TEST_PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username="lead@example.test", ip_address="10.0.0.1").exists()


def test_lockout_is_for_one_email_and_address(client, cast):
    for _ in range(5):
        sign_in(client, "lead@example.test", "wrong-password")
    assert sign_in(client, "lead@example.test", TEST_PASSWORD, address="10.0.0.2").status_code == 302
    client.logout()
    assert sign_in(client, "teacher@example.test", TEST_PASSWORD).status_code == 302


def test_success_resets_the_failure_count(client, cast):
    for _ in range(4):
        sign_in(client, "lead@example.test", "wrong-password")
    assert sign_in(client, "lead@example.test", TEST_PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "lead@example.test", "wrong-password").status_code == 200


def test_sign_out_is_post_only(client_for, cast):
    client = client_for(cast.lead)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_signed_in_person_visiting_sign_in_goes_home(client_for, cast):
    response = client_for(cast.lead).get(SIGN_IN)
    assert response.status_code == 302


def test_changing_the_case_of_the_email_does_not_get_more_attempts(client, cast):
    for email in ["lead@example.test", "LEAD@example.test", "Lead@Example.test", "lEad@example.TEST"]:
        sign_in(client, email, "wrong-password")
    locked = sign_in(client, "leaD@example.test", "wrong-password")

    assert locked.status_code == 429
    assert sign_in(client, "LEAD@EXAMPLE.TEST", TEST_PASSWORD).status_code == 429
