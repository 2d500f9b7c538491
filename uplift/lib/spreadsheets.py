"""Spreadsheet downloads (CSV and XLSX) that never run what someone typed as a formula.

Excel, LibreOffice and Google Sheets read a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula, so text typed by people (commentary, a ledger description, a school's
preferences note) could open links, leak other cells or start programs on a manager's computer (CSV
injection). OWASP's rule is applied to every cell: such *text* is prefixed with a single quote and shows
as text. Numbers stay numbers (a negative ``int``, ``float`` or ``Decimal`` too): only strings are ever
escaped, so pass numbers as numbers, not as pre-formatted strings.

Every download of rows goes through here:

- ``csv_response`` builds the whole file; ``csv_streaming_response`` streams it (``StreamingHttpResponse``)
  for exports too long to build in memory; both write ``csv_lines``: a UTF-8 byte order mark (so Excel
  reads accents correctly), the header, then one line per row;
- ``xlsx_response`` builds a workbook: bold, frozen header row, dates as dates, optional column widths
  and wrapped text.

Cells may be ``str``, ``int``, ``float``, ``Decimal``, ``date``, ``datetime`` or ``None`` (an empty cell);
anything else is refused (``TypeError``) rather than written as whatever ``str()`` makes of it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from uplift.lib.files import content_disposition

__all__ = [
    "CSV_TYPE",
    "FORMULA_STARTS",
    "XLSX_TYPE",
    "Cell",
    "csv_lines",
    "csv_response",
    "csv_streaming_response",
    "neutralise",
    "xlsx_response",
]

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | Decimal | dt.date | dt.datetime | None
Number = int | float | Decimal


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet shows it, never runs it: a quote before a formula's first character."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _checked(value: object) -> Cell:
    # bool is an int to Python but "True" in a spreadsheet: say "Yes"/"No" in the export instead.
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal | dt.date | type(None)):
        raise TypeError(f"A spreadsheet cell cannot hold {type(value).__name__}: {value!r}")
    return value


def _csv_cell(value: object) -> str | Number:
    value = _checked(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, dt.date):  # and datetime, a date too
        return value.isoformat()
    return value


class _Line:
    """A file that hands back what is written to it, so ``csv.writer`` can produce one line at a time."""

    def write(self, text: str) -> str:
        return text


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The CSV text line by line: a byte order mark and the header, then each row (rows read lazily)."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow([_csv_cell(value) for value in header])
    for row in rows:
        yield writer.writerow([_csv_cell(value) for value in row])


def _download_headers(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = content_disposition(filename)
    # Exports hold a school's or a cluster's own records: no shared cache or shared computer keeps them.
    response["Cache-Control"] = "private, no-store"


def csv_response(*, filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> HttpResponse:
    """The whole CSV as an attachment named ``filename``."""
    response = HttpResponse("".join(csv_lines(header, rows)), content_type=CSV_TYPE)
    _download_headers(response, filename)
    return response


def csv_streaming_response(
    *, filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse:
    """The CSV streamed as it is written (pass a lazy ``rows``, e.g. a generator over ``.iterator()``)."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type=CSV_TYPE)
    _download_headers(response, filename)
    return response


def _xlsx_cell(value: object) -> str | Number | dt.date | dt.datetime | None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = _checked(value)
    if isinstance(value, str):
        # XLSX cannot hold most control characters (openpyxl refuses the whole file): drop them.
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        # Spreadsheets have no time zones: the local time, as on the page.
        return timezone.make_naive(value)
    return value


def xlsx_response(
    *,
    filename: str,
    sheet_title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    column_widths: Sequence[int] = (),
    wrap_text: bool = False,
) -> HttpResponse:
    """One sheet named ``sheet_title`` as an attachment named ``filename``.

    ``column_widths`` sets the first columns' widths (in characters); ``wrap_text`` wraps long text in
    every data cell and aligns it to the top (for commentary).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]  # Excel's limit
    sheet.append([_xlsx_cell(value) for value in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, whatever openpyxl would have guessed from it
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "dd/mm/yyyy"
            if wrap_text:
                cell.alignment = wrapped
    sheet.freeze_panes = "A2"
    for index, width in enumerate(column_widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    _download_headers(response, filename)
    return response
