"""The Quality Mark in the API under /api/v1/quality-mark/.

- ``GET /register`` and ``GET /verify/{number}``: open, read-only (no authentication), the same as the
  public pages - never more.
- Applications: assessors see the ones allocated to them or given them to moderate, programme
  managers those in their scope (national: all; regional: their region's)
  (``get_application_for_user(act="review")``), each with its review, moderation and audit trail;
  the allocated assessor records aspect outcomes and decides (``act="assess"``); the moderator
  records the second look (``act="moderate"``); a manager settles a disagreement (``act="manage"``),
  all through the same services as the pages.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from uplift.accounts.access import manager_scope, require_programme_role
from uplift.accounts.models import ProgrammeRole
from uplift.qualitymark import selectors, services
from uplift.qualitymark.access import get_application_for_user
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
    moderator: str | None
    resubmission_of: int | None
    renews_award: str | None
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_moderator(application: Application) -> str | None:
        return application.moderator.full_name if application.moderator else None

    @staticmethod
    def resolve_renews_award(application: Application) -> str | None:
        return application.renews.number if application.renews else None

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


class ModerationOut(Schema):
    proposed_outcome: str
    proposed_by: str | None
    proposed_at: dt.datetime | None
    moderator: str | None
    # None until the moderator has looked; false = a disagreement for a programme manager.
    agrees: bool | None
    comment: str
    moderated_at: dt.datetime | None
    done: bool


class AuditOut(Schema):
    action: str
    by: str | None
    at: dt.datetime
    detail: str


class ApplicationDetail(ApplicationSummary):
    statement: str
    decision_summary: str
    aspects: list[AspectOut]
    moderation: ModerationOut | None
    audit: list[AuditOut]
    award_number: str | None

    @staticmethod
    def resolve_moderation(application: Application) -> dict | None:
        if not application.proposed_outcome:
            return None
        return {
            "proposed_outcome": application.proposed_outcome,
            "proposed_by": application.proposed_by.full_name if application.proposed_by else None,
            "proposed_at": application.proposed_at,
            "moderator": application.moderator.full_name if application.moderator else None,
            "agrees": application.moderation_agrees,
            "comment": application.moderation_comment,
            "moderated_at": application.moderated_at,
            "done": application.moderation_done,
        }

    @staticmethod
    def resolve_audit(application: Application) -> list[dict]:
        return [
            {
                "action": event.action,
                "by": event.by.full_name if event.by else None,
                "at": event.at,
                "detail": event.detail,
            }
            for event in application.audit_events.select_related("by")
        ]

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


class ModerationIn(Schema):
    agrees: bool
    comment: str = ""


class ResolutionIn(Schema):
    # true: release the assessor's proposed decision; false: return the application to the assessor.
    release: bool
    note: str = ""


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
    """Assessors: the applications allocated to them or given them to moderate; programme managers: those
    in their scope (national: all; regional: their region's). ``status``: open, all, attention, or one
    status."""
    memberships = require_programme_role(request.user, ProgrammeRole.ASSESSOR, ProgrammeRole.MANAGER)
    rule = Q(pk__in=[])
    if any(m.role == ProgrammeRole.ASSESSOR for m in memberships):
        rule |= Q(assessor=request.user) | Q(moderator=request.user)
    scope = manager_scope(request.user)
    if scope is not None:
        rule |= scope.schools("school__")
    found = (
        selectors.manager_queue(status=filters.status, sort="due").filter(rule).select_related("moderator", "renews")
    )
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


@router.post("/applications/{application_id}/moderation", response=ApplicationDetail, summary="Record the moderation")
def moderate(request: HttpRequest, application_id: int, payload: ModerationIn) -> Application:
    """The moderator: ``agrees`` releases the proposed decision; disagreeing (a ``comment`` is needed)
    sends it to a programme manager."""
    application = get_application_for_user(request.user, application_id, act="moderate")
    try:
        return services.moderation_record(
            application=application, agrees=payload.agrees, comment=payload.comment, by=request.user
        )
    except services.ApplicationError as exc:
        raise HttpError(409, str(exc)) from exc


@router.post("/applications/{application_id}/resolution", response=ApplicationDetail, summary="Settle a disagreement")
def resolve(request: HttpRequest, application_id: int, payload: ResolutionIn) -> Application:
    """A programme manager settles a moderation disagreement: release the proposed decision, or return the
    application to its assessor."""
    application = get_application_for_user(request.user, application_id, act="manage")
    try:
        return services.moderation_resolve(
            application=application, release=payload.release, note=payload.note, by=request.user
        )
    except services.ApplicationError as exc:
        raise HttpError(409, str(exc)) from exc
