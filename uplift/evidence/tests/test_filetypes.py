"""The content-sniffing rule (uplift/evidence/filetypes.py): what the bytes are decides, never the name."""

import io

import pytest

from uplift.evidence.filetypes import MAX_UPLOAD_BYTES, FileRejected, sniff
from uplift.evidence.tests import files


def check(name: str, content: bytes) -> str:
    return sniff(io.BytesIO(content), name, len(content)).content_type


def test_real_pdf_is_accepted_as_pdf():
    assert check("policy.pdf", files.pdf_bytes()) == "application/pdf"


def test_real_png_is_accepted_as_png():
    assert check("display.png", files.png_bytes()) == "image/png"


def test_png_named_jpg_is_accepted_and_recorded_as_png():
    # Any image extension for any image: phones mislabel images all the time.
    assert check("photo.jpg", files.png_bytes()) == "image/png"


def test_png_named_pdf_is_refused_naming_what_it_really_is():
    with pytest.raises(FileRejected, match=r"ends in \.pdf but it is a PNG image"):
        check("policy.pdf", files.png_bytes())


def test_program_renamed_pdf_is_refused():
    with pytest.raises(FileRejected, match="must be a PDF, Word, Excel or PowerPoint document"):
        check("scheme-of-work.pdf", files.exe_bytes())


def test_docx_container_is_accepted_as_word():
    assert check("plan.docx", files.docx_bytes()).endswith("wordprocessingml.document")


def test_real_xlsx_is_accepted_as_excel():
    assert check("tracker.xlsx", files.xlsx_bytes()).endswith("spreadsheetml.sheet")


def test_xlsx_named_docx_is_refused():
    with pytest.raises(FileRejected, match=r"ends in \.docx but it is an Excel spreadsheet"):
        check("tracker.docx", files.xlsx_bytes())


def test_plain_zip_named_docx_is_refused():
    with pytest.raises(FileRejected, match="must be a PDF"):
        check("plan.docx", files.plain_zip_bytes())


def test_macro_enabled_document_is_refused():
    with pytest.raises(FileRejected, match="macros"):
        check("plan.docx", files.docx_bytes(macros=True))


def test_legacy_word_document_is_accepted():
    assert check("old-policy.doc", files.legacy_doc_bytes()) == "application/msword"


def test_compound_file_without_office_stream_is_refused():
    with pytest.raises(FileRejected, match="must be a PDF"):
        check("setup.doc", files.msi_like_bytes())


def test_html_page_is_refused():
    with pytest.raises(FileRejected):
        check("page.pdf", b"<html><script>alert(1)</script></html>")


def test_file_without_extension_is_refused():
    with pytest.raises(FileRejected, match="has no extension"):
        check("policy", files.pdf_bytes())


def test_empty_file_is_refused():
    with pytest.raises(FileRejected, match="empty"):
        check("policy.pdf", b"")


def test_file_over_20_mb_is_refused_before_reading_it():
    content = files.pdf_bytes() + b"\x00" * (MAX_UPLOAD_BYTES + 1 - len(files.pdf_bytes()))
    with pytest.raises(FileRejected, match="smaller than 20 MB"):
        check("big.pdf", content)


def test_file_of_exactly_20_mb_is_accepted():
    content = files.pdf_bytes() + b"\x00" * (MAX_UPLOAD_BYTES - len(files.pdf_bytes()))
    assert check("big.pdf", content) == "application/pdf"
