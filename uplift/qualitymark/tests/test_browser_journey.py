"""Browser journey for the Quality Mark (every page axe-checked by ``ui``): apply, automatic allocation
that avoids a conflicted assessor, "not yet" on one aspect, resubmission of that aspect only, the award,
the certificate, public verification (by typing the number), an outsider shut out, and the expiry
reminder sent by the scheduled daily task at the right time."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from pypdf import PdfReader

from uplift.accounts.models import SchoolRole
from uplift.accounts.tests.factories import SchoolMembershipFactory
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import framework_spec
from uplift.qualitymark.models import Application, ApplicationStatus, Award, subtract_months
from uplift.qualitymark.services import aspect_review_record
from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.browser import UI

from .helpers import aspects, make_eligible, make_experienced, new_assessor, set_level

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def meets_on_all_but(application: Application, slug: str) -> None:
    for aspect in application.aspects_to_review:
        if aspect["slug"] != slug:
            aspect_review_record(
                application=application,
                aspect_slug=aspect["slug"],
                outcome="meets",
                comment="",
                by=application.assessor,
            )


def test_a_school_applies_is_told_not_yet_resubmits_the_gap_and_is_awarded(ui: UI, ui_factory, cast, settings) -> None:
    settings.QUALITY_MARK_MODERATION_SHARE = 0
    framework = framework_load(spec=framework_spec())
    make_eligible(cast.school_a, cast.lead, framework)
    make_experienced(cast.assessor)  # so decisions are released without moderation in this journey
    # An idle assessor from the school's own trust: the lightest workload, but conflicted.
    same_trust = new_assessor("same.trust@example.test", "Tina Sametrust")
    SchoolMembershipFactory(user=same_trust, school=SchoolFactory(trust=cast.trust_a), role=SchoolRole.TEACHER)
    gap = aspects(framework)[0]

    # The head applies.
    ui.sign_in(cast.head)
    ui.visit(f"/schools/{cast.school_a.urn}/quality-mark/")
    ui.click_and_wait("Apply for the Quality Mark")
    assert ui.heading() == "Apply for the Quality Mark"
    ui.submit("Submit the application")
    assert "Enter a statement from the headteacher or a senior leader" in ui.error_summary()
    ui.fill("Statement from the headteacher or a senior leader", "Computing has been transformed.")
    ui.choose("If we are awarded the Quality Mark, list our school on the public register of holders")
    ui.submit("Submit the application")
    assert "Application submitted" in ui.main_text()
    application = Application.objects.get(school=cast.school_a)
    assert application.assessor == cast.assessor  # never the same-trust assessor

    # The assessor records "not yet" on one aspect and decides.
    meets_on_all_but(application, gap.slug)
    assessor = ui_factory()
    assessor.sign_in(cast.assessor)
    assessor.visit("/quality-mark/assessor/")
    assessor.click_and_wait("Brookside Primary School")
    assessor.click_and_wait(gap.title)
    assert "Where we are" in assessor.main_text()
    assessor.choose("Not yet")
    assessor.fill("Comment for the school", "Show pupils' work from more than one year group.")
    assessor.submit("Save and continue")
    assessor.submit("Decide: not yet")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NOT_YET

    # The school reads the feedback, improves the aspect and resubmits only it.
    ui.visit(f"/schools/{cast.school_a.urn}/quality-mark/")
    assert "Show pupils' work from more than one year group." in ui.main_text()
    set_level(cast.school_a, gap, 4, cast.lead, evidence_commentary="Work from Years 3 to 6 attached")
    ui.click_and_wait('Resubmit the aspects marked "not yet"')
    ui.fill("Statement from the headteacher or a senior leader", "We added work from every year group.")
    ui.submit("Resubmit")
    again = Application.objects.get(parent=application)
    assert [a["slug"] for a in again.aspects_to_review] == [gap.slug]

    # The assessor reviews the one aspect and awards.
    assessor.visit("/quality-mark/assessor/")
    assessor.click_and_wait("Brookside Primary School")
    assessor.click_and_wait(gap.title)
    assert "Work from Years 3 to 6 attached" in assessor.main_text()
    assessor.choose("Meets the standard")
    assessor.submit("Save and continue")
    assessor.submit("Decide: award the Quality Mark")
    award = Award.objects.get()

    # The school sees the award and downloads the certificate.
    ui.visit(f"/schools/{cast.school_a.urn}/quality-mark/")
    assert "Quality Mark awarded" in ui.main_text()
    pdf = ui.page.context.request.get(ui.url(f"/schools/{cast.school_a.urn}/quality-mark/certificate.pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.body())).pages)
    assert award.number in text and "Brookside Primary School" in text

    # Anyone can verify it by typing its number; the register lists it.
    public = ui_factory()
    public.visit("/quality-mark/verify/")
    public.submit("Check the award")
    assert "Enter the award number" in public.error_summary()
    public.fill("Award number", award.number.lower())
    public.submit("Check the award")
    assert public.heading() == "This Quality Mark is genuine and current"
    public.click_and_wait("See the public register of Quality Mark schools")
    assert "Brookside Primary School" in public.main_text()

    # An outsider cannot see the application.
    outsider = ui_factory()
    outsider.sign_in(cast.outsider)
    response = outsider.visit(f"/quality-mark/applications/{application.pk}/")
    assert response is not None and response.status == 404

    # The scheduled daily task sends the expiry reminder at the right time: not the day before six
    # months remain, then on that day (once).
    six_months = subtract_months(award.expires_on, 6)
    for day in (six_months - dt.timedelta(days=1), six_months, six_months + dt.timedelta(days=1)):
        with time_machine.travel(dt.datetime.combine(day, dt.time(6), tzinfo=dt.UTC), tick=False):
            call_command("qualitymark_daily", stdout=io.StringIO())
            if day == six_months - dt.timedelta(days=1):
                assert not [m for m in mail.outbox if "expires in" in m.subject]
    reminders = [m for m in mail.outbox if m.subject == "Your Uplift Quality Mark expires in 6 months"]
    assert sorted(address for m in reminders for address in m.to) == sorted([cast.lead.email, cast.head.email])
