"""GET/PUT /api/v1/schools/{urn}/assessment/aspects/{slug} and GET /api/v1/frameworks/current."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from uplift.accounts.models import ApiToken, User
from uplift.assessments.models import Judgement
from uplift.evidence.models import EvidenceItem
from uplift.frameworks.models import Aspect, Framework
from uplift.lib.versioning import STALE_MESSAGE
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


def token_for(user: User) -> str:
    secret, prefix, token_hash = ApiToken.new_secret()
    ApiToken.objects.create(user=user, name="Tests", prefix=prefix, token_hash=token_hash)
    return secret


@pytest.fixture
def api_as(client: Client):
    def as_user(user: User) -> Client:
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(user)}"
        return client

    return as_user


@pytest.fixture
def aspect(framework: Framework) -> Aspect:
    return Aspect.objects.filter(framework=framework).order_by("order").first()


def path(cast: Cast, aspect: Aspect, urn: int | None = None) -> str:
    return f"/api/v1/schools/{urn or cast.school_a.urn}/assessment/aspects/{aspect.slug}"


def put(client: Client, url: str, **body: object) -> object:
    data = {"level": 3, "current_position": "Now", "evidence_commentary": "Plans", "improvement_actions": "CPD"}
    data.update(body)
    return client.put(url, json.dumps(data), content_type="application/json")


def test_the_current_framework_is_readable_by_anyone_signed_in(cast: Cast, framework: Framework, api_as) -> None:
    response = api_as(cast.outsider).get("/api/v1/frameworks/current")

    assert response.status_code == 200
    data = response.json()
    assert data["threshold_level"] == 4
    assert data["dimensions"][0]["slug"] == "leadership"
    levels = data["dimensions"][0]["aspects"][0]["levels"]
    assert [level["level"] for level in levels] == [1, 2, 3, 4, 5]
    assert [level["is_threshold"] for level in levels] == [False, False, False, True, False]


def test_the_framework_needs_sign_in(framework: Framework, client: Client) -> None:
    assert client.get("/api/v1/frameworks/current").status_code == 401


def test_an_unjudged_aspect_reads_as_version_0(cast: Cast, aspect: Aspect, api_as) -> None:
    response = api_as(cast.governor).get(path(cast, aspect))

    assert response.status_code == 200
    assert response.json()["version"] == 0
    assert response.json()["level"] is None


@pytest.mark.parametrize("role", ["lead", "teacher"])
def test_writers_put_a_judgement(cast: Cast, aspect: Aspect, api_as, role: str) -> None:
    note = EvidenceItem.objects.create(school=cast.school_a, kind="note", title="Survey", note="x")

    response = put(api_as(getattr(cast, role)), path(cast, aspect), version=0, evidence_ids=[note.pk])

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["level"] == 3
    assert data["version"] == 1
    assert data["complete"] is True
    assert data["evidence_ids"] == [note.pk]
    assert Judgement.objects.get().updated_by == getattr(cast, role)


@pytest.mark.parametrize("role", ["governor", "trust_lead", "manager", "advisor"])
def test_readers_get_403_on_put(cast: Cast, aspect: Aspect, api_as, role: str) -> None:
    client = api_as(getattr(cast, role))
    assert client.get(path(cast, aspect)).status_code == 200
    assert put(client, path(cast, aspect), version=0).status_code == 403
    assert not Judgement.objects.exists()


@pytest.mark.parametrize("role", ["lead_b", "outsider", "trust_lead_b"])
def test_others_get_404(cast: Cast, aspect: Aspect, api_as, role: str) -> None:
    client = api_as(getattr(cast, role))
    assert client.get(path(cast, aspect)).status_code == 404
    assert put(client, path(cast, aspect), version=0).status_code == 404


def test_a_stale_version_gets_409_with_both_versions(cast: Cast, aspect: Aspect, api_as) -> None:
    put(api_as(cast.teacher), path(cast, aspect), version=0, current_position="Teacher's")

    response = put(api_as(cast.lead), path(cast, aspect), version=0, current_position="Lead's")

    assert response.status_code == 409
    data = response.json()
    assert data["detail"] == STALE_MESSAGE
    assert data["theirs"]["current_position"] == "Teacher's"
    assert data["theirs"]["version"] == 1
    assert data["yours"]["current_position"] == "Lead's"
    assert Judgement.objects.get().current_position == "Teacher's"


def test_invalid_bodies_are_422(cast: Cast, aspect: Aspect, api_as) -> None:
    client = api_as(cast.lead)
    assert put(client, path(cast, aspect), version=0, level=7).status_code == 422
    other = EvidenceItem.objects.create(school=cast.school_b, kind="note", title="B's", note="x")
    response = put(client, path(cast, aspect), version=0, evidence_ids=[other.pk])
    assert response.status_code == 422
    assert "this school's library" in response.json()["detail"]


def test_an_unknown_aspect_is_404(cast: Cast, framework: Framework, api_as) -> None:
    response = api_as(cast.lead).get(f"/api/v1/schools/{cast.school_a.urn}/assessment/aspects/nope")
    assert response.status_code == 404
