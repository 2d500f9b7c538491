"""What the assessor reads is frozen at submission: the cited evidence is copied (file included), so the
school editing, replacing or deleting the item in its library afterwards changes nothing."""

import pytest
from django.urls import reverse

from uplift.assessments.selectors import current_assessment
from uplift.evidence.models import EvidenceItem
from uplift.evidence.services import evidence_add_file, evidence_delete, evidence_update
from uplift.evidence.tests.files import pdf_bytes, png_bytes, upload
from uplift.frameworks.models import Framework
from uplift.lib.files import INLINE_PDF_CSP
from uplift.qualitymark.models import Application
from uplift.testing.cast import Cast

from .helpers import make_eligible, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_file(cast: Cast, small: Framework) -> tuple[Application, EvidenceItem]:
    item = evidence_add_file(
        school=cast.school_a, upload=upload("scheme.pdf", pdf_bytes()), title="Scheme of work", by=cast.lead
    )
    make_eligible(cast.school_a, cast.lead, small)
    current_assessment(cast.school_a).judgements.first().evidence.add(item)
    return submit(cast.school_a, cast.lead), item


def opened(client, application: Application, source_pk: int):
    return client.get(reverse("qualitymark:evidence", args=[application.pk, source_pk]))


def test_deleting_the_library_item_leaves_the_submitted_copy(
    cast: Cast, with_file, client_for, django_capture_on_commit_callbacks
) -> None:
    application, item = with_file
    library_file, item_pk = item.file.name, item.pk
    with django_capture_on_commit_callbacks(execute=True):
        evidence_delete(item=item, by=cast.lead)  # the library file is removed after the commit

    response = opened(client_for(cast.assessor), application, item_pk)

    assert not EvidenceItem.objects.filter(pk=item_pk).exists()
    assert not item.file.storage.exists(library_file)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf_bytes()
    # The review page still lists it by its frozen title.
    slug = application.aspects[0]["slug"]
    page = client_for(cast.assessor).get(reverse("qualitymark:review_aspect", args=[application.pk, slug])).text
    assert "Scheme of work" in page


def test_replacing_or_renaming_the_library_item_does_not_change_the_copy(
    cast: Cast, with_file, client_for, django_capture_on_commit_callbacks
) -> None:
    application, item = with_file
    with django_capture_on_commit_callbacks(execute=True):
        evidence_update(
            item=item,
            title="Renamed",
            description="",
            date=item.date,
            tags="",
            upload=upload("new.png", png_bytes()),
            by=cast.lead,
        )

    response = opened(client_for(cast.manager), application, item.pk)

    copy = application.frozen_evidence.get(source_pk=item.pk)
    assert (copy.title, copy.original_filename) == ("Scheme of work", "scheme.pdf")
    assert copy.file.name != item.file.name
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_the_copy_is_served_only_through_the_access_checked_application(cast: Cast, with_file, client_for) -> None:
    application, item = with_file

    assert opened(client_for(cast.outsider), application, item.pk).status_code == 404
    assert opened(client_for(cast.lead_b), application, item.pk).status_code == 404
    assert opened(client_for(cast.lead), application, item.pk).status_code == 200
    assert application.frozen_evidence.get(source_pk=item.pk).file.name.startswith("qualitymark/evidence/")


def test_the_copy_is_served_with_the_private_file_headers(cast: Cast, with_file, client_for) -> None:
    application, item = with_file

    response = opened(client_for(cast.assessor), application, item.pk)

    assert response["Content-Disposition"] == "inline; filename=\"scheme.pdf\"; filename*=UTF-8''scheme.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == INLINE_PDF_CSP
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_a_copy_missing_from_storage_is_404(cast: Cast, with_file, client_for) -> None:
    application, item = with_file
    copy = application.frozen_evidence.get(source_pk=item.pk)
    copy.file.storage.delete(copy.file.name)

    assert opened(client_for(cast.assessor), application, item.pk).status_code == 404
