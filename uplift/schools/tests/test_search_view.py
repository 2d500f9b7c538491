"""The register search page (schools:search)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from uplift.schools.models import Phase
from uplift.schools.tests.factories import LocalAuthorityFactory, SchoolFactory
from uplift.testing.cast import Cast

URL = reverse("schools:search")
OGL = "Contains public sector information licensed under the Open Government Licence v3.0."


def test_anonymous_is_sent_to_sign_in(client, db) -> None:
    response = client.get(URL, {"q": "Brookside"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["outsider", "teacher", "governor", "trust_lead", "advisor", "manager", "staff"])
def test_every_signed_in_person_can_search(cast: Cast, client_for, role: str) -> None:
    response = client_for(getattr(cast, role)).get(URL, {"q": "Brookside"})

    assert response.status_code == 200
    assert "Brookside Primary School" in response.text
    assert "Riverside Academy" not in response.text
    assert OGL in response.text


def test_finds_by_urn_and_by_postcode_without_spaces(cast: Cast, client_for) -> None:
    client = client_for(cast.outsider)

    assert "Riverside Academy" in client.get(URL, {"q": "100002"}).text
    by_postcode = client.get(URL, {"q": "nw11aa"}).text
    assert "Riverside Academy" in by_postcode
    assert "Brookside Primary School" not in by_postcode


def test_filters_by_phase_region_and_local_authority(cast: Cast, client_for) -> None:
    client = client_for(cast.outsider)

    by_phase = client.get(URL, {"phase": Phase.SECONDARY}).text
    by_region = client.get(URL, {"region": cast.region_a.pk}).text
    by_la = client.get(URL, {"local_authority": cast.la_b.pk}).text

    assert "Riverside Academy" in by_phase and "Brookside Primary School" not in by_phase
    assert "Brookside Primary School" in by_region and "Riverside Academy" not in by_region
    assert "Riverside Academy" in by_la and "Brookside Primary School" not in by_la


def test_says_when_nothing_matches(cast: Cast, client_for) -> None:
    response = client_for(cast.outsider).get(URL, {"q": "Nowhere Special"})

    assert "No schools found" in response.text


def test_unknown_filter_value_shows_the_error(cast: Cast, client_for) -> None:
    response = client_for(cast.outsider).get(URL, {"phase": "kindergarten"})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Brookside Primary School" not in response.text


def test_results_are_paginated_25_a_page_keeping_the_query(cast: Cast, client_for) -> None:
    la = LocalAuthorityFactory(name="Leeds")
    SchoolFactory.create_batch(30, name="Elm Grove School", local_authority=la)

    first = client_for(cast.outsider).get(URL, {"q": "Elm Grove"})
    second = client_for(cast.outsider).get(URL, {"q": "Elm Grove", "page": 2})

    assert first.text.count("Elm Grove School</a>") == 25
    assert "30 schools, page 1 of 2" in first.text
    assert "?q=Elm+Grove&amp;page=2" in first.text
    assert second.text.count("Elm Grove School</a>") == 5


def test_search_page_queries_do_not_grow_with_results(
    cast: Cast,
    client_for,
    django_assert_max_num_queries,
) -> None:
    SchoolFactory.create_batch(30, name="Elm Grove School", local_authority=LocalAuthorityFactory(name="Leeds"))
    client = client_for(cast.outsider)

    with django_assert_max_num_queries(10):
        response = client.get(URL, {"q": "Elm Grove"})

    assert response.status_code == 200
