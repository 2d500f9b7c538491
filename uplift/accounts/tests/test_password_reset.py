import re

import pytest
from django.core import mail
from django.urls import reverse

from uplift.accounts.models import User

pytestmark = pytest.mark.django_db


def test_reset_request_emails_a_working_link(client, cast):
    response = client.post(reverse("accounts:password_reset"), {"email": "teacher@example.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["teacher@example.test"]
    assert message.subject == "Reset your Uplift password"
    link = re.search(r"https?://[^\s]+/accounts/password-reset/[^\s]+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    confirm = client.get("/" + path, follow=True)
    assert "Choose a new password" in confirm.text
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": "lilac-walrus-harbour", "new_password2": "lilac-walrus-harbour"},
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert User.objects.get(pk=cast.teacher.pk).check_password("lilac-walrus-harbour")
    # The link works once.
    again = client.get("/" + path, follow=True)
    assert "This link does not work" in again.text


def test_unknown_email_sends_nothing_but_says_the_same(client, cast):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.test"}, follow=True)
    assert "Check your email" in response.text
    assert mail.outbox == []


def test_change_password_needs_the_old_one(client_for, cast):
    client = client_for(cast.teacher)
    url = reverse("accounts:password_change")
    response = client.post(
        url, {"old_password": "wrong", "new_password1": "lilac-walrus-harbour", "new_password2": "lilac-walrus-harbour"}
    )
    assert "There is a problem" in response.text
    response = client.post(
        url,
        {
            "old_password": "correct-horse-battery",
            "new_password1": "lilac-walrus-harbour",
            "new_password2": "lilac-walrus-harbour",
        },
    )
    assert response["Location"] == reverse("accounts:profile")
    assert User.objects.get(pk=cast.teacher.pk).check_password("lilac-walrus-harbour")


def test_change_password_needs_sign_in(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_new_password_from_the_emailed_link_lifts_a_sign_in_lockout(client, cast):
    from axes.models import AccessAttempt

    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "teacher@example.test", "password": "wrong-password"})
    assert (
        client.post(reverse("accounts:login"), {"username": "teacher@example.test", "password": "x"}).status_code == 429
    )

    client.post(reverse("accounts:password_reset"), {"email": "teacher@example.test"})
    link = re.search(r"https?://[^\s]+/accounts/password-reset/[^\s]+/", mail.outbox[0].body).group(0)
    confirm = client.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": "lilac-walrus-harbour", "new_password2": "lilac-walrus-harbour"},
    )

    assert not AccessAttempt.objects.filter(username="teacher@example.test").exists()
    signed_in = client.post(
        reverse("accounts:login"), {"username": "teacher@example.test", "password": "lilac-walrus-harbour"}
    )
    assert signed_in.status_code == 302
