import pytest
from django.test import override_settings
from django.urls import reverse

from uplift.accounts.models import ProgrammeMembership
from uplift.qualitymark.models import Application, ApplicationStatus, AuditAction, Award, ReviewOutcome
from uplift.qualitymark.services import (
    ApplicationError,
    application_decide,
    aspect_review_record,
    moderation_record,
    moderation_resolve,
    moderator_assign,
    needs_moderation,
)
from uplift.testing.cast import Cast

from .helpers import make_experienced, new_assessor, review_all, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(cast: Cast, eligible: Cast) -> Application:
    """School A's application, every aspect meeting the standard, decided by the cast's assessor for the
    first time: so it waits for moderation by Mo (the only other assessor)."""
    new_assessor("moderator@example.test", "Mo Moderator")
    application = submit(cast.school_a, cast.lead)
    review_all(application)
    return application_decide(application=application, by=cast.assessor, summary="Well evidenced.")


def test_an_assessors_first_decision_waits_for_a_moderator_and_the_school_sees_nothing(
    cast: Cast, proposed: Application, client_for
) -> None:
    school_page = client_for(cast.lead).get(reverse("qualitymark:school", args=[cast.school_a.urn])).text

    assert proposed.status == ApplicationStatus.MODERATION
    assert proposed.proposed_outcome == ApplicationStatus.AWARDED
    assert proposed.moderator.email == "moderator@example.test"
    assert not Award.objects.exists()
    assert "Being assessed" in school_page
    assert "Well evidenced." not in school_page
    assert proposed.audit_events.filter(action=AuditAction.PROPOSED, by=cast.assessor).exists()


def test_the_moderator_agrees_and_the_decision_is_released(cast: Cast, proposed: Application, client_for) -> None:
    client = client_for(proposed.moderator)
    assert "To moderate (1)" in client.get(reverse("qualitymark:assessor_queue")).text
    assert "Record the moderation" in client.get(reverse("qualitymark:review", args=[proposed.pk])).text

    client.post(reverse("qualitymark:moderate", args=[proposed.pk]), {"agrees": "yes"})

    proposed.refresh_from_db()
    assert proposed.status == ApplicationStatus.AWARDED
    assert proposed.decided_by == cast.assessor
    assert Award.objects.get().application == proposed
    assert list(proposed.audit_events.values_list("action", flat=True))[-4:] == [
        AuditAction.PROPOSED,
        AuditAction.MODERATED,
        AuditAction.DECIDED,
        AuditAction.AWARDED,
    ]


def test_a_disagreement_needs_a_reason_and_goes_to_a_manager(cast: Cast, proposed: Application, client_for) -> None:
    client = client_for(proposed.moderator)
    url = reverse("qualitymark:moderate", args=[proposed.pk])

    empty = client.post(url, {"agrees": "no", "comment": ""})
    client.post(url, {"agrees": "no", "comment": "Aspect 2's evidence is thin."})

    proposed.refresh_from_db()
    assert empty.status_code == 400
    assert "Explain why you disagree" in empty.text
    assert proposed.has_disagreement
    assert proposed.status == ApplicationStatus.MODERATION
    assert not Award.objects.exists()
    manager_page = client_for(cast.manager).get(reverse("qualitymark:manager_queue")).text
    assert "Disagreement" in manager_page
    assert (
        "Settle the disagreement"
        in client_for(cast.manager).get(reverse("qualitymark:review", args=[proposed.pk])).text
    )


def test_a_manager_returns_a_disagreement_and_the_revised_decision_is_released_directly(
    cast: Cast, proposed: Application, client_for
) -> None:
    moderation_record(application=proposed, agrees=False, comment="Thin evidence", by=proposed.moderator)
    gap = proposed.aspects[1]["slug"]

    client_for(cast.manager).post(reverse("qualitymark:resolve", args=[proposed.pk]), {"release": "return"})
    proposed.refresh_from_db()
    assert proposed.status == ApplicationStatus.IN_REVIEW
    aspect_review_record(application=proposed, aspect_slug=gap, outcome="not_yet", comment="More", by=cast.assessor)
    decided = application_decide(application=proposed, by=cast.assessor, draw=lambda: 0.0)

    assert decided.status == ApplicationStatus.NOT_YET
    assert decided.audit_events.filter(action=AuditAction.RESOLVED, by=cast.manager).exists()


