"""The Quality Mark in the API under /api/v1/quality-mark/.

- ``GET /register`` and ``GET /verify/{number}``: open, read-only (no authentication), the same as the
  public pages - never more.
- Applications: assessors see the ones allocated to them, programme managers all of them
  (``get_application_for_user(act="review")``); the allocated assessor records aspect outcomes and
  decides (``act="assess"``), through the same services as the pages.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from uplift.accounts.access import get_application_for_user, is_programme_manager, require_programme_role
from uplift.accounts.models import ProgrammeRole
from uplift.qualitymark import selectors, services
from uplift.qualitymark.models import Application, Award, ReviewOutcome

router = Router(tags=["quality mark"])


class RegisterEntry(Schema):
    school: str
    town: str
    region: str
    awarded_on: dt.date
    expires_on: dt.date
    number: str

    @staticmethod
    def resolve_school(award: Award) -> str:
        return award.school_name

    @staticmethod
    def resolve_town(award: Award) -> str:
        return award.school.town

    @staticmethod
    def resolve_region(award: Award) -> str:
        return award.school.region.name if award.school.region else ""


class Verification(Schema):
    number: str
    school: str
    awarded_on: dt.date
    expires_on: dt.date
    status: str

    @staticmethod
    def resolve_school(award: Award) -> str:
        return award.school_name

    @staticmethod
    def resolve_status(award: Award) -> str:
        return award.status_label.lower()


class ApplicationSummary(Schema):
    id: int
    school_urn: int
    school: str
    status: str
    submitted_at: dt.datetime
    due_by: dt.datetime
    overdue: bool
    assessor: str | None
    resubmission_of: int | None
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_school_urn(application: Application) -> int:
        return application.school.urn

    @staticmethod
    def resolve_school(application: Application) -> str:
        return application.school.name

    @staticmethod
    def resolve_overdue(application: Application) -> bool:
        return application.is_overdue

    @staticmethod
    def resolve_assessor(application: Application) -> str | None:
        return application.assessor.full_name if application.assessor else None

    @staticmethod
    def resolve_resubmission_of(application: Application) -> int | None:
        return application.parent_id


class AspectOut(Schema):
    slug: str
    title: str
    level: int | None
    to_review: bool
    outcome: str | None
    comment: str


class ApplicationDetail(ApplicationSummary):
    statement: str
    aspects: list[AspectOut]
    award_number: str | None

    @staticmethod
    def resolve_aspects(application: Application) -> list[dict]:
        return [
            {
                "slug": row.aspect["slug"],
                "title": row.aspect["title"],
                "level": row.aspect["level"],
                "to_review": row.to_review,
                "outcome": row.review.outcome if row.review else None,
                "comment": row.review.comment if row.review else "",
            }
            for row in selectors.review_progress(application).rows
        ]

    @staticmethod
    def resolve_award_number(application: Application) -> str | None:
        award = Award.objects.filter(application=application).first()
        return award.number if award else None


class ApplicationQuery(Schema):
    status: str = "open"


class ReviewIn(Schema):
    outcome: str
    comment: str = ""


class DecideIn(Schema):
    summary: str = ""


@router.get("/register", response=list[RegisterEntry], auth=None, summary="The public register of holders")
def register(request: HttpRequest, q: str = "") -> list[Award]:
    """Current holders who agreed to be listed; ``q`` searches school name, town and region."""
    return list(selectors.register(q))


@router.get("/verify/{number}", response=Verification, auth=None, summary="Verify a Quality Mark number")
def verify(request: HttpRequest, number: str) -> Award:
    award = Award.objects.filter(number=number.strip().upper()).first()
    if award is None:
        raise Http404("No such award")
    return award


@router.get("/applications", response=list[ApplicationSummary], summary="Applications to assess or manage")
def applications(request: HttpRequest, filters: Query[ApplicationQuery]) -> list[Application]:
    """Assessors: the applications allocated to them; programme managers: all. ``status``: open, all,
    or one status."""
    require_programme_role(request.user, ProgrammeRole.ASSESSOR, ProgrammeRole.MANAGER)
    found = selectors.manager_queue(status=filters.status, sort="due")
    if not is_programme_manager(request.user):
        found = found.filter(assessor=request.user)
    return list(found[:500])


@router.get("/applications/{application_id}", response=ApplicationDetail, summary="One application and its review")
def application_detail(request: HttpRequest, application_id: int) -> Application:
    return get_application_for_user(request.user, application_id, act="review")


@router.put(
    "/applications/{application_id}/aspects/{slug}", response=ApplicationDetail, summary="Record an aspect's outcome"
)
def review_aspect(request: HttpRequest, application_id: int, slug: str, payload: ReviewIn) -> Application:
    """The allocated assessor: ``outcome`` is ``meets`` or ``not_yet`` (which needs a ``comment``)."""
    application = get_application_for_user(request.user, application_id, act="assess")
    if application.aspect(slug) is None:
        raise Http404("No such aspect")
    if payload.outcome not in ReviewOutcome.values:
        raise HttpError(422, "outcome must be 'meets' or 'not_yet'.")
    try:
        services.aspect_review_record(
            application=application, aspect_slug=slug, outcome=payload.outcome, comment=payload.comment, by=request.user
        )
    except services.ApplicationError as exc:
        raise HttpError(409, str(exc)) from exc
    application.refresh_from_db()
    return application


@router.post("/applications/{application_id}/decision", response=ApplicationDetail, summary="Release the decision")
def decide(request: HttpRequest, application_id: int, payload: DecideIn) -> Application:
    """The allocated assessor, once every aspect is reviewed: awarded, or not yet."""
    application = get_application_for_user(request.user, application_id, act="assess")
    try:
        return services.application_decide(application=application, summary=payload.summary, by=request.user)
    except services.ApplicationError as exc:
        raise HttpError(409, str(exc)) from exc
