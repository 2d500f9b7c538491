"""evidence:download - the only way a stored file leaves Uplift, after an access check."""

import pytest
from django.urls import reverse

from uplift.evidence import services
from uplift.evidence.models import EvidenceItem
from uplift.evidence.tests import files
from uplift.lib.files import FILE_CSP, INLINE_PDF_CSP


@pytest.fixture
def pdf(cast):
    return services.evidence_add_file(
        school=cast.school_a, upload=files.upload("Policy.pdf", files.pdf_bytes()), title="Policy", by=cast.lead
    )


def url(item, urn=None):
    return reverse("evidence:download", args=[urn or item.school.urn, item.pk])


@pytest.mark.parametrize("role", ["lead", "teacher", "governor", "trust_lead", "advisor", "hub_lead", "manager"])
def test_people_who_can_see_the_school_can_download(cast, client_for, pdf, role):
    response = client_for(getattr(cast, role)).get(url(pdf))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.pdf_bytes()


@pytest.mark.parametrize("role", ["lead_b", "teacher_b", "trust_lead_b", "other_advisor", "hub_lead_b", "outsider"])
def test_people_who_cannot_see_the_school_get_404(cast, client_for, pdf, role):
    assert client_for(getattr(cast, role)).get(url(pdf)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client_for, pdf):
    response = client_for(None).get(url(pdf))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_item_is_404_under_another_schools_urn_even_for_someone_who_sees_both(cast, client_for, pdf):
    # The manager can see both schools; the URN in the address must still be the item's own.
    assert client_for(cast.manager).get(url(pdf, urn=cast.school_b.urn)).status_code == 404


def test_pdf_opens_inline_with_private_no_sniff_headers(cast, client_for, pdf):
    response = client_for(cast.governor).get(url(pdf))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert 'filename="Policy.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert response["Cache-Control"] == "private, no-store"
    # No sandbox for a PDF in the browser (Chrome's viewer refuses to start in one), and nothing loads.
    assert response["Content-Security-Policy"] == INLINE_PDF_CSP


def test_images_open_inline_in_a_sandbox(cast, client_for):
    item = services.evidence_add_file(
        school=cast.school_a, upload=files.upload("display.png", files.png_bytes()), title="Display", by=cast.lead
    )
    response = client_for(cast.teacher).get(url(item))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == "inline; filename=\"display.png\"; filename*=UTF-8''display.png"
    assert response["Content-Security-Policy"] == FILE_CSP
    assert response["Content-Security-Policy"].startswith("sandbox; default-src 'none'")
    assert b"".join(response.streaming_content) == files.png_bytes()


def test_an_odd_file_name_cannot_break_the_header(cast, client_for, pdf):
    EvidenceItem.objects.filter(pk=pdf.pk).update(original_filename='Plan "final"\r\nSet-Cookie: x=1 – été.pdf')
    response = client_for(cast.lead).get(url(pdf))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'inline; filename="Plan _final_ Set-Cookie: x=1 ete.pdf"; '
        "filename*=UTF-8''Plan%20%22final%22%20Set-Cookie%3A%20x%3D1%20%E2%80%93%20%C3%A9t%C3%A9.pdf"
    )
    assert "Set-Cookie" not in response.cookies


def test_a_file_missing_from_storage_is_404(cast, client_for, pdf):
    pdf.file.storage.delete(pdf.file.name)
    assert client_for(cast.lead).get(url(pdf)).status_code == 404


def test_office_files_download_as_attachments(cast, client_for):
    item = services.evidence_add_file(
        school=cast.school_a, upload=files.upload("tracker.xlsx", files.xlsx_bytes()), title="Tracker", by=cast.lead
    )
    response = client_for(cast.lead).get(url(item))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == FILE_CSP


def test_stored_file_has_no_public_url(cast, client_for, pdf):
    client = client_for(cast.lead)
    for public in (f"/{pdf.file.name}", f"/media/{pdf.file.name}", f"/private-media/{pdf.file.name}"):
        assert client.get(public).status_code == 404
    # The pages never reveal where the file is stored.
    detail = client.get(reverse("evidence:detail", args=[cast.school_a.urn, pdf.pk]))
    assert pdf.file.name not in detail.content.decode()
    assert url(pdf) in detail.content.decode()


def test_note_has_nothing_to_download(cast, client_for):
    note = services.evidence_add_note(school=cast.school_a, note="n", title="Note", by=cast.lead)
    assert client_for(cast.lead).get(url(note)).status_code == 404
