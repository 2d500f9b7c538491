import io

import pytest
from pypdf import PdfReader

from uplift.certificates.models import Certificate, CertificateKind


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_member_downloads_commitment_certificate_with_name_number_and_verification_url(cast, client_for):
    response = client_for(cast.teacher).get(f"/schools/{cast.school_a.urn}/certificates/commitment.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    certificate = Certificate.objects.get(school=cast.school_a, kind=CertificateKind.COMMITMENT)
    text = pdf_text(response.content)
    assert "Certificate of Commitment" in text
    assert "Brookside Primary School" in text
    assert certificate.number in text
    assert f"/certificates/verify/{certificate.number}/" in text


def test_downloading_again_reuses_the_same_number(cast, client_for):
    client = client_for(cast.lead)
    client.get(f"/schools/{cast.school_a.urn}/certificates/commitment.pdf")
    client.get(f"/schools/{cast.school_a.urn}/certificates/commitment.pdf")

    assert Certificate.objects.filter(school=cast.school_a).count() == 1


def test_progress_certificate_refused_below_half_progress(cast, client_for):
    response = client_for(cast.lead).get(f"/schools/{cast.school_a.urn}/certificates/progress.pdf")

    assert response.status_code == 409
    assert "at least 50% complete" in response.content.decode()
    assert not Certificate.objects.filter(kind=CertificateKind.PROGRESS).exists()


@pytest.mark.parametrize("who", ["lead_b", "outsider", "other_advisor"])
def test_people_outside_the_school_cannot_see_or_download_its_certificates(cast, client_for, who):
    client = client_for(getattr(cast, who))

    assert client.get(f"/schools/{cast.school_a.urn}/certificates/").status_code == 404
    assert client.get(f"/schools/{cast.school_a.urn}/certificates/commitment.pdf").status_code == 404
    assert not Certificate.objects.exists()


def test_unknown_certificate_kind_is_404(cast, client_for):
    assert client_for(cast.lead).get(f"/schools/{cast.school_a.urn}/certificates/platinum.pdf").status_code == 404


def test_public_verification_confirms_a_certificate_and_reveals_nothing_else(cast, client):
    certificate = Certificate.objects.create(
        number="UPL-ABCD-EFGH",
        kind=CertificateKind.COMMITMENT,
        school=cast.school_a,
        school_name="Brookside Primary School",
    )

    response = client.get(f"/certificates/verify/{certificate.number.lower()}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is genuine" in page
    assert "Brookside Primary School" in page
    assert str(cast.school_a.urn) not in page
    assert cast.school_a.postcode not in page
    assert cast.lead.email not in page


def test_verification_of_an_unknown_number_says_so(client, db):
    response = client.get("/certificates/verify/UPL-NOPE-NOPE/")

    assert response.status_code == 404
    assert "could not find that certificate" in response.content.decode()


def test_verification_lookup_form_redirects_to_the_result_and_requires_a_number(client, db):
    assert (
        client.get("/certificates/verify/", {"number": " upl-abcd-efgh "}).url == "/certificates/verify/UPL-ABCD-EFGH/"
    )
    empty = client.get("/certificates/verify/", {"number": ""})
    assert empty.status_code == 200
    assert "Enter the certificate number" in empty.content.decode()


def test_certificates_page_explains_what_is_available(cast, client_for):
    page = client_for(cast.governor).get(f"/schools/{cast.school_a.urn}/certificates/").content.decode()

    assert "Certificate of Commitment" in page
    assert "Available when your self-assessment is at least 50% complete" in page


def test_progress_certificate_issued_at_half_progress_with_the_percentage(cast, client_for, framework):
    from uplift.assessments.tests.profile_data import assess
    from uplift.frameworks.models import Aspect

    slugs = list(Aspect.objects.filter(framework=framework).order_by("order").values_list("slug", flat=True))
    half = set(slugs[: (len(slugs) + 1) // 2])
    assess(cast.school_a, framework, 3, only=half)

    response = client_for(cast.lead).get(f"/schools/{cast.school_a.urn}/certificates/progress.pdf")

    assert response.status_code == 200
    certificate = Certificate.objects.get(school=cast.school_a, kind=CertificateKind.PROGRESS)
    assert certificate.progress_percent >= 50
    text = pdf_text(response.content)
    assert "Certificate of Progress" in text
    assert f"{certificate.progress_percent}%" in text
