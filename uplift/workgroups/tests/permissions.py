"""The workgroups app's routes in the permission matrix (see uplift/testing/matrix.py and the rules in
``get_workgroup_for_user`` / ``get_workgroup_output_for_user``).

- A cluster's workgroups, outputs, a workgroup, a meeting, a cluster-only output: whoever may view the
  cluster (``CLUSTER_VIEW_*``).
- Creating or changing a workgroup, publishing an output: the advisor and managers (``CLUSTER_RUN_*``).
- Logging or changing a meeting, adding an output: the advisor, managers and the workgroup's members
  (here the school's ``teacher``; the school's other staff get 403).
- The outputs published across all clusters: every signed-in person.

"own" is school A's live cluster (the cast's advisor) with a workgroup whose member is ``teacher``;
"foreign" school B's (the other advisor) with ``teacher_b``.
"""

from __future__ import annotations

import datetime as dt

from uplift.clusters.tests.factories import cluster_pk, live_cluster
from uplift.testing.cast import Cast
from uplift.testing.matrix import (
    CLUSTER_RUN_FOREIGN,
    CLUSTER_RUN_OWN,
    CLUSTER_VIEW_FOREIGN,
    CLUSTER_VIEW_OWN,
    FORBIDDEN,
    LOGIN,
    OK,
    UNAUTHORIZED,
    Route,
    Side,
    api,
    each,
    expect,
    for_api,
)
from uplift.workgroups.models import Meeting, Output, Stage, Workgroup, WorkgroupMember

# The run outcomes, with the workgroup's member (teacher) allowed in.
CONTRIBUTE_OWN = {**CLUSTER_RUN_OWN, "teacher": OK, **each(("lead", "head"), FORBIDDEN)}
CONTRIBUTE_FOREIGN = {**CLUSTER_RUN_FOREIGN, "teacher_b": OK, "lead_b": FORBIDDEN}


def workgroup_for(cast: Cast, side: Side) -> Workgroup:
    cluster = live_cluster(cast, side)
    workgroup = Workgroup.objects.create(cluster=cluster, name="Programming")
    school, teacher = (cast.school_a, cast.teacher) if side == "own" else (cast.school_b, cast.teacher_b)
    WorkgroupMember.objects.create(workgroup=workgroup, user=teacher, school=school)
    return workgroup


def meeting_for(cast: Cast, side: Side) -> Meeting:
    return Meeting.objects.create(
        workgroup=workgroup_for(cast, side), held_on=dt.date.today(), stage=Stage.PLAN, notes="Planned."
    )


def workgroup_pk(cast: Cast, side: Side) -> list[int]:
    return [workgroup_for(cast, side).pk]


def meeting_pk(cast: Cast, side: Side) -> list[int]:
    return [meeting_for(cast, side).pk]


def output_pk(cast: Cast, side: Side) -> list[int]:
    output = Output.objects.create(meeting=meeting_for(cast, side), title="Unit plan", description="A plan.")
    return [output.pk]


ROUTES = [
    Route("workgroups:cluster", CLUSTER_VIEW_OWN, foreign=CLUSTER_VIEW_FOREIGN, args=cluster_pk),
    Route("workgroups:create", CLUSTER_RUN_OWN, foreign=CLUSTER_RUN_FOREIGN, args=cluster_pk, methods=("GET", "POST")),
    Route("workgroups:cluster_outputs", CLUSTER_VIEW_OWN, foreign=CLUSTER_VIEW_FOREIGN, args=cluster_pk),
    Route("workgroups:published", expect(OK, anonymous=LOGIN)),
    Route("workgroups:detail", CLUSTER_VIEW_OWN, foreign=CLUSTER_VIEW_FOREIGN, args=workgroup_pk),
    Route("workgroups:edit", CLUSTER_RUN_OWN, foreign=CLUSTER_RUN_FOREIGN, args=workgroup_pk, methods=("GET", "POST")),
    Route(
        "workgroups:meeting_create",
        CONTRIBUTE_OWN,
        foreign=CONTRIBUTE_FOREIGN,
        args=workgroup_pk,
        methods=("GET", "POST"),
    ),
    Route("workgroups:meeting", CLUSTER_VIEW_OWN, foreign=CLUSTER_VIEW_FOREIGN, args=meeting_pk),
    Route(
        "workgroups:meeting_edit",
        CONTRIBUTE_OWN,
        foreign=CONTRIBUTE_FOREIGN,
        args=meeting_pk,
        methods=("GET", "POST"),
    ),
    Route(
        "workgroups:output_create",
        CONTRIBUTE_OWN,
        foreign=CONTRIBUTE_FOREIGN,
        args=meeting_pk,
        methods=("GET", "POST"),
    ),
    # A cluster-only output; once published it is open to every signed-in person (test_views.py).
    Route("workgroups:output", CLUSTER_VIEW_OWN, foreign=CLUSTER_VIEW_FOREIGN, args=output_pk),
    Route(
        "workgroups:output_visibility",
        CLUSTER_RUN_OWN,
        foreign=CLUSTER_RUN_FOREIGN,
        args=output_pk,
        methods=("POST",),
    ),
]


def api_cluster(cast: Cast, side: Side) -> dict[str, int]:
    return {"id": workgroup_for(cast, side).cluster_id}


ROUTES += [
    api(
        "GET",
        "/api/v1/workgroups/clusters/{id}/workgroups",
        expect=for_api(CLUSTER_VIEW_OWN),
        foreign=for_api(CLUSTER_VIEW_FOREIGN),
        args=api_cluster,
    ),
    api("GET", "/api/v1/workgroups/outputs", expect=expect(OK, anonymous=UNAUTHORIZED)),
]
