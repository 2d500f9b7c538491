import base64
import copy
import datetime as dt
import json

import pytest
import time_machine
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import override_settings
from django.urls import reverse

from uplift.lib.credentials import CredentialInvalid, public_key_multibase, verify_credential
from uplift.qualitymark.models import Award
from uplift.testing.cast import Cast

from .helpers import decide, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(cast: Cast, eligible: Cast) -> Award:
    with time_machine.travel(dt.datetime(2027, 3, 15, 10, tzinfo=dt.UTC), tick=False):
        decide(submit(cast.school_a, cast.lead))
    return Award.objects.get()


def download(client, cast: Cast) -> dict:
    response = client.get(reverse("qualitymark:credential", args=[cast.school_a.urn]))
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_credential_is_an_open_badge_that_verifies_against_the_published_key(
    cast: Cast, award: Award, client_for, client
) -> None:
    credential = download(client_for(cast.governor), cast)
    issuer = client.get(reverse("qualitymark:issuer")).json()
    key = issuer["verificationMethod"][0]

    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" in credential["@context"]
    assert credential["credentialSubject"]["achievement"]["name"] == "Uplift Quality Mark"
    assert credential["validFrom"] == "2027-03-15T00:00:00Z"
    assert credential["validUntil"] == "2030-03-14T23:59:59Z"
    assert credential["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert credential["proof"]["verificationMethod"] == key["id"]
    assert verify_credential(credential, key["publicKeyMultibase"])["name"].endswith("Brookside Primary School")


def test_credentials_are_signed_with_the_configured_key_whatever_the_secret_key(
    cast: Cast, award: Award, client_for, client
) -> None:
    seed = b"uplift-test-open-badges-seed-32b"
    configured = base64.urlsafe_b64encode(seed).decode()
    published = public_key_multibase(Ed25519PrivateKey.from_private_bytes(seed).public_key())

    with override_settings(OPEN_BADGES_SIGNING_KEY=configured):
        credential = download(client_for(cast.lead), cast)
    with override_settings(OPEN_BADGES_SIGNING_KEY=configured, SECRET_KEY="rotated-secret-key-0123456789"):
        issuer = client.get(reverse("qualitymark:issuer")).json()
        again = download(client_for(cast.lead), cast)

    assert issuer["verificationMethod"][0]["publicKeyMultibase"] == published
    assert again == credential  # Ed25519 is deterministic: the same award signs the same way
    assert verify_credential(credential, published)["id"] == credential["id"]
    with pytest.raises(CredentialInvalid):
        verify_credential(credential)  # the development key (from SECRET_KEY) is another key


def test_a_tampered_credential_does_not_verify(cast: Cast, award: Award, client_for) -> None:
    credential = download(client_for(cast.lead), cast)
    tampered = copy.deepcopy(credential)
    tampered["validUntil"] = "2040-01-01T00:00:00Z"

    with pytest.raises(CredentialInvalid):
        verify_credential(tampered)
    with pytest.raises(CredentialInvalid):
        verify_credential({**credential, "proof": {**credential["proof"], "proofValue": "z" + "2" * 86}})


def test_the_credential_is_for_the_schools_readers_only(cast: Cast, award: Award, client_for) -> None:
    url = reverse("qualitymark:credential", args=[cast.school_a.urn])

    assert client_for(cast.lead_b).get(url).status_code == 404
    assert client_for(cast.outsider).get(url).status_code == 404


def test_the_badge_is_public_and_says_when_it_is_no_longer_valid(cast: Cast, award: Award, client) -> None:
    url = reverse("qualitymark:badge", args=[award.number])

    with time_machine.travel(dt.datetime(2027, 4, 1, tzinfo=dt.UTC)):
        current = client.get(url)
    with time_machine.travel(dt.datetime(2031, 1, 1, tzinfo=dt.UTC)):
        expired = client.get(url).content.decode()

    assert current["Content-Type"] == "image/svg+xml"
    assert "Valid until Mar 2030" in current.content.decode()
    assert "No longer valid" in expired
    assert client.get(reverse("qualitymark:badge", args=["UQM-NOPE-NOPE"])).status_code == 404


def test_the_school_page_offers_the_badge_html_linking_to_verification(cast: Cast, award: Award, client_for) -> None:
    with time_machine.travel(dt.datetime(2027, 4, 1, tzinfo=dt.UTC)):
        page = client_for(cast.lead).get(reverse("qualitymark:school", args=[cast.school_a.urn])).text

    assert f"/quality-mark/verify/{award.number}/badge.svg" in page
    assert '&lt;a href="http://' in page
