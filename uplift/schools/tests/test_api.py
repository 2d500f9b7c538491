"""GET /api/v1/schools and /api/v1/schools/{urn}: signed-in people only, JSON errors."""

from __future__ import annotations

import pytest
from django.test import Client

from uplift.accounts.models import ApiToken, User
from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.cast import Cast

LIST = "/api/v1/schools"


def token_for(user: User) -> str:
    secret, prefix, token_hash = ApiToken.new_secret()
    ApiToken.objects.create(user=user, name="Tests", prefix=prefix, token_hash=token_hash)
    return secret


@pytest.fixture
def api(cast: Cast, client: Client) -> Client:
    """A client sending the outsider's personal token (any signed-in person may read the register)."""
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(cast.outsider)}"
    return client


def test_anonymous_gets_401_json(cast: Cast, client: Client) -> None:
    for path in [LIST, f"{LIST}/{cast.school_a.urn}"]:
        response = client.get(path)
        assert response.status_code == 401
        assert response.json() == {"detail": "Authentication required: send a valid API token or sign in."}


def test_revoked_or_wrong_token_gets_401(cast: Cast, client: Client) -> None:
    secret = token_for(cast.outsider)
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")

    assert client.get(LIST, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    assert client.get(LIST, HTTP_AUTHORIZATION="Bearer upl_not-a-token").status_code == 401


def test_one_school_with_every_field(cast: Cast, api: Client) -> None:
    response = api.get(f"{LIST}/100001")

    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in body if key not in {"lat", "lon"}} == {
        "urn": 100001,
        "name": "Brookside Primary School",
        "phase": "primary",
        "type": "Academy converter",
        "status": "Open",
        "la": "Lancashire",
        "region": "North West",
        "town": "Preston",
        "postcode": "PR1 1AA",
        "easting": 354000,
        "northing": 429000,
        "trust": "Pennine Learning Trust",
    }
    assert body["lat"] == pytest.approx(53.75, abs=0.05)
    assert body["lon"] == pytest.approx(-2.70, abs=0.05)


def test_unknown_school_is_404_json(api: Client) -> None:
    response = api.get(f"{LIST}/999999")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_school_without_location_or_trust_has_nulls(api: Client) -> None:
    SchoolFactory(urn=300001, easting=None, northing=None, trust=None, local_authority=None, region=None)

    body = api.get(f"{LIST}/300001").json()

    assert (body["lat"], body["lon"], body["trust"], body["la"], body["region"]) == (None, None, None, None, None)


def test_search_by_name_urn_and_postcode(api: Client) -> None:
    def urns(**params: str) -> list[int]:
        return [item["urn"] for item in api.get(LIST, params).json()["items"]]

    assert urns(q="riverside") == [100002]
    assert urns(q="100001") == [100001]
    assert urns(q="PR1 1AA") == [100001]
    assert urns() == [100001, 100002]


def test_filters_by_phase_la_and_region_names(api: Client) -> None:
    def urns(**params: str) -> list[int]:
        return [item["urn"] for item in api.get(LIST, params).json()["items"]]

    assert urns(phase="secondary") == [100002]
    assert urns(la="lancashire") == [100001]
    assert urns(region="London") == [100002]
    assert urns(region="London", phase="primary") == []


def test_unknown_phase_is_422_json(api: Client) -> None:
    response = api.get(LIST, {"phase": "kindergarten"})

    assert response.status_code == 422
    assert response.json()["detail"] == "The request is not valid."


def test_pages_of_50(cast: Cast, api: Client) -> None:
    SchoolFactory.create_batch(60, name="Elm Grove School")

    first = api.get(LIST, {"q": "Elm Grove"}).json()
    second = api.get(LIST, {"q": "Elm Grove", "page": 2}).json()

    assert first["count"] == 60
    assert len(first["items"]) == 50
    assert len(second["items"]) == 10


def test_signed_in_session_works_too(cast: Cast, client_for) -> None:
    response = client_for(cast.teacher).get(f"{LIST}/100002")

    assert response.status_code == 200
    assert response.json()["name"] == "Riverside Academy"


def test_a_wrong_method_gets_405_json_with_the_allowed_methods(api: Client) -> None:
    response = api.delete(LIST)

    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Method DELETE is not allowed here. Allowed: GET."}
    assert response["Allow"] == "GET"


def test_a_wrong_method_outside_the_api_keeps_the_usual_answer(cast: Cast, client: Client) -> None:
    client.force_login(cast.lead, backend="django.contrib.auth.backends.ModelBackend")

    response = client.get("/accounts/sign-out/")

    assert response.status_code == 405
    assert not response["Content-Type"].startswith("application/json")
