"""Spreadsheets of a school's judgements and of a trust's overview (CSV and XLSX).

Cells that a spreadsheet would read as a formula (starting ``=``, ``+``, ``-``, ``@``, tab or carriage
return) are prefixed with an apostrophe: commentary is typed by people and must never run as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.utils import timezone

from uplift.assessments.selectors import current_assessment, framework_progress
from uplift.frameworks.models import Framework

if TYPE_CHECKING:
    from uplift.assessments.profile import TrustOverview
    from uplift.schools.models import School

__all__ = ["JUDGEMENT_HEADER", "csv_response", "judgement_rows", "trust_rows", "xlsx_response"]

JUDGEMENT_HEADER = [
    "Dimension",
    "Aspect",
    "Level",
    "Complete",
    "Current position",
    "Evidence commentary",
    "Improvement actions",
    "Evidence",
    "Last edited by",
    "Last edited at",
]

Cell = str | int | float | None
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _when(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def judgement_rows(school: School) -> list[list[Cell]]:
    """One row per aspect of the school's current assessment (blank levels for aspects not judged yet).

    A fixed number of queries (4) whatever the number of aspects.
    """
    assessment = current_assessment(school)
    framework = assessment.framework if assessment else Framework.objects.current()
    if framework is None:
        return []
    judgements = (
        list(assessment.judgements.select_related("updated_by").prefetch_related("evidence")) if assessment else []
    )
    progress = framework_progress(framework, judgements, assessment)
    rows: list[list[Cell]] = []
    for dimension in progress.dimensions:
        for item in dimension.aspects:
            judgement = item.judgement
            rows.append(
                [
                    dimension.dimension.title,
                    item.aspect.title,
                    item.level,
                    "Yes" if item.is_complete else "No",
                    judgement.current_position if judgement else "",
                    judgement.evidence_commentary if judgement else "",
                    judgement.improvement_actions if judgement else "",
                    "; ".join(e.title for e in judgement.evidence.all()) if judgement else "",
                    judgement.updated_by.full_name if judgement and judgement.updated_by else "",
                    _when(judgement.updated_at) if judgement else "",
                ]
            )
    return rows


def trust_rows(overview: TrustOverview) -> tuple[list[str], list[list[Cell]]]:
    """The trust view as a header and rows, in the order shown on the page."""
    header = ["School", "URN", *[d.title for d in overview.dimensions], "Progress (%)", "Last activity"]
    rows = [
        [row.school.name, row.school.urn, *levels, row.percent, _when(row.last_activity)]
        for row, levels in overview.cells
    ]
    return header, rows


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # a byte order mark, so Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else _safe(value) for value in row])
    return response


def xlsx_response(
    filename: str, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]
) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(value) for value in row])
    sheet.freeze_panes = "A2"
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
