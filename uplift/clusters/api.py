"""Computing Clusters' matching in the API under /api/v1/clusters/ (programme managers only, like the pages):

- ``GET /runs/{id}``: a matching run's status, progress (0-100) and unassigned schools with reasons;
- ``GET /cohorts/{id}/proposal``: the cohort's proposed clusters (members, distances, reasons, rule breaches),
  the unassigned schools and whether it may be confirmed.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from uplift.clusters import selectors
from uplift.clusters.access import get_match_run_for_user
from uplift.cohorts.access import get_cohort_for_user

router = Router(tags=["clusters"])


class UnassignedOut(Schema):
    school: int
    reason: str


class RunOut(Schema):
    id: int
    cohort: int
    status: str
    progress: int
    message: str
    params: dict
    objective: float | None
    unassigned: list[UnassignedOut]
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class MemberOut(Schema):
    urn: int
    name: str
    km_to_meeting: float
    reason: str
    meeting_school: bool


class ClusterOut(Schema):
    id: int
    number: int
    name: str
    phase: str
    version: int
    focus: list[str]
    meeting_school: int | None
    mean_need: float
    problems: list[str]
    members: list[MemberOut]


class ProposalOut(Schema):
    cohort: int
    run: int | None
    funded_clusters: int | None
    can_confirm: bool
    problems: list[str]
    clusters: list[ClusterOut]
    unassigned: list[UnassignedOut]


@router.get("/runs/{id}", response=RunOut, summary="A matching run's progress")
def run_detail(request: HttpRequest, id: int) -> dict:
    run = get_match_run_for_user(request.user, id)
    return {
        "id": run.pk,
        "cohort": run.cohort_id,
        "status": run.status,
        "progress": run.progress,
        "message": run.message,
        "params": run.params,
        "objective": run.objective,
        "unassigned": [{"school": u["school"], "reason": u.get("reason", "")} for u in run.unassigned],
        "created_at": run.created_at,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
    }


@router.get("/cohorts/{id}/proposal", response=ProposalOut, summary="A cohort's proposed clusters")
def proposal(request: HttpRequest, id: int) -> dict:
    cohort = get_cohort_for_user(request.user, id)
    data = selectors.proposal(cohort)
    return {
        "cohort": cohort.pk,
        "run": data.run.pk if data.run else None,
        "funded_clusters": data.funded,
        "can_confirm": data.ok and cohort.confirmed_at is None,
        "problems": data.problems,
        "clusters": [
            {
                "id": row.cluster.pk,
                "number": row.cluster.number,
                "name": row.cluster.name,
                "phase": row.cluster.phase,
                "version": row.cluster.version,
                "focus": row.cluster.focus,
                "meeting_school": row.cluster.meeting_school.urn if row.cluster.meeting_school else None,
                "mean_need": round(row.mean_need, 3),
                "problems": row.problems,
                "members": [
                    {
                        "urn": m.school.urn,
                        "name": m.school.name,
                        "km_to_meeting": round(m.km, 3),
                        "reason": m.reason,
                        "meeting_school": m.is_meeting,
                    }
                    for m in row.members
                ],
            }
            for row in data.clusters
        ],
        "unassigned": [{"school": u.urn, "reason": u.reason} for u in data.unassigned],
    }
