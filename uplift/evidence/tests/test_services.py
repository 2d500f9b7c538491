"""Evidence services: what the database and the private storage hold after each write."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from uplift.evidence import services
from uplift.evidence.models import EvidenceItem
from uplift.evidence.tests import files


def add_pdf(cast, name="policy.pdf", **extra):
    return services.evidence_add_file(
        school=cast.school_a,
        upload=files.upload(name, files.pdf_bytes(), content_type="text/html"),
        title=extra.pop("title", "Computing policy"),
        by=cast.lead,
        **extra,
    )


def test_file_is_stored_privately_under_a_random_name_in_the_schools_folder(cast, private_media):
    item = add_pdf(cast, name="Computing Policy 2026.pdf", tags="policy, Leadership , POLICY")
    assert item.file.name.startswith(f"evidence/{cast.school_a.pk}/")
    assert "Computing" not in item.file.name and "Policy" not in item.file.name
    assert len(Path(item.file.name).stem) >= 30
    assert (Path(private_media) / item.file.name).read_bytes() == files.pdf_bytes()
    item.refresh_from_db()
    assert item.original_filename == "Computing Policy 2026.pdf"
    # The browser claimed text/html; what is stored is what the content is.
    assert item.content_type == "application/pdf"
    assert item.size == len(files.pdf_bytes())
    assert item.tags == "policy, Leadership"
    assert item.added_by == cast.lead


def test_refused_file_leaves_no_row_and_no_stored_file(cast, private_media):
    with pytest.raises(ValidationError) as excinfo:
        services.evidence_add_file(
            school=cast.school_a, upload=files.upload("x.pdf", files.exe_bytes()), title="Not a PDF", by=cast.lead
        )
    assert "file" in excinfo.value.message_dict
    assert not EvidenceItem.objects.exists()
    assert not list(Path(private_media).rglob("*.*"))


def test_invalid_row_removes_the_file_just_stored(cast, private_media):
    with pytest.raises(ValidationError):
        add_pdf(cast, title="")
    assert not EvidenceItem.objects.exists()
    assert not [p for p in Path(private_media).rglob("*") if p.is_file()]


def test_link_must_be_http_or_https(cast):
    with pytest.raises(ValidationError):
        services.evidence_add_link(school=cast.school_a, url="javascript:alert(1)", title="Bad", by=cast.lead)
    item = services.evidence_add_link(
        school=cast.school_a, url="https://example.org/scheme", title="Scheme", by=cast.lead
    )
    assert item.kind == "link" and item.url == "https://example.org/scheme"


def test_note_keeps_its_text_and_date(cast):
    item = services.evidence_add_note(
        school=cast.school_a,
        note="Pupils debugged in pairs.",
        title="Y4 observation",
        date=dt.date(2026, 3, 2),
        by=cast.teacher,
    )
    item.refresh_from_db()
    assert (item.note, item.date, item.kind) == ("Pupils debugged in pairs.", dt.date(2026, 3, 2), "note")


def test_deleting_removes_the_stored_file_after_commit(cast, private_media, django_capture_on_commit_callbacks):
    item = add_pdf(cast)
    stored = item.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.evidence_delete(item=item, by=cast.lead)
    # Not before the transaction commits...
    assert default_storage.exists(stored)
    for callback in callbacks:
        callback()
    # ...but once it has.
    assert not default_storage.exists(stored)
    assert not EvidenceItem.objects.exists()


def test_replacing_a_file_removes_the_old_one(cast, django_capture_on_commit_callbacks):
    item = add_pdf(cast)
    old = item.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_update(
            item=item,
            title="Policy v2",
            description="",
            date=item.date,
            tags="",
            by=cast.head,
            upload=files.upload("policy.png", files.png_bytes()),
        )
    item.refresh_from_db()
    assert item.content_type == "image/png" and item.original_filename == "policy.png"
    assert item.file.name != old and default_storage.exists(item.file.name)
    assert not default_storage.exists(old)
    assert item.updated_by == cast.head


def test_update_changes_details_but_never_the_kind(cast):
    item = services.evidence_add_link(school=cast.school_a, url="https://example.org/a", title="A", by=cast.lead)
    services.evidence_update(
        item=item,
        title="B",
        description="d",
        date=item.date,
        tags="x",
        url="https://example.org/b",
        note="ignored",
        by=cast.lead,
    )
    item.refresh_from_db()
    assert (item.kind, item.title, item.url, item.note, item.tags) == ("link", "B", "https://example.org/b", "", "x")


def test_uploaded_name_is_kept_without_paths_or_control_characters(cast):
    item = add_pdf(cast, name="C:\\Users\\lena\\Policy\r\n\t2026.pdf")
    assert item.original_filename == "Policy2026.pdf"
