"""Browser journey for cohorts and applications (every page axe-checked by ``ui``): a programme manager
creates a cohort (and is told what is wrong first); a school's computing lead applies with priorities
and a trust partner, without JavaScript; the headteacher consents using only the keyboard; an
ineligible school is told exactly why, with links to the aspects it has not judged."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from uplift.cohorts.models import CohortApplication, CohortApplicationStatus
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import framework_spec
from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.browser import UI

from .helpers import aspects, judge

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_cohort_is_created_a_school_applies_the_head_consents_and_an_ineligible_school_sees_why(
    ui: UI, ui_factory, cast
) -> None:
    framework = framework_load(spec=framework_spec())
    judge(cast.school_a, cast.lead, framework, {"curriculum-1": 1, "curriculum-2": 2}, default=3)
    partner = SchoolFactory(name="Hillside Primary School", trust=cast.trust_a)
    unjudged = aspects(framework)[-2:]
    judge(cast.school_b, cast.lead_b, framework, {aspect.slug: None for aspect in unjudged})
    today = timezone.localdate()

    # The manager creates a cohort from the home page; a window in the wrong order is explained first.
    ui.sign_in(cast.manager)
    ui.click_and_wait("Cluster cohorts (Programme manager)")
    ui.click_and_wait("Create a cohort")
    ui.fill("Name", "April 2027")
    ui.fill("Applications open", today.isoformat())
    ui.fill("Applications close", (today - dt.timedelta(days=1)).isoformat())
    ui.fill("Programme starts", (today + dt.timedelta(days=90)).isoformat())
    ui.fill("Most clusters funded", "4")
    ui.submit("Create the cohort")
    assert "Applications must close on or after the day they open" in ui.error_summary()
    ui.fill("Applications close", (today + dt.timedelta(days=30)).isoformat())
    ui.submit("Create the cohort")
    assert ui.heading() == "April 2027"
    assert "£15,000.00 per cluster; at most 4 clusters" in ui.main_text()
    ui.click_and_wait("Change the cohort")
    ui.fill("Maximum travel distance (km)", "30")
    ui.submit("Save changes")
    assert "Every school within 30 km of its meeting school" in ui.main_text()

    # The computing lead applies without JavaScript: priorities in order, a partner from the trust.
    lead = ui_factory(javascript=False)
    lead.sign_in(cast.lead)
    lead.click_and_wait(lead.page.get_by_role("link", name=re.compile("^Computing Clusters")).first)
    assert "Curriculum" in lead.main_text()  # its needs per dimension
    lead.click_and_wait("Apply to April 2027")
    lead.select("Second priority", "Teaching")
    lead.submit("Submit the application")
    assert "Choose at least one priority dimension" in lead.error_summary()
    lead.select("First priority", "Curriculum")
    lead.choose("Hillside Primary School")
    lead.submit("Submit the application")
    assert "waiting for a senior leader's consent" in lead.main_text()
    application = CohortApplication.objects.get()
    assert application.status == CohortApplicationStatus.AWAITING_CONSENT
    assert application.priority_dimensions == ["curriculum", "teaching"]
    assert list(application.preferred_schools.all()) == [partner]
    assert application.needs["curriculum"] == pytest.approx(2.0)  # levels 1, 2, 3 -> (3 + 2 + 1) / 3
    assert {tuple(message.to) for message in mail.outbox} == {(cast.head.email,), (cast.lead.email,)}

    # The headteacher consents with the keyboard alone.
    head = ui_factory()
    head.sign_in(cast.head)
    head.visit(f"/schools/{cast.school_a.urn}/clusters/")
    assert "Your consent is needed" in head.main_text()
    head.press_tab_until("Give consent")
    head.press_enter_and_wait()  # without ticking the box first: told what is missing
    assert "Confirm that you consent to the school taking part" in head.error_summary()
    head.press_tab_until("I consent to the school taking part")
    head.page.keyboard.press("Space")
    head.press_tab_until("Give consent")
    head.press_enter_and_wait()
    assert "Consent recorded" in head.main_text()
    application.refresh_from_db()
    assert (application.status, application.consent_by) == (CohortApplicationStatus.SUBMITTED, cast.head)

    # The manager sees the application in the cohort's table.
    ui.visit(ui.path)
    ui.select("Status", "Submitted")
    ui.submit("Filter")
    assert "Brookside Primary School" in ui.main_text() and "Curriculum: 2.0" in ui.main_text()

    # School B has two aspects unjudged: it is told why, with links, and offered no apply button.
    other = ui_factory()
    other.sign_in(cast.lead_b)
    other.visit(f"/schools/{cast.school_b.urn}/clusters/")
    text = other.main_text()
    assert "Your school cannot apply yet" in text and "2 aspects of your self-assessment have no level yet" in text
    assert other.page.get_by_role("link", name="Apply to April 2027").count() == 0
    links = other.links()
    for aspect in unjudged:
        assert links[aspect.title] == f"/schools/{cast.school_b.urn}/assessment/{aspect.slug}/"
    other.click_and_wait(unjudged[0].title)
    assert other.heading() == unjudged[0].title
