"""Serving a stored private file, and naming any download safely.

``private_file_response`` is the one way a stored file (evidence in a school's library, the Quality
Mark's frozen copies) leaves Uplift, after the caller's access check:

- ``Content-Disposition`` from ``content_disposition``: an ASCII ``filename=`` for old clients and the
  exact name as RFC 6266 / RFC 8187 ``filename*=UTF-8''...``; control characters, line breaks, bidi
  overrides and path separators in a person's file name never reach the header or the saved file name;
- ``X-Content-Type-Options: nosniff`` (the stored type, sniffed at upload, is the only one a browser uses);
- ``Cache-Control: private, no-store`` (never kept by a shared cache or on the disk of a shared computer);
- a Content Security Policy that sandboxes the document: ``sandbox; default-src 'none'`` (no script, no
  origin, nothing loaded), with only the inline styles and own image the browser's image viewer uses.

The one exception is a PDF opened in the browser: Chrome and Safari refuse to start their PDF viewer in
a sandboxed document (it shows a blank "blocked" page), so an inline PDF gets a policy without
``sandbox`` that still loads and runs nothing of ours (its viewer needs inline styles and ``object-src``).
"""

from __future__ import annotations

import logging
import os
import unicodedata
from urllib.parse import quote

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

__all__ = ["FILE_CSP", "INLINE_PDF_CSP", "content_disposition", "private_file_response", "safe_filename"]

logger = logging.getLogger(__name__)

FILE_CSP = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'"
INLINE_PDF_CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'none'"
)

# Control characters, format characters (bidi overrides that disguise "gpj.exe" as "exe.jpg"), line and
# paragraph separators, surrogates, private-use and unassigned code points.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
# Characters that are legal in a quoted string but that some clients mishandle in ``filename=``.
_FALLBACK_UNSAFE = set('"\\%;')


def safe_filename(name: str, *, default: str = "download") -> str:
    """``name`` as a file name a browser may save: one path segment, no invisible or control characters."""
    kept = "".join(" " if ch in "\t\r\n" else ch for ch in name if ch in "\t\r\n" or _kept(ch))
    kept = kept.replace("/", "_").replace("\\", "_")
    # Leading dots hide a file; trailing dots and spaces are dropped (or refused) by Windows.
    kept = " ".join(kept.split()).strip(" .")
    return kept or default


def _kept(ch: str) -> bool:
    return unicodedata.category(ch) not in _DROPPED_CATEGORIES


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join("_" if ch in _FALLBACK_UNSAFE else ch for ch in folded)


def content_disposition(filename: str, *, as_attachment: bool = True, default: str = "download") -> str:
    """The ``Content-Disposition`` value for a download named ``filename`` (RFC 6266).

    Always both forms: ``filename="..."`` (ASCII, accents folded, quotes and backslashes replaced) and
    ``filename*=UTF-8''...`` (the cleaned name percent-encoded), which every current browser prefers.
    """
    name = safe_filename(filename, default=default)
    root, extension = os.path.splitext(name)
    ascii_root = " ".join(_ascii(root).split())
    if not ascii_root.strip(" ."):  # nothing left of a name in another script: "教案.pdf" -> "download.pdf"
        ascii_root = _ascii(default) or "download"
    fallback = ascii_root + _ascii(extension)
    disposition = "attachment" if as_attachment else "inline"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def private_file_response(
    *, file: FieldFile | None, filename: str, content_type: str, as_attachment: bool
) -> FileResponse:
    """Stream a stored private file with the headers above. Call it only after the access check.

    ``filename`` is the name the person gave the file (cleaned here); ``content_type`` the type sniffed
    when it was stored (``application/octet-stream`` when unknown); ``as_attachment`` False opens it in
    the browser (only for types that are safe to show: PDFs and images).

    Raises ``Http404`` when there is no file ("No file") or storage no longer has it ("The file is
    missing"; logged, as it means storage and database disagree).
    """
    if not file:
        raise Http404("No file")
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        logger.warning("Stored file %s is missing from storage", file.name)
        raise Http404("The file is missing") from exc
    content_type = content_type or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, as_attachment=as_attachment)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    inline_pdf = not as_attachment and content_type == "application/pdf"
    response["Content-Security-Policy"] = INLINE_PDF_CSP if inline_pdf else FILE_CSP
    return response
