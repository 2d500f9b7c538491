"""GET /api/v1/schools/{urn}/actions: the school's action plan, with the plan page's filters and rules.

Reading needs sight of the school (members incl. governors, its trust leads, programme staff in scope);
anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema

from uplift.actions.models import Action
from uplift.actions.selectors import PlanFilters, plan_for
from uplift.schools.access import get_school_for_user

router = Router(tags=["actions"])


class ActionOut(Schema):
    id: int
    title: str
    detail: str
    owner: str | None
    owner_email: str | None
    due_date: dt.date
    status: str
    overdue: bool
    dimension: str
    aspect: str | None
    cpd_topic: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_owner(action: Action) -> str | None:
        return str(action.owner) if action.owner else None

    @staticmethod
    def resolve_owner_email(action: Action) -> str | None:
        return action.owner.email if action.owner else None

    @staticmethod
    def resolve_overdue(action: Action) -> bool:
        return action.is_overdue

    @staticmethod
    def resolve_dimension(action: Action) -> str:
        return action.dimension.slug

    @staticmethod
    def resolve_aspect(action: Action) -> str | None:
        return action.aspect.slug if action.aspect else None


class PlanQuery(Schema):
    dimension: str = ""
    owner: int | None = None
    status: str = ""
    overdue: bool = False


@router.get("/{urn}/actions", response=list[ActionOut], summary="A school's action plan")
def school_actions(request: HttpRequest, urn: int, filters: Query[PlanQuery]) -> list[Action]:
    """Soonest due first. Filters: dimension (slug), owner (user id), status (or "open"), overdue."""
    school = get_school_for_user(request.user, urn)
    return list(plan_for(school, PlanFilters(**filters.dict())))
