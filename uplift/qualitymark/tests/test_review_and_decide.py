import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from uplift.frameworks.models import Framework
from uplift.qualitymark.models import (
    ApplicationStatus,
    AspectReview,
    AuditAction,
    Award,
    ReviewOutcome,
)
from uplift.qualitymark.services import ApplicationError, application_decide, aspect_review_record
from uplift.testing.cast import Cast

from .helpers import aspects, decide, make_experienced, new_assessor, review_all, submit

pytestmark = pytest.mark.django_db


def test_assessor_records_an_aspect_and_the_review_starts(cast: Cast, small: Framework, eligible: Cast, client_for):
    application = submit(cast.school_a, cast.lead)
    first, second = aspects(small)[:2]

    response = client_for(cast.assessor).post(
        reverse("qualitymark:review_aspect", args=[application.pk, first.slug]),
        {"outcome": "not_yet", "comment": "No pupil work shown."},
    )

    application.refresh_from_db()
    review = AspectReview.objects.get()
    assert response.url == reverse("qualitymark:review_aspect", args=[application.pk, second.slug])
    assert (review.aspect_slug, review.outcome, review.comment) == (first.slug, "not_yet", "No pupil work shown.")
    assert review.reviewer == cast.assessor
    assert application.status == ApplicationStatus.IN_REVIEW
    assert application.audit_events.filter(action=AuditAction.REVIEWED, by=cast.assessor).exists()


def test_not_yet_needs_a_comment(cast: Cast, small: Framework, eligible: Cast, client_for) -> None:
    application = submit(cast.school_a, cast.lead)
    slug = aspects(small)[0].slug

    response = client_for(cast.assessor).post(
        reverse("qualitymark:review_aspect", args=[application.pk, slug]), {"outcome": "not_yet", "comment": ""}
    )

    assert "Explain what is missing" in response.text
    assert not AspectReview.objects.exists()


def test_the_review_page_shows_the_frozen_snapshot_and_evidence_links(
    cast: Cast, small: Framework, eligible: Cast, client_for
):
    application = submit(cast.school_a, cast.lead)
    first = aspects(small)[0]
    item = application.frozen_evidence.get()

    page = client_for(cast.assessor).get(reverse("qualitymark:review_aspect", args=[application.pk, first.slug])).text

    assert f"{first.slug} statement at level 4" in page
    assert "Where we are" in page
    assert reverse("qualitymark:evidence", args=[application.pk, item.source_pk]) in page


def test_a_decision_needs_every_aspect_reviewed(cast: Cast, eligible: Cast) -> None:
    application = submit(cast.school_a, cast.lead)
    first = application.aspects[0]["slug"]
    aspect_review_record(application=application, aspect_slug=first, outcome="meets", comment="", by=cast.assessor)

    with pytest.raises(ApplicationError, match="Review every aspect first"):
        application_decide(application=application, by=cast.assessor)


def test_only_the_allocated_assessor_reviews(cast: Cast, eligible: Cast) -> None:
    application = submit(cast.school_a, cast.lead)
    other = new_assessor("other@example.test")

    with pytest.raises(ApplicationError):
        aspect_review_record(
            application=application, aspect_slug=application.aspects[0]["slug"], outcome="meets", comment="", by=other
        )


@time_machine.travel(dt.datetime(2027, 3, 15, 10, tzinfo=dt.UTC), tick=False)
def test_all_aspects_meeting_the_standard_awards_a_numbered_mark_for_three_years(cast: Cast, eligible: Cast) -> None:
    application = decide(submit(cast.school_a, cast.lead))

    award = Award.objects.get()
    assert application.status == ApplicationStatus.AWARDED
    assert award.application == application
    assert award.school_name == "Brookside Primary School"
    assert award.number.startswith("UQM-") and len(award.number) == 13
    assert award.awarded_on == dt.date(2027, 3, 15)
    assert award.expires_on == dt.date(2030, 3, 14)
    assert award.is_current
    assert application.audit_events.filter(action=AuditAction.AWARDED, by=cast.assessor).exists()


def test_award_numbers_are_unique(cast: Cast) -> None:
    numbers = {Award.new_number() for _ in range(200)}

    assert len(numbers) == 200
    assert all(set(n[4:].replace("-", "")) <= set("23456789ABCDEFGHJKMNPQRSTUVWXYZ") for n in numbers)


def test_an_award_on_29_february_expires_on_27_february_three_years_on() -> None:
    assert Award.expiry_for(dt.date(2028, 2, 29)) == dt.date(2031, 2, 27)


def test_an_award_expires_after_three_years(cast: Cast, eligible: Cast) -> None:
    with time_machine.travel(dt.datetime(2027, 3, 15, 10, tzinfo=dt.UTC), tick=False):
        decide(submit(cast.school_a, cast.lead))
    award = Award.objects.get()

    with time_machine.travel(dt.datetime(2030, 3, 14, 12, tzinfo=dt.UTC), tick=False):
        assert Award.objects.current().get() == award
    with time_machine.travel(dt.datetime(2030, 3, 15, 12, tzinfo=dt.UTC), tick=False):
        assert not Award.objects.current().exists()
        assert award.status_label == "Expired"


def test_any_not_yet_aspect_means_not_yet_and_no_award(cast: Cast, eligible: Cast) -> None:
    application = submit(cast.school_a, cast.lead)
    gap = application.aspects[3]["slug"]

    application = decide(application, not_yet=(gap,))

    assert application.status == ApplicationStatus.NOT_YET
    assert not Award.objects.exists()
    assert application.reviews.get(outcome=ReviewOutcome.NOT_YET).aspect_slug == gap


def test_a_decided_application_cannot_be_reviewed_again(cast: Cast, eligible: Cast) -> None:
    application = decide(submit(cast.school_a, cast.lead))

    with pytest.raises(ApplicationError, match="not open for review"):
        review_all(application)


def test_manager_sees_progress_and_audit_but_cannot_decide(cast: Cast, eligible: Cast, client_for) -> None:
    application = submit(cast.school_a, cast.lead)
    review_all(application)
    client = client_for(cast.manager)

    page = client.get(reverse("qualitymark:review", args=[application.pk])).text
    response = client.post(reverse("qualitymark:decide", args=[application.pk]))

    assert f"{len(application.aspects)} of {len(application.aspects)} aspects reviewed" in page
    assert "Audit trail" in page
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.is_open


@override_settings(QUALITY_MARK_MODERATION_SHARE=0)
def test_an_experienced_assessor_decides_from_the_review_page(cast: Cast, eligible: Cast, client_for) -> None:
    make_experienced(cast.assessor)
    application = submit(cast.school_a, cast.lead)
    review_all(application)
    client = client_for(cast.assessor)
    page = client.get(reverse("qualitymark:review", args=[application.pk])).text
    assert "Decide: award the Quality Mark" in page

    client.post(reverse("qualitymark:decide", args=[application.pk]), {"summary": "A strong application."})

    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWARDED
    assert application.decision_summary == "A strong application."


def test_a_refused_decision_form_shows_the_error_summary(cast: Cast, eligible: Cast, client_for) -> None:
    application = submit(cast.school_a, cast.lead)
    review_all(application)

    response = client_for(cast.assessor).post(
        reverse("qualitymark:decide", args=[application.pk]), {"summary": "x" * 5001}
    )

    application.refresh_from_db()
    assert response.status_code == 400
    assert "There is a problem" in response.text and "<title>Error: " in response.text
    assert application.status == ApplicationStatus.IN_REVIEW
