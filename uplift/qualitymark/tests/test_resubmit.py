import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from uplift.frameworks.models import Framework
from uplift.qualitymark.models import Application, ApplicationStatus, AuditAction, Award
from uplift.qualitymark.services import ApplicationError, NotEligible, application_resubmit
from uplift.testing.cast import Cast

from .helpers import aspects, decide, set_level, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def not_yet(cast: Cast, small: Framework, eligible: Cast) -> Application:
    """School A's application decided "not yet" on its second aspect, after the school lowered it to 3."""
    application = submit(cast.school_a, cast.lead)
    gap = aspects(small)[1]
    set_level(cast.school_a, gap, 3, cast.lead)
    return decide(application, not_yet=(gap.slug,))


def test_the_school_sees_per_aspect_feedback_after_the_decision(cast: Cast, not_yet: Application, client_for):
    page = client_for(cast.teacher).get(reverse("qualitymark:school", args=[cast.school_a.urn])).text

    assert "Feedback from the assessor" in page
    assert f"Feedback on {not_yet.aspects[1]['slug']}" in page
    assert "Resubmit the aspects" not in page  # teachers do not apply; senior leaders do
    head_page = client_for(cast.head).get(reverse("qualitymark:school", args=[cast.school_a.urn])).text
    assert reverse("qualitymark:resubmit", args=[cast.school_a.urn]) in head_page


def test_resubmitting_a_gap_still_below_the_standard_is_refused(cast: Cast, not_yet: Application) -> None:
    with pytest.raises(NotEligible) as error:
        application_resubmit(application=not_yet, statement="Again", by=cast.head)

    assert [slug for _t, slug, _r in error.value.missing] == [not_yet.aspects[1]["slug"]]


def test_resubmission_reviews_only_the_gaps_and_keeps_the_accepted_aspects(
    cast: Cast, small: Framework, not_yet: Application, client_for
) -> None:
    gap, accepted = aspects(small)[1], aspects(small)[0]
    set_level(cast.school_a, gap, 4, cast.lead, current_position="We improved it")
    # An accepted aspect edited since is carried over as it was accepted, not re-read.
    set_level(cast.school_a, accepted, 4, cast.lead, current_position="Edited after the decision")

    response = client_for(cast.head).post(
        reverse("qualitymark:resubmit", args=[cast.school_a.urn]), {"statement": "We fixed the gap."}
    )

    again = Application.objects.exclude(pk=not_yet.pk).get()
    assert response.status_code == 302
    assert again.parent == not_yet
    assert [a["slug"] for a in again.aspects_to_review] == [gap.slug]
    assert again.aspect(gap.slug)["current_position"] == "We improved it"
    assert again.aspect(accepted.slug)["current_position"] == "Where we are"
    assert again.reviews.filter(carried=True).count() == len(aspects(small)) - 1
    assert again.assessor == cast.assessor  # the assessor who knows the gaps, when free of conflict
    assert again.frozen_evidence.count() == 1  # the first aspect's evidence is carried with it
    assert again.audit_events.filter(action=AuditAction.RESUBMITTED, by=cast.head).exists()

    decide(again)
    again.refresh_from_db()
    assert again.status == ApplicationStatus.AWARDED
    assert Award.objects.get().application == again


def test_resubmission_is_closed_after_six_months(cast: Cast, small: Framework, not_yet: Application, client_for):
    set_level(cast.school_a, aspects(small)[1], 4, cast.lead)

    with time_machine.travel(not_yet.decided_at + dt.timedelta(days=200)):
        with pytest.raises(ApplicationError, match="6 months"):
            application_resubmit(application=not_yet, statement="Late", by=cast.head)
        response = client_for(cast.head).get(reverse("qualitymark:resubmit", args=[cast.school_a.urn]))
        assert response.status_code == 404


def test_an_application_is_resubmitted_once(cast: Cast, small: Framework, not_yet: Application) -> None:
    set_level(cast.school_a, aspects(small)[1], 4, cast.lead)
    application_resubmit(application=not_yet, statement="Fixed", by=cast.head)

    with pytest.raises(ApplicationError):
        application_resubmit(application=not_yet, statement="Again", by=cast.head)


@pytest.mark.parametrize(("role", "status"), [("teacher", 403), ("assessor", 404), ("lead_b", 404)])
def test_only_the_schools_senior_leaders_resubmit(cast: Cast, small, not_yet: Application, client_for, role, status):
    set_level(cast.school_a, aspects(small)[1], 4, cast.lead)

    response = client_for(getattr(cast, role)).post(
        reverse("qualitymark:resubmit", args=[cast.school_a.urn]), {"statement": "Fixed"}
    )

    assert response.status_code == status
    assert Application.objects.count() == 1