def test_a_manager_releases_the_assessors_decision_despite_a_disagreement(cast: Cast, proposed: Application) -> None:
    moderation_record(application=proposed, agrees=False, comment="Thin evidence", by=proposed.moderator)

    released = moderation_resolve(application=proposed, release=True, by=cast.manager)

    assert released.status == ApplicationStatus.AWARDED
    assert Award.objects.filter(application=proposed).exists()


def test_only_the_moderator_moderates_and_only_a_manager_resolves(cast: Cast, proposed: Application, client_for):
    moderate = reverse("qualitymark:moderate", args=[proposed.pk])
    resolve = reverse("qualitymark:resolve", args=[proposed.pk])

    assert client_for(cast.assessor).post(moderate, {"agrees": "yes"}).status_code == 403
    assert client_for(cast.manager).post(moderate, {"agrees": "yes"}).status_code == 403
    assert client_for(cast.lead).post(moderate, {"agrees": "yes"}).status_code == 404
    assert client_for(proposed.moderator).post(resolve, {"release": "release"}).status_code == 403
    with pytest.raises(ApplicationError):
        moderation_resolve(application=proposed, release=True, by=cast.manager)  # nothing to resolve yet
    proposed.refresh_from_db()
    assert proposed.status == ApplicationStatus.MODERATION


def test_the_assessor_cannot_change_the_review_while_it_is_in_moderation(cast: Cast, proposed: Application) -> None:
    with pytest.raises(ApplicationError, match="in moderation"):
        aspect_review_record(
            application=proposed,
            aspect_slug=proposed.aspects[0]["slug"],
            outcome=ReviewOutcome.NOT_YET,
            comment="Changed my mind",
            by=cast.assessor,
        )


def test_the_moderator_reads_the_review_but_cannot_assess(cast: Cast, proposed: Application, client_for) -> None:
    client = client_for(proposed.moderator)
    slug = proposed.aspects[0]["slug"]

    assert client.get(reverse("qualitymark:review_aspect", args=[proposed.pk, slug])).status_code == 200
    assert client.post(reverse("qualitymark:decide", args=[proposed.pk])).status_code == 403


def test_with_no_other_assessor_a_manager_chooses_the_moderator(cast: Cast, eligible: Cast, client_for) -> None:
    application = submit(cast.school_a, cast.lead)
    review_all(application)
    application = application_decide(application=application, by=cast.assessor)
    assert application.moderator is None
    late = new_assessor("late@example.test", "Lee Late")

    with pytest.raises(ApplicationError, match="different assessor"):
        moderator_assign(application=application, moderator=cast.assessor, by=cast.manager)
    page = client_for(cast.manager).get(reverse("qualitymark:reassign", args=[application.pk])).text
    client_for(cast.manager).post(reverse("qualitymark:reassign", args=[application.pk]), {"assessor": late.pk})

    application.refresh_from_db()
    assert "Choose a moderator" in page
    assert f'value="{cast.assessor.pk}"' not in page
    assert application.moderator == late
    assert application.assessor == cast.assessor


def test_a_share_of_experienced_assessors_decisions_is_moderated(cast: Cast, eligible: Cast) -> None:
    make_experienced(cast.assessor)
    application = submit(cast.school_a, cast.lead)

    assert needs_moderation(application, draw=lambda: 0.05)  # within the default 10%
    assert not needs_moderation(application, draw=lambda: 0.5)
    with override_settings(QUALITY_MARK_MODERATION_SHARE=0.6):
        assert needs_moderation(application, draw=lambda: 0.5)


def test_moderation_counts_as_open_work(cast: Cast, proposed: Application) -> None:
    ProgrammeMembership.objects.filter(user=proposed.moderator).delete()

    assert Application.objects.filter(school=cast.school_a, status__in=[ApplicationStatus.MODERATION]).count() == 1
    with pytest.raises(ApplicationError, match="already has an application"):
        submit(cast.school_a, cast.lead)
