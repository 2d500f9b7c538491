"""Which files the evidence library accepts, decided from the file's content, never from its name.

The rule, in full:

- The content must be a PDF, a Word, Excel or PowerPoint document (Office 2007+ ``.docx``/``.xlsx``/
  ``.pptx`` or the older ``.doc``/``.xls``/``.ppt``), or a PNG, JPEG, GIF or WebP image. Anything else
  (programs, archives, web pages, macro-enabled Office files) is refused.
- Office 2007+ files are zip containers: we open the container and require ``[Content_Types].xml``
  and the part that makes it a document (``word/``, ``xl/`` or ``ppt/``). A plain zip is refused.
- The name's extension must belong to the same family as the content: a ``.pdf`` that is really a
  PNG is refused (the person probably chose the wrong file), but any image extension is accepted for
  any image, and ``.doc`` for a ``.docx`` (phones and web downloads mislabel these all the time).
- At most ``MAX_UPLOAD_BYTES`` (20 MB).

The stored content type is always the detected one, so the download view never serves what the
uploader *claimed* the file was.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UPLOAD_LABEL = "20 MB"

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# [Content_Types].xml of a real document is a few kilobytes; refuse to inflate anything huge.
_MAX_CONTENT_TYPES_BYTES = 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    content_type: str
    label: str
    extension: str
    family: str
    # Shown in the browser (PDF, images) rather than downloaded.
    inline: bool


KINDS: dict[str, FileKind] = {
    kind.content_type: kind
    for kind in [
        FileKind("application/pdf", "PDF document", "pdf", "pdf", inline=True),
        FileKind("image/png", "PNG image", "png", "image", inline=True),
        FileKind("image/jpeg", "JPEG image", "jpg", "image", inline=True),
        FileKind("image/gif", "GIF image", "gif", "image", inline=True),
        FileKind("image/webp", "WebP image", "webp", "image", inline=True),
        FileKind(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word document",
            "docx",
            "word",
            inline=False,
        ),
        FileKind(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel spreadsheet",
            "xlsx",
            "excel",
            inline=False,
        ),
        FileKind(
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "PowerPoint presentation",
            "pptx",
            "powerpoint",
            inline=False,
        ),
        FileKind("application/msword", "Word 97-2003 document", "doc", "word", inline=False),
        FileKind("application/vnd.ms-excel", "Excel 97-2003 spreadsheet", "xls", "excel", inline=False),
        FileKind("application/vnd.ms-powerpoint", "PowerPoint 97-2003 presentation", "ppt", "powerpoint", inline=False),
    ]
}

FAMILY_EXTENSIONS: dict[str, set[str]] = {
    "pdf": {"pdf"},
    "image": {"png", "jpg", "jpeg", "jpe", "gif", "webp"},
    "word": {"docx", "doc"},
    "excel": {"xlsx", "xls"},
    "powerpoint": {"pptx", "ppt"},
}
ACCEPTED_EXTENSIONS = sorted(ext for exts in FAMILY_EXTENSIONS.values() for ext in exts)
# For the file input's ``accept`` attribute: a hint to the browser's picker, never a check.
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in ACCEPTED_EXTENSIONS)

WHAT_IS_ACCEPTED = "a PDF, Word, Excel or PowerPoint document, or a PNG, JPEG, GIF or WebP image"


class FileRejected(ValueError):
    """The file may not go in the library; ``str(exc)`` is a message for the person who chose it."""


def kind_for(content_type: str) -> FileKind | None:
    return KINDS.get(content_type)


def sniff(upload: IO[bytes], name: str, size: int) -> FileKind:
    """The kind of ``upload`` judged from its bytes, or ``FileRejected`` saying why it is refused.

    ``upload`` must be seekable (Django's uploaded files are); it is left at position 0.
    """
    if size <= 0:
        raise FileRejected("The selected file is empty.")
    if size > MAX_UPLOAD_BYTES:
        raise FileRejected(f"The selected file must be smaller than {MAX_UPLOAD_LABEL}.")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    try:
        kind = _detect(upload, head)
    finally:
        upload.seek(0)
    if kind is None:
        raise FileRejected(f"The selected file must be {WHAT_IS_ACCEPTED}.")
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in FAMILY_EXTENSIONS[kind.family]:
        shown = f"ends in .{extension}" if extension else "has no extension"
        raise FileRejected(
            f"The file's name {shown} but it is {_article(kind.label)} {kind.label}. "
            f"Check you chose the right file, or rename it so its name ends in .{kind.extension}."
        )
    return kind


def _article(label: str) -> str:
    return "an" if label[0] in "AEIO" else "a"


def _detect(upload: IO[bytes], head: bytes) -> FileKind | None:
    if head.startswith(_ZIP_MAGIC):
        return _office_open_xml(upload)
    if head.startswith(_CFB_MAGIC):
        return _legacy_office(upload)
    guessed = filetype.guess(head)
    if guessed is None:
        return None
    kind = KINDS.get(guessed.mime)
    # Only the simple single-signature formats are trusted from ``filetype``; containers are ours.
    return kind if kind is not None and kind.family in {"pdf", "image"} else None


def _office_open_xml(upload: IO[bytes]) -> FileKind | None:
    """A .docx/.xlsx/.pptx only if the zip really holds that document's parts."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            try:
                info = archive.getinfo("[Content_Types].xml")
            except KeyError:
                return None
            if info.file_size > _MAX_CONTENT_TYPES_BYTES:
                return None
            content_types = archive.read(info).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, NotImplementedError):
        return None
    if "macroenabled" in content_types.lower():
        raise FileRejected(
            "Files containing macros are not accepted. Save it as an ordinary document (.docx, .xlsx or .pptx) "
            "and try again."
        )
    parts = {
        "word/": ("wordprocessingml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "xl/": ("spreadsheetml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "ppt/": ("presentationml", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    }
    for prefix, (marker, content_type) in parts.items():
        if any(name.startswith(prefix) for name in names) and marker in content_types:
            return KINDS[content_type]
    return None


def _legacy_office(upload: IO[bytes]) -> FileKind | None:
    """An Office 97-2003 file: an OLE compound file holding the stream that names the application.

    Installers (.msi) and other programs use the same container, so the stream name is required.
    """
    upload.seek(0)
    content = upload.read(MAX_UPLOAD_BYTES + 1)
    streams = {
        "WordDocument": "application/msword",
        "Workbook": "application/vnd.ms-excel",
        "Book": "application/vnd.ms-excel",
        "PowerPoint Document": "application/vnd.ms-powerpoint",
    }
    for stream, content_type in streams.items():
        # Directory entries hold names in UTF-16LE, NUL-terminated.
        if (stream + "\x00").encode("utf-16-le") in content:
            return KINDS[content_type]
    return None
