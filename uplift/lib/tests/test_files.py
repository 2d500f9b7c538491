"""Serving a stored private file: safe names in Content-Disposition, the security headers, missing files."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpResponse

from uplift.evidence.models import EvidenceItem
from uplift.lib.files import FILE_CSP, INLINE_PDF_CSP, content_disposition, private_file_response, safe_filename

PDF = b"%PDF-1.4\n% a tiny test file\n"


@pytest.fixture
def stored() -> Iterator[FieldFile]:
    """A file in (the tests' throw-away) storage, as a model's file field holds it."""
    name = default_storage.save("tests/lib-files/policy.pdf", ContentFile(PDF))
    yield FieldFile(None, EvidenceItem._meta.get_field("file"), name)
    default_storage.delete(name)


def test_a_plain_name_is_given_in_both_forms() -> None:
    assert content_disposition("Policy.pdf") == "attachment; filename=\"Policy.pdf\"; filename*=UTF-8''Policy.pdf"
    assert content_disposition("Policy.pdf", as_attachment=False).startswith("inline; ")


def test_a_name_with_accents_and_other_scripts_keeps_them_in_filename_star() -> None:
    header = content_disposition("Schéma de travail – année 6.pdf")
    assert header == (
        'attachment; filename="Schema de travail annee 6.pdf"; '
        "filename*=UTF-8''Sch%C3%A9ma%20de%20travail%20%E2%80%93%20ann%C3%A9e%206.pdf"
    )
    assert (
        content_disposition("教案.pdf")
        == "attachment; filename=\"download.pdf\"; filename*=UTF-8''%E6%95%99%E6%A1%88.pdf"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report\r\nSet-Cookie: session=stolen.pdf", 'filename="report Set-Cookie: session=stolen.pdf"'),
        ('say "hi"; filename=evil.exe', 'filename="say _hi__ filename=evil.exe"'),
        ("100%.pdf", 'filename="100_.pdf"'),
        ("..\\..\\boot.ini", 'filename="_.._boot.ini"'),
        ("../../etc/passwd", 'filename="_.._etc_passwd"'),
        ("invoice\u202egpj.exe", 'filename="invoicegpj.exe"'),  # no right-to-left override disguising .exe
        ("...", 'filename="download"'),
        ("", 'filename="download"'),
    ],
)
def test_odd_names_never_break_or_inject_into_the_header(name: str, expected: str) -> None:
    header = content_disposition(name)

    # Exactly the two parameters: the ASCII name, then the percent-encoded one (RFC 8187 attr-chars only).
    parts = re.fullmatch(r"attachment; (filename=\"[^\"]*\"); filename\*=UTF-8''[A-Za-z0-9%._~-]+", header)
    assert parts is not None, header
    assert parts.group(1) == expected
    response = HttpResponse()
    response["Content-Disposition"] = header  # Django refuses header values with line breaks
    assert response["Content-Disposition"] == header


def test_safe_filename_keeps_one_readable_path_segment() -> None:
    assert safe_filename("  Year 6\tplan .docx ") == "Year 6 plan .docx"
    assert safe_filename("a/b\\c.txt") == "a_b_c.txt"
    assert safe_filename("\x00\x1f", default="evidence-7") == "evidence-7"
    assert safe_filename("résumé.pdf") == "résumé.pdf"


def test_an_inline_pdf_opens_in_the_browser_with_private_no_sniff_headers(stored: FieldFile) -> None:
    response = private_file_response(
        file=stored, filename="Policy.pdf", content_type="application/pdf", as_attachment=False
    )

    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(PDF))
    assert response["Content-Disposition"] == "inline; filename=\"Policy.pdf\"; filename*=UTF-8''Policy.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    # Chrome's and Safari's PDF viewers do not start in a sandboxed document: no sandbox, nothing loaded.
    assert response["Content-Security-Policy"] == INLINE_PDF_CSP
    assert "sandbox" not in INLINE_PDF_CSP and "script-src" not in INLINE_PDF_CSP
    assert INLINE_PDF_CSP.startswith("default-src 'none';")


@pytest.mark.parametrize(
    ("content_type", "as_attachment"),
    [("image/png", False), ("application/pdf", True), ("application/msword", True), ("", True)],
)
def test_everything_else_is_sandboxed(stored: FieldFile, content_type: str, as_attachment: bool) -> None:
    response = private_file_response(
        file=stored, filename="file", content_type=content_type, as_attachment=as_attachment
    )

    assert response["Content-Security-Policy"] == FILE_CSP
    assert FILE_CSP.startswith("sandbox; default-src 'none';")
    assert response["Content-Type"] == (content_type or "application/octet-stream")
    assert response["Content-Disposition"].startswith("attachment;" if as_attachment else "inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF


def test_the_storage_name_never_leaks_into_the_download_name(stored: FieldFile) -> None:
    response = private_file_response(file=stored, filename="", content_type="application/pdf", as_attachment=True)

    assert response["Content-Disposition"] == "attachment; filename=\"download\"; filename*=UTF-8''download"
    assert "lib-files" not in str(response.headers)
    assert b"".join(response.streaming_content) == PDF


def test_no_file_is_404() -> None:
    empty = FieldFile(None, EvidenceItem._meta.get_field("file"), "")

    with pytest.raises(Http404, match="No file"):
        private_file_response(file=empty, filename="x.pdf", content_type="application/pdf", as_attachment=True)
    with pytest.raises(Http404, match="No file"):
        private_file_response(file=None, filename="x.pdf", content_type="application/pdf", as_attachment=True)


def test_a_file_missing_from_storage_is_404_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    gone = FieldFile(None, EvidenceItem._meta.get_field("file"), "tests/lib-files/never-stored.pdf")

    with (
        caplog.at_level(logging.WARNING, logger="uplift.lib.files"),
        pytest.raises(Http404, match="The file is missing"),
    ):
        private_file_response(file=gone, filename="x.pdf", content_type="application/pdf", as_attachment=True)

    assert "tests/lib-files/never-stored.pdf is missing from storage" in caplog.text
