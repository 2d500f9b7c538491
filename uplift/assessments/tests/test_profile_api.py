"""GET /api/v1/schools/{urn}/profile."""

import pytest
from django.test import Client

from uplift.accounts.models import ApiToken, User
from uplift.assessments.tests.profile_data import assess, clear_averages_cache  # noqa: F401 - autouse fixture
from uplift.frameworks.models import Framework
from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


def api_client(user: User) -> Client:
    secret, prefix, token_hash = ApiToken.new_secret()
    ApiToken.objects.create(user=user, name="Tests", prefix=prefix, token_hash=token_hash)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def profile_path(cast: Cast) -> str:
    return f"/api/v1/schools/{cast.school_a.urn}/profile"


@pytest.mark.parametrize("role", ["lead", "governor", "trust_lead", "advisor"])
def test_readers_get_the_profile_as_json(cast: Cast, framework: Framework, role) -> None:
    assess(cast.school_a, framework, level=3, aspects={"leadership-vision": 1})
    for _ in range(4):
        assess(SchoolFactory(), framework, level=4)

    response = api_client(getattr(cast, role)).get(profile_path(cast))

    assert response.status_code == 200
    body = response.json()
    assert body["urn"] == cast.school_a.urn
    assert body["threshold_level"] == 4
    leadership = body["dimensions"][0]
    assert leadership["slug"] == "leadership"
    assert leadership["level"] == 1
    assert leadership["national_average"] == 3.4  # (1 + 4 * 4) / 5
    assert leadership["peers_average"] is None  # fewer than 5 primary schools in the North West
    assert body["next_steps"][0]["aspect"] == "leadership-vision"
    assert body["areas_for_development"][0] == {"title": "Leadership and Vision", "level": 1, "dimension": None}


@pytest.mark.parametrize("role", ["lead_b", "outsider", "trust_lead_b", "other_advisor"])
def test_others_get_404(cast: Cast, framework: Framework, role) -> None:
    response = api_client(getattr(cast, role)).get(profile_path(cast))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_the_profile_needs_authentication(cast: Cast, framework: Framework) -> None:
    assert Client().get(profile_path(cast)).status_code == 401
