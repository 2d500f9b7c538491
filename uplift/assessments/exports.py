"""The rows of a school's judgements and of a trust's overview, for their CSV and XLSX downloads.

The files are written by ``uplift.lib.spreadsheets``, which keeps commentary typed by people from ever
running as a formula.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from uplift.assessments.selectors import current_assessment, framework_progress
from uplift.frameworks.models import Framework
from uplift.lib.spreadsheets import Cell

if TYPE_CHECKING:
    from uplift.assessments.profile import TrustOverview
    from uplift.schools.models import School

__all__ = ["JUDGEMENT_HEADER", "judgement_rows", "trust_rows"]

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
