"""GET /api/v1/coaching/clusters/{cluster_id}: a cluster's coaching hours (never notes).

Whoever may view the cluster (``get_cluster_for_user``) reads its totals; its advisor and programme
managers also get hours and sessions per coachee. Session notes are not in the API at all.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from uplift.clusters.access import get_cluster_for_user, runs_cluster
from uplift.coaching.selectors import coachee_rows, coaching_usage

router = Router(tags=["coaching"])


class CoacheeOut(Schema):
    coaching_id: int
    coachee: str
    school_urn: int
    coach: str | None
    status: str
    sessions_held: int
    hours_used: Decimal


class CoachingOut(Schema):
    cluster_id: int
    hours_allowance: int
    sessions_allowance: int
    hours_used: Decimal
    detail: str
    # Only for the cluster's advisor and programme managers; empty for member schools' staff.
    coachees: list[CoacheeOut]


@router.get("/clusters/{cluster_id}", response=CoachingOut, summary="A cluster's coaching hours")
def cluster_coaching(request: HttpRequest, cluster_id: int) -> dict:
    cluster = get_cluster_for_user(request.user, cluster_id)
    usage = coaching_usage(cluster)
    runs = runs_cluster(request.user, cluster)
    return {
        "cluster_id": cluster.pk,
        "hours_allowance": cluster.coaching_hours,
        "sessions_allowance": cluster.coaching_sessions,
        "hours_used": usage.used,
        "detail": usage.detail,
        "coachees": [
            {
                "coaching_id": row.coaching.pk,
                "coachee": str(row.coaching.coachee),
                "school_urn": row.coaching.school.urn,
                "coach": str(row.coaching.coach) if row.coaching.coach else None,
                "status": row.coaching.status,
                "sessions_held": row.sessions_held,
                "hours_used": row.hours_used,
            }
            for row in (coachee_rows(cluster) if runs else [])
        ],
    }
