"""Writes to the evidence library. Each is one transaction; stored files follow the database.

A file is written to storage before its row is saved; if the transaction then fails, the file is
removed again. A file that is replaced or deleted is removed from storage only *after* the commit,
so a rolled-back delete never loses the file.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from uplift.evidence.filetypes import FileRejected, sniff
from uplift.evidence.models import EvidenceItem, EvidenceKind, normalise_tags

if TYPE_CHECKING:
    from uplift.accounts.models import User
    from uplift.schools.models import School

__all__ = [
    "evidence_add_file",
    "evidence_add_link",
    "evidence_add_note",
    "evidence_delete",
    "evidence_update",
]


def _delete_stored_file_on_commit(name: str) -> None:
    if not name:
        return
    from django.core.files.storage import default_storage

    transaction.on_commit(lambda: default_storage.delete(name))


def _display_name(name: str) -> str:
    """The uploader's file name, safe to show and to send back in a Content-Disposition header."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable()).strip()[-255:]


def _attach_upload(item: EvidenceItem, upload: UploadedFile) -> None:
    """Check ``upload`` by its content and put it on ``item`` (not yet saved)."""
    try:
        kind = sniff(upload, upload.name or "", upload.size or 0)
    except FileRejected as exc:
        raise ValidationError({"file": str(exc)}) from exc
    item.content_type = kind.content_type
    item.original_filename = _display_name(upload.name or "") or f"evidence.{kind.extension}"
    item.size = upload.size or 0
    # save=False: the row is saved by the caller, in its transaction. The storage name is random
    # (evidence_upload_to), never the uploader's file name.
    item.file.save(item.original_filename, upload, save=False)


def _save_with_file(item: EvidenceItem) -> None:
    """Save the row; if that fails, remove the file just written so nothing is orphaned."""
    try:
        with transaction.atomic():
            item.full_clean()
            item.save()
    except Exception:
        if item.file:
            item.file.storage.delete(item.file.name)
        raise


def _new_item(
    *, school: School, kind: str, title: str, description: str, date: dt.date | None, tags: str | list[str], by: User
) -> EvidenceItem:
    now = timezone.now()
    return EvidenceItem(
        school=school,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        date=date or timezone.localdate(),
        tags=normalise_tags(tags),
        added_by=by,
        updated_by=by,
        created_at=now,
        updated_at=now,
    )


def evidence_add_file(
    *,
    school: School,
    upload: UploadedFile,
    title: str,
    description: str = "",
    date: dt.date | None = None,
    tags: str | list[str] = "",
    by: User,
) -> EvidenceItem:
    """Add an uploaded file to the school's library.

    The file is accepted only if its *content* is an allowed type (see ``filetypes``) and it is at
    most 20 MB; otherwise ``ValidationError`` on ``file``. The detected type is stored and later served.
    """
    item = _new_item(
        school=school, kind=EvidenceKind.FILE, title=title, description=description, date=date, tags=tags, by=by
    )
    _attach_upload(item, upload)
    _save_with_file(item)
    return item


@transaction.atomic
def evidence_add_link(
    *,
    school: School,
    url: str,
    title: str,
    description: str = "",
    date: dt.date | None = None,
    tags: str | list[str] = "",
    by: User,
) -> EvidenceItem:
    """Add a link (an http or https address) to the school's library."""
    item = _new_item(
        school=school, kind=EvidenceKind.LINK, title=title, description=description, date=date, tags=tags, by=by
    )
    item.url = url.strip()
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def evidence_add_note(
    *,
    school: School,
    note: str,
    title: str,
    description: str = "",
    date: dt.date | None = None,
    tags: str | list[str] = "",
    by: User,
) -> EvidenceItem:
    """Add a written note (e.g. what an observer saw) to the school's library."""
    item = _new_item(
        school=school, kind=EvidenceKind.NOTE, title=title, description=description, date=date, tags=tags, by=by
    )
    item.note = note.strip()
    item.full_clean()
    item.save()
    return item


def evidence_update(
    *,
    item: EvidenceItem,
    title: str,
    description: str,
    date: dt.date,
    tags: str | list[str],
    by: User,
    url: str | None = None,
    note: str | None = None,
    upload: UploadedFile | None = None,
) -> EvidenceItem:
    """Change an item's details; ``url``/``note`` apply to links/notes, ``upload`` replaces a file.

    The kind of an item never changes. A replaced file is removed from storage after the commit.
    """
    old_file = item.file.name if item.file else ""
    item.title = title.strip()
    item.description = description.strip()
    item.date = date
    item.tags = normalise_tags(tags)
    if item.kind == EvidenceKind.LINK and url is not None:
        item.url = url.strip()
    if item.kind == EvidenceKind.NOTE and note is not None:
        item.note = note.strip()
    replacing = item.kind == EvidenceKind.FILE and upload is not None
    if replacing:
        _attach_upload(item, upload)
    item.updated_by = by
    item.updated_at = timezone.now()
    if replacing:
        with transaction.atomic():
            _save_with_file(item)
            _delete_stored_file_on_commit(old_file)
    else:
        with transaction.atomic():
            item.full_clean()
            item.save()
    return item


@transaction.atomic
def evidence_delete(*, item: EvidenceItem, by: User) -> None:
    """Delete an item everywhere: it is detached from every aspect, and its file removed after commit."""
    stored = item.file.name if item.file else ""
    item.delete()
    _delete_stored_file_on_commit(stored)
