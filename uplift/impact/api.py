"""A cluster's impact in the API under /api/v1/impact/: baseline, end and change per school and
dimension, for whoever may view the cluster (``get_cluster_for_user(act="view")``)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from uplift.clusters.access import get_cluster_for_user
from uplift.impact.selectors import impact_report

router = Router(tags=["impact"])


class DimensionChange(Schema):
    dimension: str
    title: str
    focus: bool
    baseline: int | None
    end: int | None
    change: int | None


class SchoolImpact(Schema):
    urn: int
    name: str
    baseline_recorded_at: dt.datetime | None
    end_recorded_at: dt.datetime | None
    dimensions: list[DimensionChange]


class DimensionAverage(Schema):
    dimension: str
    baseline: float | None
    end: float | None
    change: float | None
    schools: int


class UsageOut(Schema):
    label: str
    used: float
    allowance: float | None
    unit: str
    detail: str


class ClusterImpact(Schema):
    id: int
    name: str
    cohort: str
    status: str
    focus: list[str]
    finished_at: dt.datetime | None
    recorded: int
    schools: list[SchoolImpact]
    averages: list[DimensionAverage]
    usage: list[UsageOut]


@router.get("/clusters/{cluster_id}", response=ClusterImpact)
def cluster_impact(request: HttpRequest, cluster_id: int) -> dict:
    cluster = get_cluster_for_user(request.user, cluster_id, act="view")
    report = impact_report(cluster)
    return {
        "id": cluster.pk,
        "name": cluster.name,
        "cohort": cluster.cohort.name,
        "status": cluster.status,
        "focus": list(cluster.focus or []),
        "finished_at": cluster.finished_at,
        "recorded": report.recorded,
        "schools": [
            {
                "urn": row.school.urn,
                "name": row.school.name,
                "baseline_recorded_at": row.baseline.created_at if row.baseline else None,
                "end_recorded_at": row.end.created_at if row.end else None,
                "dimensions": [
                    {
                        "dimension": cell.dimension.slug,
                        "title": cell.dimension.title,
                        "focus": cell.dimension.focus,
                        "baseline": cell.baseline,
                        "end": cell.end,
                        "change": cell.change,
                    }
                    for cell in row.cells
                ],
            }
            for row in report.rows
        ],
        "averages": [
            {
                "dimension": a.dimension.slug,
                "baseline": a.baseline,
                "end": a.end,
                "change": a.change,
                "schools": a.schools,
            }
            for a in report.averages
        ],
        "usage": [
            {
                "label": u.label,
                "used": float(u.used),
                "allowance": None if u.allowance is None else float(u.allowance),
                "unit": u.unit,
                "detail": u.detail,
            }
            for u in report.usage
        ],
    }
