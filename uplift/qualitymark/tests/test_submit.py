import pytest
from django.core import mail
from django.urls import reverse

from uplift.evidence.models import EvidenceItem
from uplift.frameworks.models import Framework
from uplift.qualitymark.models import Application, ApplicationStatus, AuditAction
from uplift.qualitymark.services import ApplicationError, NotEligible, application_submit
from uplift.testing.cast import Cast

from .helpers import aspects, set_level, submit

pytestmark = pytest.mark.django_db


def apply_url(cast: Cast) -> str:
    return reverse("qualitymark:apply", args=[cast.school_a.urn])


def test_a_school_below_the_standard_cannot_apply_and_sees_what_is_missing(
    cast: Cast, small: Framework, eligible: Cast, client_for
) -> None:
    first, second = aspects(small)[:2]
    set_level(cast.school_a, first, 3, cast.lead)
    set_level(cast.school_a, second, 4, cast.lead, improvement_actions="")

    with pytest.raises(NotEligible) as error:
        submit(cast.school_a, cast.lead)
    page = client_for(cast.head).get(apply_url(cast)).text

    assert [slug for _title, slug, _reason in error.value.missing] == [first.slug, second.slug]
    assert "Level 3 is below the Quality Mark standard (level 4)" in page
    assert "Commentary not finished" in page
    assert reverse("assessments:aspect", args=[cast.school_a.urn, first.slug]) in page
    assert reverse("assessments:aspect", args=[cast.school_a.urn, second.slug]) in page
    assert "Submit the application" not in page
    assert not Application.objects.exists()
    # The school's Quality Mark page says the same, with no Apply button.
    school_page = client_for(cast.head).get(reverse("qualitymark:school", args=[cast.school_a.urn])).text
    assert "Apply for the Quality Mark" not in school_page
    assert reverse("assessments:aspect", args=[cast.school_a.urn, first.slug]) in school_page
    assert "Level 3 is below the Quality Mark standard (level 4)" in school_page


def test_an_eligible_school_sees_the_apply_button(cast: Cast, eligible: Cast, client_for) -> None:
    page = client_for(cast.head).get(reverse("qualitymark:school", args=[cast.school_a.urn])).text
    teacher_page = client_for(cast.teacher).get(reverse("qualitymark:school", args=[cast.school_a.urn])).text

    assert f'href="{apply_url(cast)}">Apply for the Quality Mark</a>' in page
    assert "Apply for the Quality Mark</a>" not in teacher_page  # only leaders apply
    assert "A senior leader or the computing lead can apply" in teacher_page


def test_posting_the_form_while_not_eligible_creates_nothing(cast: Cast, small: Framework, client_for) -> None:
    response = client_for(cast.lead).post(apply_url(cast), {"statement": "Please", "consent_to_publish": "on"})

    assert "Your school cannot apply yet" in response.text
    assert not Application.objects.exists()


def test_an_eligible_school_applies_and_is_allocated_and_its_hub_lead_told(
    cast: Cast, eligible: Cast, client_for, django_capture_on_commit_callbacks
) -> None:
    client = client_for(cast.head)
    assert "Submit the application" in client.get(apply_url(cast)).text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(cast), {"statement": "Computing is thriving.", "consent_to_publish": "on"})

    application = Application.objects.get()
    assert response.url == reverse("qualitymark:school", args=[cast.school_a.urn])
    assert application.submitted_by == cast.head
    assert application.statement == "Computing is thriving."
    assert application.consent_to_publish
    assert (application.due_by - application.submitted_at).days == 28
    assert application.assessor == cast.assessor
    assert application.status == ApplicationStatus.ALLOCATED
    assert list(application.audit_events.values_list("action", flat=True)) == [
        AuditAction.SUBMITTED,
        AuditAction.ALLOCATED,
    ]
    recipients = {address for message in mail.outbox for address in message.to}
    assert cast.hub_lead.email in recipients
    assert cast.hub_lead_b.email not in recipients
    assert cast.assessor.email in recipients


def test_the_statement_is_required(cast: Cast, eligible: Cast, client_for) -> None:
    response = client_for(cast.lead).post(apply_url(cast), {"statement": "  "})

    assert "Enter a statement from the headteacher or a senior leader" in response.text
    assert not Application.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("teacher", 403), ("governor", 403), ("manager", 403), ("lead_b", 404)])
def test_only_senior_leaders_and_leads_apply(cast: Cast, eligible: Cast, client_for, role: str, status: int) -> None:
    response = client_for(getattr(cast, role)).post(apply_url(cast), {"statement": "Hello"})

    assert response.status_code == status
    assert not Application.objects.exists()


def test_one_open_application_at_a_time(cast: Cast, eligible: Cast) -> None:
    submit(cast.school_a, cast.lead)

    with pytest.raises(ApplicationError, match="already has an application"):
        submit(cast.school_a, cast.head)


def test_the_snapshot_is_frozen_and_later_edits_do_not_change_it(cast: Cast, small: Framework, eligible: Cast) -> None:
    application = submit(cast.school_a, cast.lead)
    first = aspects(small)[0]
    item = EvidenceItem.objects.get(title="Curriculum map 2026")

    set_level(cast.school_a, first, 5, cast.lead, current_position="Rewritten after applying")
    item.title = "Renamed later"
    item.save(update_fields=["title"])
    application.refresh_from_db()

    frozen = application.aspect(first.slug)
    assert frozen["level"] == 4
    assert frozen["current_position"] == "Where we are"
    assert frozen["statement"] == f"{first.slug} statement at level 4"
    assert frozen["title"] == first.title
    assert frozen["evidence"] == [{"id": item.pk, "title": "Curriculum map 2026", "kind": "note"}]
    assert [(c.source_pk, c.title, c.note) for c in application.frozen_evidence.all()] == [
        (item.pk, "Curriculum map 2026", item.note)
    ]
    assert len(application.aspects) == len(aspects(small))


def test_applying_without_a_statement_is_refused_by_the_service(cast: Cast, eligible: Cast) -> None:
    with pytest.raises(ApplicationError):
        application_submit(school=cast.school_a, statement="", consent_to_publish=False, by=cast.lead)
