"""Regional cohorts: a cohort has an optional region (none: national). A regional programme manager manages
their region's cohorts only; a regional cohort takes its region's schools; national cohorts are for national
managers (``uplift/cohorts/access.py``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from uplift.cohorts import selectors, services
from uplift.cohorts.access import cohorts_for_user, get_cohort_for_school, get_cohort_for_user, manages_cohort
from uplift.cohorts.tests.factories import CohortFactory

DAY = dt.date(2027, 3, 1)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2027, 3, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def settings_for(**changes: object) -> dict[str, object]:
    data = {
        "name": "October 2027",
        "region": None,
        "applications_open": DAY,
        "applications_close": DAY + dt.timedelta(days=30),
        "starts_on": DAY + dt.timedelta(days=60),
        "months": 12,
        "funding_per_cluster": Decimal("15000.00"),
        "funded_clusters": 10,
        "max_km": 25.0,
        "cost_per_cluster": 0.0,
        "travel_weight": 0.1,
        "unassigned_penalty": 10.0,
        "coaching_hours": 30,
        "coaching_sessions": 5,
        "bespoke_days": 9,
        "output_days": 3,
    }
    return {**data, **changes}


def test_a_regional_manager_manages_their_regions_cohorts_only(cast) -> None:
    national = CohortFactory(name="National")
    north_west = CohortFactory(name="North West", region=cast.region_a)
    london = CohortFactory(name="London", region=cast.region_b)
    assert set(cohorts_for_user(cast.manager)) == {national, north_west, london}
    assert list(cohorts_for_user(cast.manager_b)) == [london]
    assert [manages_cohort(cast.manager_b, c) for c in (national, north_west, london)] == [False, False, True]
    assert get_cohort_for_user(cast.manager_b, london.pk) == london
    with pytest.raises(Http404):
        get_cohort_for_user(cast.manager_b, north_west.pk)
    assert list(cohorts_for_user(cast.advisor)) == []


def test_a_regional_manager_creates_cohorts_of_their_region_only(cast) -> None:
    with pytest.raises(ValidationError) as national:
        services.cohort_create(by=cast.manager_b, **settings_for())
    assert "region" in national.value.message_dict
    with pytest.raises(ValidationError):
        services.cohort_create(by=cast.manager_b, **settings_for(region=cast.region_a))
    cohort = services.cohort_create(by=cast.manager_b, **settings_for(region=cast.region_b))
    assert cohort.region == cast.region_b
    assert services.cohort_create(by=cast.manager, **settings_for(name="Everywhere")).region is None


def test_the_create_form_offers_a_regional_manager_their_region_only(cast, client_for) -> None:
    page = client_for(cast.manager_b).get(reverse("cohorts:create")).content.decode()
    assert "London" in page
    assert "North West" not in page
    assert "National: schools in every region" not in page
    national_page = client_for(cast.manager).get(reverse("cohorts:create")).content.decode()
    assert "National: schools in every region" in national_page


def test_a_school_sees_and_applies_to_national_cohorts_and_its_regions_only(cast, client_for) -> None:
    national = CohortFactory(name="National", applications_open=DAY, applications_close=DAY + dt.timedelta(days=9))
    own = CohortFactory(
        name="North West", region=cast.region_a, applications_open=DAY, applications_close=DAY + dt.timedelta(days=9)
    )
    other = CohortFactory(
        name="London", region=cast.region_b, applications_open=DAY, applications_close=DAY + dt.timedelta(days=9)
    )
    assert selectors.open_cohorts(school=cast.school_a) == [national, own]
    assert get_cohort_for_school(cast.school_a, own.pk) == own
    with pytest.raises(Http404):
        get_cohort_for_school(cast.school_a, other.pk)
    response = client_for(cast.lead).get(reverse("cohorts:apply", args=[cast.school_a.urn, other.pk]))
    assert response.status_code == 404
    # The rule itself, as the matching run re-checks it:
    region_check = next(c for c in selectors.eligibility(cast.school_a, other).checks if c.key == "region")
    assert (region_check.passed, region_check.text) == (False, "London is for schools in London.")
