"""Browser journey: the action plan, without JavaScript (every page axe-checked by ``ui``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from uplift.actions.models import Action
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import framework_spec
from uplift.testing.browser import UI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_plans_filters_edits_and_finishes_an_action(ui_without_js: UI, cast) -> None:
    framework_load(spec=framework_spec())
    ui = ui_without_js
    plan = f"/schools/{cast.school_a.urn}/actions/"
    due = timezone.localdate() + dt.timedelta(days=21)

    ui.sign_in(cast.lead)
    ui.visit(plan)
    assert ui.heading() == "Action plan"
    ui.click_and_wait("Add an action")
    ui.fill("What will be done?", "Share the computing vision with governors")
    ui.select("Owner", "Theo Teacher (teacher@example.test)")
    ui.fill("Due date", due.isoformat())
    ui.select("Dimension", "Leadership")
    ui.select("Aspect", "Curriculum 1")
    ui.submit("Add action")
    assert "Choose an aspect of Leadership" in ui.error_summary()
    ui.select("Aspect", "Leadership 1")
    ui.submit("Add action")
    assert ui.heading() == "Action plan"
    assert "Share the computing vision with governors" in ui.main_text()

    ui.select("Status", "Done")
    ui.submit("Apply filters")
    assert "No actions match your filters" in ui.main_text()
    ui.click_and_wait("Clear filters")

    ui.click_and_wait("Edit Share the computing vision with governors")
    ui.fill("Details", "At the spring term meeting.")
    ui.submit("Save changes")
    action = Action.objects.get()
    assert (action.detail, action.version) == ("At the spring term meeting.", 2)

    ui.page.get_by_label("Status of Share the computing vision with governors").select_option(label="Done")
    ui.submit("Update status of Share the computing vision with governors")
    action.refresh_from_db()
    assert action.status == "done"
