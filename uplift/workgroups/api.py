"""The workgroups API (read-only):

- GET /api/v1/workgroups/clusters/{id}/workgroups: a cluster's workgroups, their members, meetings and
  outputs; ``get_cluster_for_user(act="view")`` (member schools' staff, its advisor, managers), 404
  for anyone else;
- GET /api/v1/workgroups/outputs: outputs published beyond their cluster, for any signed-in person.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from uplift.clusters.access import get_cluster_for_user
from uplift.workgroups import selectors
from uplift.workgroups.models import Output

router = Router(tags=["workgroups"])


class MemberOut(Schema):
    name: str
    school_urn: int


class OutputOut(Schema):
    id: int
    title: str
    description: str
    link: str
    visibility: str
    published_at: dt.datetime | None


class MeetingOut(Schema):
    id: int
    held_on: dt.date
    stage: str
    notes: str
    attendees: list[str]
    outputs: list[OutputOut]
    version: int


class WorkgroupOut(Schema):
    id: int
    name: str
    dimension: str
    members: list[MemberOut]
    meetings: list[MeetingOut]
    version: int


class PublishedOut(OutputOut):
    workgroup: str
    cluster: str
    cohort: str


def _output(output: Output) -> dict:
    return {
        "id": output.pk,
        "title": output.title,
        "description": output.description,
        "link": output.link,
        "visibility": output.visibility,
        "published_at": output.published_at,
    }


@router.get("/clusters/{id}/workgroups", response=list[WorkgroupOut], summary="A cluster's workgroups")
def cluster_workgroups(request: HttpRequest, id: int) -> list[dict]:
    cluster = get_cluster_for_user(request.user, id, act="view")
    return [
        {
            "id": workgroup.pk,
            "name": workgroup.name,
            "dimension": workgroup.dimension_slug,
            "members": [
                {"name": m.user.full_name or m.user.email, "school_urn": m.school.urn} for m in workgroup.members.all()
            ],
            "meetings": [
                {
                    "id": meeting.pk,
                    "held_on": meeting.held_on,
                    "stage": meeting.stage,
                    "notes": meeting.notes,
                    "attendees": [u.full_name or u.email for u in meeting.attendees.all()],
                    "outputs": [_output(o) for o in meeting.outputs.all()],
                    "version": meeting.version,
                }
                for meeting in selectors.workgroup_meetings(workgroup)
            ],
            "version": workgroup.version,
        }
        for workgroup in selectors.cluster_workgroups(cluster)
    ]


@router.get("/outputs", response=list[PublishedOut], summary="Outputs published beyond their cluster")
def published_outputs(request: HttpRequest, q: str = "") -> list[dict]:
    outputs = selectors.published_outputs(query=q.strip()[:100])[:200]
    return [
        {
            **_output(o),
            "workgroup": o.meeting.workgroup.name,
            "cluster": o.meeting.workgroup.cluster.name,
            "cohort": o.meeting.workgroup.cluster.cohort.name,
        }
        for o in outputs
    ]
