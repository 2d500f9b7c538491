"""Browser journeys for the register: find a school, read its entry, ask to join; a trust lead's trust page.
Every page is axe-checked by the ``ui`` fixture (uplift/testing/browser.py)."""

from __future__ import annotations

import pytest

from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.browser import UI
from uplift.testing.cast import Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OGL = "Contains public sector information licensed under the Open Government Licence v3.0."


def test_newcomer_finds_their_school_and_asks_to_join(ui: UI, cast: Cast) -> None:
    SchoolFactory.create_batch(30, name="Brookside Infant School", local_authority=cast.la_b)
    ui.sign_in(cast.outsider)
    ui.click_and_wait("Find a school")
    ui.fill("Name, URN or postcode (optional)", "Brookside")
    ui.select("Region (optional)", "North West")
    ui.submit("Search")
    assert "1 school" in ui.main_text()
    assert "Brookside Infant School" not in ui.main_text()

    ui.select("Region (optional)", "Any region")
    ui.submit("Search")
    assert "31 schools, page 1 of 2" in ui.main_text()
    ui.click_and_wait("Next page")
    assert "page 2 of 2" in ui.main_text()

    ui.fill("Name, URN or postcode (optional)", "pr1 1aa")
    ui.submit("Search")
    ui.click_and_wait("Brookside Primary School")
    assert ui.heading() == "Brookside Primary School"
    text = ui.main_text()
    assert "Pennine Learning Trust" in text and "Lancashire Computing Hub" in text
    assert OGL in text
    ui.click_and_wait("Ask to join this school")
    assert ui.path == f"/accounts/schools/{cast.school_a.urn}/join/"


def test_trust_lead_goes_from_a_school_to_the_trusts_schools(ui: UI, cast: Cast) -> None:
    ui.sign_in(cast.trust_lead)
    ui.visit(f"/schools/{cast.school_a.urn}/")
    ui.click_and_wait("All schools in Pennine Learning Trust")

    assert ui.heading() == "Pennine Learning Trust"
    assert "Brookside Primary School" in ui.main_text()
    assert "Riverside Academy" not in ui.main_text()


def test_search_works_without_javascript(ui_without_js: UI, cast: Cast) -> None:
    ui_without_js.sign_in(cast.teacher)
    ui_without_js.visit("/schools/")
    ui_without_js.fill("Name, URN or postcode (optional)", "100002")
    ui_without_js.submit("Search")

    assert "Riverside Academy" in ui_without_js.main_text()
