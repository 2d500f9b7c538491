"""GET /api/v1/bespoke/clusters/{id}/days: a cluster's bespoke days and its allowances.

Reading needs ``get_cluster_for_user(act="view")`` (member schools' staff, its advisor, managers);
anyone else gets 404. Days are strings (a half day is "0.5").
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from uplift.bespoke import selectors
from uplift.clusters.access import get_cluster_for_user

router = Router(tags=["bespoke days"])


class DayOut(Schema):
    id: int
    date: dt.date
    school_urn: int
    type: str
    description: str
    output_day: bool
    length: str
    days: str
    delivered_by: str
    notes: str
    cost: str | None
    version: int


class DaysOut(Schema):
    cluster: int
    allowance: int
    output_allowance: int
    used: str
    output_used: str
    remaining: str
    days: list[DayOut]


@router.get("/clusters/{id}/days", response=DaysOut, summary="A cluster's bespoke days")
def days(request: HttpRequest, id: int) -> dict:
    cluster = get_cluster_for_user(request.user, id, act="view")
    logged = list(selectors.days_for(cluster))
    s = selectors.summary(cluster, logged)
    return {
        "cluster": cluster.pk,
        "allowance": s.allowance,
        "output_allowance": s.output_allowance,
        "used": selectors.fmt_days(s.used),
        "output_used": selectors.fmt_days(s.output_used),
        "remaining": selectors.fmt_days(s.remaining),
        "days": [
            {
                "id": d.pk,
                "date": d.on,
                "school_urn": d.school.urn,
                "type": d.day_type,
                "description": d.description,
                "output_day": d.is_output_day,
                "length": d.length,
                "days": selectors.fmt_days(d.days),
                "delivered_by": d.delivered_by,
                "notes": d.notes,
                "cost": f"{d.ledger_entry.amount:.2f}" if d.ledger_entry else None,
                "version": d.version,
            }
            for d in logged
        ],
    }
