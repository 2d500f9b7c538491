import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from uplift.assessments.selectors import current_assessment
from uplift.evidence.services import evidence_add_file
from uplift.evidence.tests.factories import EvidenceItemFactory
from uplift.evidence.tests.files import pdf_bytes, upload
from uplift.frameworks.models import Framework
from uplift.qualitymark.access import get_application_for_user
from uplift.qualitymark.services import aspect_review_record
from uplift.testing.cast import Cast

from .helpers import make_eligible, new_assessor, submit

pytestmark = pytest.mark.django_db


def test_the_school_sees_no_review_progress_before_the_decision(cast: Cast, eligible: Cast, client_for) -> None:
    application = submit(cast.school_a, cast.lead)
    aspect_review_record(
        application=application,
        aspect_slug=application.aspects[0]["slug"],
        outcome="not_yet",
        comment="Secret until released",
        by=cast.assessor,
    )

    for person in (cast.lead, cast.head, cast.governor, cast.trust_lead, cast.hub_lead):
        client = client_for(person)
        page = client.get(reverse("qualitymark:school", args=[cast.school_a.urn])).text
        assert "Being assessed" in page
        assert "Secret until released" not in page
        assert "Feedback from the assessor" not in page
        assert client.get(reverse("qualitymark:review", args=[application.pk])).status_code == 404
        slug = application.aspects[0]["slug"]
        assert client.get(reverse("qualitymark:review_aspect", args=[application.pk, slug])).status_code == 404


@pytest.mark.parametrize("role", ["outsider", "lead_b", "other_advisor", "hub_lead_b"])
def test_people_outside_the_school_cannot_see_the_application(cast: Cast, eligible: Cast, client_for, role: str):
    application = submit(cast.school_a, cast.lead)
    item = application.frozen_evidence.get()
    client = client_for(getattr(cast, role))

    assert client.get(reverse("qualitymark:school", args=[cast.school_a.urn])).status_code == 404
    assert client.get(reverse("qualitymark:review", args=[application.pk])).status_code == 404
    assert client.get(reverse("qualitymark:evidence", args=[application.pk, item.source_pk])).status_code == 404


def test_an_assessor_of_another_application_gets_404(cast: Cast, small: Framework, eligible: Cast, client_for):
    mine = submit(cast.school_a, cast.lead)
    other_assessor = new_assessor("b.assessor@example.test", "Bea Assessor")
    make_eligible(cast.school_b, cast.lead_b, small)
    theirs = submit(cast.school_b, cast.lead_b)
    assert theirs.assessor == other_assessor  # the lighter workload
    client = client_for(other_assessor)
    item = mine.frozen_evidence.get()

    assert client.get(reverse("qualitymark:review", args=[mine.pk])).status_code == 404
    assert client.get(reverse("qualitymark:evidence", args=[mine.pk, item.source_pk])).status_code == 404
    assert client.get(reverse("qualitymark:review", args=[theirs.pk])).status_code == 200
    assert "Brookside" not in client.get(reverse("qualitymark:assessor_queue")).text


def test_the_allocated_assessor_opens_the_frozen_evidence_file(cast: Cast, small: Framework, client_for) -> None:
    upload_ = evidence_add_file(
        school=cast.school_a, upload=upload("scheme.pdf", pdf_bytes()), title="Scheme of work", by=cast.lead
    )
    make_eligible(cast.school_a, cast.lead, small)
    current_assessment(cast.school_a).judgements.first().evidence.add(upload_)
    application = submit(cast.school_a, cast.lead)
    # The school detaches the file afterwards: the assessor still reads what was submitted.
    current_assessment(cast.school_a).judgements.first().evidence.remove(upload_)
    url = reverse("qualitymark:evidence", args=[application.pk, upload_.pk])

    response = client_for(cast.assessor).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    # The assessor has no other way in: the school's own library stays closed to them.
    assert (
        client_for(cast.assessor).get(reverse("evidence:download", args=[cast.school_a.urn, upload_.pk])).status_code
        == 404
    )
    assert client_for(cast.manager).get(url).status_code == 200
    assert client_for(cast.lead).get(url).status_code == 200


def test_evidence_outside_the_snapshot_is_not_served_through_the_application(cast: Cast, eligible: Cast, client_for):
    application = submit(cast.school_a, cast.lead)
    unrelated = EvidenceItemFactory(school=cast.school_a, title="Not submitted")

    response = client_for(cast.assessor).get(reverse("qualitymark:evidence", args=[application.pk, unrelated.pk]))

    assert response.status_code == 404


def test_a_note_opens_as_a_page(cast: Cast, eligible: Cast, client_for) -> None:
    application = submit(cast.school_a, cast.lead)
    item = application.frozen_evidence.get()

    page = client_for(cast.assessor).get(reverse("qualitymark:evidence", args=[application.pk, item.source_pk])).text

    assert "What we saw in the lesson." in page


def test_the_access_function_contract(cast: Cast, eligible: Cast) -> None:
    application = submit(cast.school_a, cast.lead)

    assert get_application_for_user(cast.assessor, application.pk, act="assess") == application
    assert get_application_for_user(cast.manager, application.pk, act="manage") == application
    assert get_application_for_user(cast.governor, application.pk, act="view") == application
    with pytest.raises(PermissionDenied):
        get_application_for_user(cast.manager, application.pk, act="assess")
    with pytest.raises(PermissionDenied):
        get_application_for_user(cast.assessor, application.pk, act="manage")
    with pytest.raises(Http404):
        get_application_for_user(cast.lead, application.pk, act="review")
    with pytest.raises(Http404):
        get_application_for_user(cast.outsider, application.pk, act="view")
    with pytest.raises(Http404):
        get_application_for_user(cast.manager, application.pk + 999, act="view")


def test_an_assessor_who_is_no_longer_an_assessor_loses_access(cast: Cast, eligible: Cast, client_for) -> None:
    application = submit(cast.school_a, cast.lead)
    cast.assessor.programme_memberships.all().delete()

    assert client_for(cast.assessor).get(reverse("qualitymark:review", args=[application.pk])).status_code == 404
