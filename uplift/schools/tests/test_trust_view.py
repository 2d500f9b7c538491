"""A trust's schools side by side (schools:trust)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.cast import Cast


def url(cast: Cast) -> str:
    return reverse("schools:trust", args=[cast.trust_a.pk])


@pytest.mark.parametrize("role", ["trust_lead", "manager"])
def test_trust_lead_and_manager_see_the_trusts_schools(cast: Cast, client_for, role: str) -> None:
    SchoolFactory(urn=100100, name="Moorland Primary School", trust=cast.trust_a, town="Burnley")

    response = client_for(getattr(cast, role)).get(url(cast))

    assert response.status_code == 200
    text = response.text
    assert "Pennine Learning Trust" in text
    for fact in ["Brookside Primary School", "100001", "Preston", "Lancashire", "Moorland Primary School", "Burnley"]:
        assert fact in text
    assert "Riverside Academy" not in text
    assert "2 schools in this trust" in text
    assert "Open Government Licence v3.0" in text


@pytest.mark.parametrize(
    "role", ["trust_lead_b", "lead", "head", "teacher", "advisor", "assessor", "hub_lead", "outsider", "staff"]
)
def test_everyone_else_gets_404(cast: Cast, client_for, role: str) -> None:
    assert client_for(getattr(cast, role)).get(url(cast)).status_code == 404


def test_unknown_trust_is_404(cast: Cast, client_for) -> None:
    assert client_for(cast.manager).get(reverse("schools:trust", args=[99999])).status_code == 404


def test_anonymous_is_sent_to_sign_in(cast: Cast, client) -> None:
    response = client.get(url(cast))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
