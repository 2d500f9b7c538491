"""Reads of a school's action plan (access is checked by the caller first)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from uplift.accounts.models import User
from uplift.actions.models import OPEN_STATUSES, Action, ActionStatus
from uplift.frameworks.models import CpdTopic, Dimension, Framework

if TYPE_CHECKING:
    from uplift.schools.models import School

__all__ = [
    "EXPORT_HEADERS",
    "PlanCounts",
    "PlanFilters",
    "export_rows",
    "plan_counts",
    "plan_for",
    "school_members",
]


@dataclass(frozen=True)
class PlanFilters:
    dimension: str = ""  # a dimension slug (stable across framework versions)
    owner: int | None = None
    status: str = ""  # an ActionStatus, or "open" for planned and in progress
    overdue: bool = False


@dataclass(frozen=True)
class PlanCounts:
    total: int
    planned: int
    in_progress: int
    done: int
    dropped: int
    overdue: int

    @property
    def open(self) -> int:
        return self.planned + self.in_progress


def plan_for(school: School, filters: PlanFilters | None = None) -> QuerySet[Action]:
    """The school's actions, soonest due first, filtered; owner, dimension and aspect loaded."""
    actions = Action.objects.filter(school=school).select_related("owner", "dimension", "aspect")
    filters = filters or PlanFilters()
    if filters.dimension:
        actions = actions.filter(dimension__slug=filters.dimension)
    if filters.owner:
        actions = actions.filter(owner_id=filters.owner)
    if filters.status == "open":
        actions = actions.filter(status__in=OPEN_STATUSES)
    elif filters.status in ActionStatus.values:
        actions = actions.filter(status=filters.status)
    if filters.overdue:
        actions = actions.overdue()
    return actions.order_by("due_date", "pk")


def plan_counts(school: School) -> PlanCounts:
    """How many of the school's actions are in each status, and how many are overdue (one query)."""
    today = timezone.localdate()
    counts = Action.objects.filter(school=school).aggregate(
        total=Count("pk"),
        planned=Count("pk", filter=Q(status=ActionStatus.PLANNED)),
        in_progress=Count("pk", filter=Q(status=ActionStatus.IN_PROGRESS)),
        done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        dropped=Count("pk", filter=Q(status=ActionStatus.DROPPED)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_date__lt=today)),
    )
    return PlanCounts(**counts)


def school_members(school: School) -> QuerySet[User]:
    """The people who may own the school's actions: its members, by name."""
    return User.objects.filter(school_memberships__school=school, is_active=True).order_by("full_name", "email")


def plan_dimensions(school: School) -> list[tuple[str, str]]:
    """(slug, title) of the current framework's dimensions, for the filter."""
    framework = Framework.objects.current()
    if framework is None:
        return []
    return list(Dimension.objects.filter(framework=framework).order_by("order").values_list("slug", "title"))


EXPORT_HEADERS = [
    "Action",
    "Details",
    "Owner",
    "Due date",
    "Status",
    "Overdue",
    "Dimension",
    "Aspect",
    "CPD topic",
    "Created",
    "Last changed",
]


def export_rows(actions: QuerySet[Action]) -> list[list[object]]:
    """One row per action, in the order of ``EXPORT_HEADERS`` (dates as dates, for spreadsheets)."""
    topics = dict(CpdTopic.objects.values_list("slug", "title"))
    rows = []
    for action in actions:
        rows.append(
            [
                action.title,
                action.detail,
                str(action.owner) if action.owner else "",
                action.due_date,
                action.get_status_display(),
                "Yes" if action.is_overdue else "No",
                action.dimension.title,
                action.aspect.title if action.aspect else "",
                topics.get(action.cpd_topic, action.cpd_topic),
                timezone.localtime(action.created_at).date(),
                timezone.localtime(action.updated_at).date(),
            ]
        )
    return rows
