"""GET /api/v1/funding/clusters/{id}/ledger: a cluster's budget, totals and ledger entries.

Reading needs ``get_cluster_for_user(act="view")`` (member schools' staff, its advisor, managers);
anyone else gets 404. Amounts are strings with two decimal places (exact, never floats).
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from uplift.clusters.access import get_cluster_for_user
from uplift.funding import selectors

router = Router(tags=["funding"])


class CategoryOut(Schema):
    category: str
    label: str
    committed: str
    spent: str


class EntryOut(Schema):
    id: int
    date: dt.date
    kind: str
    category: str
    amount: str
    committed_amount: str | None
    description: str
    school_urn: int | None
    version: int


class LedgerOut(Schema):
    cluster: int
    budget: str
    committed: str
    spent: str
    remaining: str
    by_category: list[CategoryOut]
    entries: list[EntryOut]


@router.get("/clusters/{id}/ledger", response=LedgerOut, summary="A cluster's funding ledger")
def ledger(request: HttpRequest, id: int) -> dict:
    cluster = get_cluster_for_user(request.user, id, act="view")
    totals = selectors.totals(cluster)
    return {
        "cluster": cluster.pk,
        "budget": f"{totals.budget:.2f}",
        "committed": f"{totals.committed:.2f}",
        "spent": f"{totals.spent:.2f}",
        "remaining": f"{totals.remaining:.2f}",
        "by_category": [
            {"category": c.category, "label": c.label, "committed": f"{c.committed:.2f}", "spent": f"{c.spent:.2f}"}
            for c in totals.by_category
        ],
        "entries": [
            {
                "id": e.pk,
                "date": e.on,
                "kind": e.kind,
                "category": e.category,
                "amount": f"{e.amount:.2f}",
                "committed_amount": None if e.committed_amount is None else f"{e.committed_amount:.2f}",
                "description": e.description,
                "school_urn": e.school.urn if e.school_id else None,
                "version": e.version,
            }
            for e in selectors.ledger(cluster)
        ],
    }
