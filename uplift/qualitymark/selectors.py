"""Reads for the Quality Mark pages: a school's applications, the review's progress, the queues and the
public register. Each runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from uplift.accounts.access import manager_scope
from uplift.accounts.models import User
from uplift.qualitymark.models import (
    DECIDED_STATUSES,
    OPEN_STATUSES,
    Application,
    ApplicationStatus,
    AspectReview,
    Award,
    ReviewOutcome,
)
from uplift.schools.models import School


@dataclass(frozen=True)
class AspectRow:
    """One aspect of an application's frozen snapshot with its review (None until reviewed)."""

    aspect: dict
    review: AspectReview | None

    @property
    def to_review(self) -> bool:
        return bool(self.aspect.get("to_review", True))

    @property
    def meets(self) -> bool:
        return self.review is not None and self.review.outcome == ReviewOutcome.MEETS


@dataclass(frozen=True)
class ReviewProgress:
    rows: list[AspectRow]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def reviewed(self) -> int:
        return sum(1 for row in self.rows if row.review is not None)

    @property
    def not_yet(self) -> list[AspectRow]:
        return [row for row in self.rows if row.review is not None and not row.meets]

    @property
    def complete(self) -> bool:
        return self.reviewed == self.total

    def next_after(self, slug: str) -> str | None:
        """The next aspect still to review after ``slug`` (wrapping round), or None when all are done."""
        slugs = [row.aspect["slug"] for row in self.rows]
        start = slugs.index(slug) + 1 if slug in slugs else 0
        for row in self.rows[start:] + self.rows[:start]:
            if row.review is None and row.aspect["slug"] != slug:
                return row.aspect["slug"]
        return None


def review_progress(application: Application) -> ReviewProgress:
    """Every aspect of the snapshot, in framework order, with its review (1 query)."""
    reviews = {review.aspect_slug: review for review in application.reviews.select_related("reviewer")}
    return ReviewProgress([AspectRow(aspect, reviews.get(aspect["slug"])) for aspect in application.aspects])


def school_applications(school: School) -> list[Application]:
    """The school's applications, newest first, with their awards."""
    return list(
        Application.objects.filter(school=school).select_related("award", "submitted_by").order_by("-submitted_at")
    )


def current_award(school: School) -> Award | None:
    return Award.objects.current().filter(school=school).order_by("-awarded_on").first()


def assessor_queue(user: User) -> tuple[list[Application], list[Application]]:
    """The assessor's open applications (oldest due first) and those they decided (newest first)."""
    mine = (
        Application.objects.filter(assessor=user)
        .select_related("school")
        .annotate(reviewed=Count("reviews", filter=Q(reviews__carried=False)))
    )
    return (
        list(mine.filter(status__in=OPEN_STATUSES).order_by("due_by", "pk")),
        list(mine.filter(status__in=DECIDED_STATUSES).order_by("-decided_at")[:50]),
    )


def moderation_queue(user: User) -> list[Application]:
    """Proposed decisions waiting for this assessor's second look, oldest first."""
    return list(
        Application.objects.filter(moderator=user, status=ApplicationStatus.MODERATION, moderation_agrees__isnull=True)
        .select_related("school", "assessor")
        .order_by("proposed_at", "pk")
    )


MANAGER_SORTS = {
    "oldest": ("submitted_at", "pk"),
    "newest": ("-submitted_at", "-pk"),
    "due": ("due_by", "pk"),
    "assessor": ("assessor__full_name", "submitted_at"),
    "school": ("school__name", "submitted_at"),
}


def manager_queue(
    *,
    user: User | None = None,
    status: str = "open",
    assessor_id: int | None = None,
    overdue: bool = False,
    sort: str = "oldest",
) -> QuerySet[Application]:
    """The applications a programme manager handles (``accounts.access.manager_scope``: national managers all, regional
    ones their region's; every application when ``user`` is None), filtered by status (``open``,
    ``all``, ``attention`` = disagreements, no moderator or no assessor, or one status), assessor
    (0 = nobody yet) and overdue, sorted by age, due date, assessor or school."""
    applications = Application.objects.select_related("school", "assessor").annotate(
        reviewed=Count("reviews", filter=Q(reviews__carried=False))
    )
    if user is not None:
        scope = manager_scope(user)
        applications = applications.filter(scope.schools("school__")) if scope is not None else applications.none()
    if status == "open":
        applications = applications.filter(status__in=OPEN_STATUSES)
    elif status == "attention":
        applications = applications.filter(
            Q(status=ApplicationStatus.SUBMITTED, assessor__isnull=True)
            | Q(status=ApplicationStatus.MODERATION, moderation_agrees=False)
            | Q(status=ApplicationStatus.MODERATION, moderator__isnull=True)
        )
    elif status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    if assessor_id == 0:
        applications = applications.filter(assessor__isnull=True)
    elif assessor_id:
        applications = applications.filter(assessor_id=assessor_id)
    if overdue:
        applications = applications.filter(status__in=OPEN_STATUSES, due_by__lt=timezone.now())
    return applications.order_by(*MANAGER_SORTS.get(sort, MANAGER_SORTS["oldest"]))


def register(query: str = "") -> QuerySet[Award]:
    """The public register: current awards of schools that consented to publication, searchable by school
    name, town or region."""
    awards = (
        Award.objects.current()
        .not_superseded()
        .filter(application__consent_to_publish=True)
        .select_related("school", "school__region")
        .order_by("school_name", "pk")
    )
    query = query.strip()
    if query:
        awards = awards.filter(
            Q(school_name__icontains=query)
            | Q(school__town__icontains=query)
            | Q(school__region__name__icontains=query)
        )
    return awards
