"""Personal API tokens: created once-visible, listed, revoked; used by the API's TokenAuth."""

import pytest
from django.urls import reverse

from uplift.accounts.models import ApiToken
from uplift.accounts.services import api_token_create

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def test_create_shows_the_secret_once(client_for, cast):
    client = client_for(cast.lead)
    response = client.post(reverse("accounts:api_tokens"), {"name": "MIS export"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("upl_")
    assert secret in response.text
    assert "You will not be able to see it again" in response.text
    token = ApiToken.objects.get(user=cast.lead)
    assert token.name == "MIS export"
    assert token.token_hash == ApiToken.hash(secret)
    listing = client.get(reverse("accounts:api_tokens"))
    assert secret not in listing.text
    assert token.prefix in listing.text
    assert "MIS export" in listing.text
    assert "Never" in listing.text


def test_name_is_required(client_for, cast):
    response = client_for(cast.lead).post(reverse("accounts:api_tokens"), {"name": ""})
    assert "There is a problem" in response.text
    assert not ApiToken.objects.exists()


def test_tokens_of_others_are_not_listed(client_for, cast):
    api_token_create(user=cast.lead_b, name="Other school script")
    assert "Other school script" not in client_for(cast.lead).get(reverse("accounts:api_tokens")).text


def test_revoke_own_token(client_for, cast):
    token, _secret = api_token_create(user=cast.lead, name="Old")
    url = reverse("accounts:api_token_revoke", args=[token.pk])
    client = client_for(cast.lead)
    assert client.get(url).status_code == 405
    assert client.post(url)["Location"] == reverse("accounts:api_tokens")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_cannot_revoke_someone_elses_token(client_for, cast):
    token, _secret = api_token_create(user=cast.lead_b, name="Theirs")
    assert client_for(cast.lead).post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_valid_token_works_against_the_api_and_records_use(client, cast):
    token, secret = api_token_create(user=cast.lead, name="Script")
    response = client.get(ME, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "lead@example.test"
    assert body["full_name"] == "Lena Lead"
    assert body["schools"] == [{"urn": 100001, "name": "Brookside Primary School", "role": "School computing lead"}]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_gets_401(client_for, cast):
    _token, secret = api_token_create(user=cast.lead, name="Script")
    client = client_for(cast.lead)
    client.post(reverse("accounts:api_token_revoke", args=[_token.pk]))
    client.logout()
    response = client.get(ME, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_no_or_wrong_token_gets_401(client, cast):
    assert client.get(ME).status_code == 401
    assert client.get(ME, HTTP_AUTHORIZATION="Bearer upl_not-a-token").status_code == 401


def test_me_shows_programme_and_trust_roles(client_for, cast):
    body = client_for(cast.hub_lead).get(ME).json()
    assert body["programme_roles"] == [{"role": "hub_lead", "region": None, "hub": "Lancashire Computing Hub"}]
    body = client_for(cast.trust_lead).get(ME).json()
    assert body["trusts"] == [{"id": cast.trust_a.pk, "name": "Pennine Learning Trust", "role": "Trust lead"}]
