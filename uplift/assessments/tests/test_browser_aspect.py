"""Browser checks of the task list, the aspect page (with and without JavaScript) and the framework page.

Every page is axe-checked by the ``ui`` fixture (uplift/testing/browser.py).
"""

from __future__ import annotations

import pytest

from uplift.assessments.models import Judgement
from uplift.assessments.services import judgement_save
from uplift.frameworks.models import Aspect, Framework
from uplift.testing.browser import UI
from uplift.testing.cast import Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def quiet_favicon(ui: UI) -> UI:
    # base.html has no icon; answering /favicon.ico here keeps SQLite's shared test connection free.
    ui.page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    return ui


def test_without_javascript_a_teacher_judges_two_aspects_and_meets_a_conflict(
    ui_without_js: UI, cast: Cast, framework: Framework
) -> None:
    ui = quiet_favicon(ui_without_js)
    first, second = Aspect.objects.filter(framework=framework).order_by("order")[:2]
    ui.sign_in(cast.teacher)
    ui.visit(f"/schools/{cast.school_a.urn}/assessment/")
    assert ui.heading() == "Self-assessment"
    assert "Not started yet" in ui.main_text()

    ui.click_and_wait(first.title)
    ui.choose("Level 4 (Quality Mark standard)")
    ui.fill("Current position", "Agreed with governors in September.")
    ui.fill("Evidence", "Minutes of the governors' meeting.")
    ui.fill("Improvement actions", "Share with pupils.")
    ui.submit("Save and continue")
    assert ui.heading() == second.title
    assert Judgement.objects.get(aspect=first).level == 4

    # Meanwhile the lead saves the same aspect; the teacher's save is refused and shows both.
    ui.fill("Current position", "The teacher's words.")
    judgement_save(
        school=cast.school_a,
        aspect=second,
        level=2,
        current_position="The lead's words",
        evidence_commentary="",
        improvement_actions="",
        evidence_ids=[],
        by=cast.lead,
        expected_version=0,
    )
    ui.submit("Save")
    text = ui.main_text()
    assert "Lena Lead saved this aspect while you were editing it." in text
    assert "The lead's words" in text
    assert ui.field("Current position").input_value() == "The teacher's words."
    ui.submit("Save")
    assert Judgement.objects.get(aspect=second).current_position == "The teacher's words."

    ui.visit(f"/schools/{cast.school_a.urn}/assessment/")
    assert "Last edited by Theo Teacher" in ui.main_text()
    ui.click_and_wait(framework.title)
    assert ui.heading() == framework.title


def test_with_javascript_the_aspect_page_autosaves(ui: UI, cast: Cast, framework: Framework) -> None:
    ui = quiet_favicon(ui)
    aspect = Aspect.objects.filter(framework=framework).order_by("order").first()
    ui.sign_in(cast.lead)
    ui.visit(f"/schools/{cast.school_a.urn}/assessment/{aspect.slug}/")

    ui.choose("Level 3")
    ui.page.get_by_text("Saved automatically").wait_for()
    assert Judgement.objects.get().level == 3

    # Save straight after an autosave is not a conflict with the page's own autosave.
    ui.fill("Current position", "Typed after the autosave.")
    ui.submit("Save")
    assert "while you were editing" not in ui.main_text()
    assert Judgement.objects.get().current_position == "Typed after the autosave."


def test_a_governor_reads_the_aspect_page(ui: UI, cast: Cast, framework: Framework) -> None:
    ui = quiet_favicon(ui)
    aspect = Aspect.objects.filter(framework=framework).order_by("order").first()
    judgement_save(
        school=cast.school_a,
        aspect=aspect,
        level=3,
        current_position="Position",
        evidence_commentary="Evidence",
        improvement_actions="Actions",
        evidence_ids=[],
        by=cast.lead,
        expected_version=0,
    )
    ui.sign_in(cast.governor)
    ui.visit(f"/schools/{cast.school_a.urn}/assessment/")
    ui.click_and_wait(aspect.title)
    assert "can read this school" in ui.main_text()
    assert ui.page.locator("form textarea").count() == 0
