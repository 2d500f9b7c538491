"""Without JavaScript, by keyboard where it matters (every page axe-checked by the ``ui`` fixtures): a
moderator disagrees (after the error summary on an empty form), the school's regional manager finds it
under "Needs a manager" and releases the decision, and a member of the public checks the award by typing
its number."""

from __future__ import annotations

import pytest

from uplift.accounts.models import ProgrammeRole
from uplift.accounts.tests.factories import ProgrammeMembershipFactory, UserFactory
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import framework_spec
from uplift.qualitymark.models import Application, ApplicationStatus, Award
from uplift.qualitymark.services import application_decide
from uplift.testing.browser import UI

from .helpers import make_eligible, new_assessor, review_all, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_moderation_disagreement_settled_and_award_checked_without_javascript(
    ui_without_js: UI, ui_factory, cast
) -> None:
    make_eligible(cast.school_a, cast.lead, framework_load(spec=framework_spec()))
    moderator = new_assessor("moderator@example.test", "Mo Moderator")
    north_west = UserFactory(email="nw.manager@example.test", full_name="Nia Northwest")
    ProgrammeMembershipFactory(user=north_west, role=ProgrammeRole.MANAGER, region=cast.region_a)
    application = submit(cast.school_a, cast.lead)
    review_all(application)
    application_decide(application=application, by=cast.assessor)  # a first decision: moderated

    # The moderator: an empty form shows the error summary; then a disagreement with a reason.
    ui_without_js.sign_in(moderator)
    ui_without_js.visit(f"/quality-mark/applications/{application.pk}/")
    ui_without_js.submit("Record the moderation")
    assert "Choose whether you agree with the decision" in ui_without_js.error_summary()
    ui_without_js.choose("No: send it to a programme manager")
    ui_without_js.fill("Comment", "The evidence for online safety is a plan, not practice.")
    ui_without_js.submit("Record the moderation")
    assert "Moderation recorded" in ui_without_js.main_text()

    # The regional manager finds it among those needing a manager and releases the decision.
    manager = ui_factory(javascript=False)
    manager.sign_in(north_west)
    manager.visit("/quality-mark/manage/?status=attention")
    assert "Brookside Primary School" in manager.main_text() and "Disagreement" in manager.main_text()
    manager.click_and_wait("Brookside Primary School")
    assert "The evidence for online safety is a plan, not practice." in manager.main_text()
    manager.choose("Release the assessor's decision to the school")
    manager.submit("Settle the disagreement")
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.AWARDED
    award = Award.objects.get()

    # Anyone checks the award by keyboard alone.
    public = ui_factory(javascript=False)
    public.visit("/quality-mark/verify/")
    public.press_tab_until("Award number")
    public.page.keyboard.type(award.number)
    public.press_tab_until("Check the award")
    public.press_enter_and_wait()
    assert public.heading() == "This Quality Mark is genuine and current"
