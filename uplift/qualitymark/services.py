"""Writes for the Quality Mark. Each service is keyword-only, transactional and records an AuditEvent.

submit -> allocate (automatic, or a manager's reassignment) -> aspect reviews -> decide
(awarded: an Award; not yet: per-aspect feedback) -> resubmit the gaps within 6 months.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from uplift.accounts.models import ProgrammeRole, SchoolMembership, TrustMembership, User
from uplift.assessments.selectors import assessment_progress, current_assessment
from uplift.evidence.models import EvidenceItem, EvidenceKind
from uplift.frameworks.models import LevelStatement
from uplift.qualitymark import emails
from uplift.qualitymark.models import (
    DECISION_DAYS,
    OPEN_STATUSES,
    REMINDER_MONTHS,
    Application,
    ApplicationStatus,
    AspectReview,
    AuditAction,
    AuditEvent,
    Award,
    AwardReminder,
    FrozenEvidence,
    ReviewOutcome,
    add_months,
    subtract_months,
)
from uplift.schools.models import Phase, School

__all__ = [
    "ApplicationError",
    "NotEligible",
    "application_allocate",
    "application_decide",
    "application_reassign",
    "application_resubmit",
    "application_submit",
    "aspect_review_record",
    "assessor_conflicts",
    "award_reminders_send",
    "award_revoke",
    "awards_expire",
    "eligible_assessors",
    "moderation_record",
    "moderation_resolve",
    "moderator_assign",
    "needs_moderation",
    "renewable_award",
]


class ApplicationError(Exception):
    """A Quality Mark action that the rules do not allow now; the message says why."""


class NotEligible(ApplicationError):
    """The school does not meet the Quality Mark standard yet. ``missing`` = [(aspect title, slug, reason)]."""

    def __init__(self, missing: list[tuple[str, str, str]]) -> None:
        self.missing = missing
        super().__init__("The school is not eligible to apply yet: " + "; ".join(f"{t}: {r}" for t, _s, r in missing))


def _audit(application: Application, action: AuditAction, by: User | None, detail: str = "") -> None:
    AuditEvent.objects.create(application=application, action=action, by=by, detail=detail[:500])


def _freeze(school: School, *, only: set[str] | None = None, parent: Application | None = None) -> tuple[dict, list]:
    """The snapshot of the school's current judgements, and the evidence items they cite.

    With ``parent`` (a resubmission) the aspects outside ``only`` are copied from the parent's
    snapshot as they were accepted; the aspects in ``only`` are frozen afresh and marked ``to_review``.
    Raises ``NotEligible`` when an aspect to be frozen afresh does not meet the standard.
    """
    assessment = current_assessment(school)
    if assessment is None:
        raise NotEligible([("Self-assessment", "", "not started yet")])
    progress = assessment_progress(assessment)
    previous = {aspect["slug"]: aspect for aspect in parent.aspects} if parent else {}

    def fresh(slug: str) -> bool:
        # Frozen afresh (and reviewed): every aspect, or on a resubmission the gaps and any aspect the
        # previous application did not have (a new framework version).
        return only is None or slug in only or slug not in previous

    missing = [(a.title, a.slug, reason) for a, reason in progress.missing_for_mark if fresh(a.slug)]
    if missing or progress.total == 0:
        raise NotEligible(missing or [("Self-assessment", "", "the framework has no aspects")])
    judgements = {j.aspect_id: j for j in assessment.judgements.prefetch_related("evidence").select_related("aspect")}
    statements = {
        (s.aspect_id, s.level): s
        for s in LevelStatement.objects.filter(aspect__framework=progress.framework).select_related("aspect")
    }
    phase = _framework_phase(school)
    aspects, evidence = [], []
    for item in progress.aspects:
        slug = item.aspect.slug
        if not fresh(slug):
            aspects.append({**previous[slug], "to_review": False})
            continue
        judgement = judgements[item.aspect.pk]
        statement = statements.get((item.aspect.pk, judgement.level))
        items = list(judgement.evidence.all())
        evidence.extend(items)
        aspects.append(
            {
                "slug": slug,
                "title": item.aspect.title,
                "dimension_slug": item.aspect.dimension.slug,
                "dimension_title": item.aspect.dimension.title,
                "level": judgement.level,
                "statement": statement.statement_for(phase) if statement else "",
                "current_position": judgement.current_position,
                "evidence_commentary": judgement.evidence_commentary,
                "improvement_actions": judgement.improvement_actions,
                "evidence": [{"id": e.pk, "title": e.title, "kind": e.kind} for e in items],
                "to_review": True,
            }
        )
    if parent:
        evidence.extend(parent.frozen_evidence.filter(source_pk__in=_evidence_ids(aspects, carried=True)))
    snapshot = {
        "framework": {
            "slug": progress.framework.slug,
            "version": progress.framework.version,
            "title": progress.framework.title,
        },
        "threshold": progress.framework.threshold_level,
        "phase": phase or "",
        "aspects": aspects,
    }
    return snapshot, evidence


def _framework_phase(school: School) -> str | None:
    try:
        return Phase(school.phase).framework_phase
    except ValueError:
        return None


def _evidence_ids(aspects: list[dict], *, carried: bool) -> set[int]:
    return {e["id"] for a in aspects if a.get("to_review", True) is not carried for e in a["evidence"]}


def _copy_evidence(application: Application, items: list[EvidenceItem | FrozenEvidence]) -> None:
    """Freeze the cited evidence with the application: a copy of each library item (its stored file
    copied too), so later edits or deletion in the library change nothing the assessor reads. Copies
    carried from the previous application (a resubmission) share its stored file."""
    copies: dict[int, FrozenEvidence] = {}
    for item in items:
        source_pk = item.source_pk if isinstance(item, FrozenEvidence) else item.pk
        if source_pk in copies:
            continue
        copy = FrozenEvidence(
            application=application,
            source_pk=source_pk,
            kind=item.kind,
            title=item.title,
            description=item.description,
            date=item.date,
            original_filename=item.original_filename,
            content_type=item.content_type,
            size=item.size,
            url=item.url,
            note=item.note,
        )
        if isinstance(item, FrozenEvidence):
            copy.file = item.file.name
        elif item.kind == EvidenceKind.FILE and item.file:
            try:
                with item.file.open("rb") as handle:
                    copy.file.save(item.original_filename or f"evidence-{item.pk}", File(handle), save=False)
            except (FileNotFoundError, ValueError):
                pass  # the library's file is already missing: the copy says so when opened
        copies[source_pk] = copy
    FrozenEvidence.objects.bulk_create(copies.values())


def _hub_leads(school: School) -> list[User]:
    if school.local_authority_id is None:
        return []
    return list(
        User.objects.filter(
            is_active=True,
            programme_memberships__role=ProgrammeRole.HUB_LEAD,
            programme_memberships__hub__local_authorities=school.local_authority_id,
        ).distinct()
    )


def renewable_award(school: School) -> Award | None:
    """The award a new application by ``school`` renews: its latest unrevoked award not yet followed by a
    renewal's award (current or expired), or None (a first application, or after a revocation)."""
    latest = Award.objects.filter(school=school).order_by("-awarded_on", "-pk").first()
    if latest is None or latest.is_revoked:
        return None
    return Award.objects.not_superseded().filter(pk=latest.pk).first()


@transaction.atomic
def application_submit(*, school: School, statement: str, consent_to_publish: bool, by: User) -> Application:
    """Apply for the Quality Mark with the school's current self-assessment, frozen as it is now.

    Only when the school is eligible (every aspect complete and at the threshold), else
    ``NotEligible`` lists what is missing. One open application at a time (``ApplicationError``).
    Allocates an assessor automatically (it stays waiting if none is free of conflict) and tells the
    school's hub lead(s).

    A school holding an award renews it (``renews``) from its last ``RENEWAL_MONTHS`` months, or at
    any time once it has expired; the renewal's award follows on from it (``_issue_award``).
    """
    if not statement.strip():
        raise ApplicationError("Add a statement from the headteacher or a senior leader.")
    if Application.objects.filter(school=school, status__in=OPEN_STATUSES).exists():
        raise ApplicationError("Your school already has an application being assessed.")
    renews = renewable_award(school)
    if renews is not None and timezone.localdate() < renews.renewal_opens_on:
        raise ApplicationError(
            f"Your Quality Mark is current until {renews.expires_on:%-d %B %Y}: "
            f"you can apply to renew it from {renews.renewal_opens_on:%-d %B %Y}."
        )
    snapshot, evidence = _freeze(school)
    return _create(
        school=school,
        snapshot=snapshot,
        evidence=evidence,
        statement=statement,
        consent_to_publish=consent_to_publish,
        by=by,
        parent=None,
        renews=renews,
    )


def _create(
    *,
    school: School,
    snapshot: dict,
    evidence: list,
    statement: str,
    consent_to_publish: bool,
    by: User,
    parent: Application | None,
    renews: Award | None = None,
) -> Application:
    now = timezone.now()
    try:
        with transaction.atomic():
            application = Application.objects.create(
                school=school,
                assessment=current_assessment(school),
                snapshot=snapshot,
                statement=statement.strip(),
                consent_to_publish=consent_to_publish,
                submitted_at=now,
                submitted_by=by,
                due_by=now + timedelta(days=DECISION_DAYS),
                parent=parent,
                renews=renews,
            )
    except IntegrityError as exc:  # a colleague applied at the same moment
        raise ApplicationError("Your school already has an application being assessed.") from exc
    _copy_evidence(application, evidence)
    if parent is not None:
        AspectReview.objects.bulk_create(
            AspectReview(
                application=application,
                aspect_slug=review.aspect_slug,
                outcome=ReviewOutcome.MEETS,
                comment=review.comment,
                reviewer=review.reviewer,
                reviewed_at=review.reviewed_at,
                carried=True,
            )
            for review in parent.reviews.filter(outcome=ReviewOutcome.MEETS)
        )
    detail = [f"Resubmission of application {parent.pk}"] if parent else []
    if renews is not None:
        detail.append(f"Renews award {renews.number} (valid until {renews.expires_on:%-d %B %Y})")
    _audit(application, AuditAction.RESUBMITTED if parent else AuditAction.SUBMITTED, by, "; ".join(detail))
    preferred = parent.assessor if parent else None
    application_allocate(application=application, by=None, preferred=preferred)
    application.refresh_from_db()
    hub_leads = _hub_leads(school)
    transaction.on_commit(lambda: emails.email_submitted(application=application, hub_leads=hub_leads))
    return application


def assessor_conflicts(assessor: User, school: School) -> list[str]:
    """Why ``assessor`` may not assess ``school`` (empty when they may).

    An assessor's home is every school they belong to, those schools' trusts and local authorities,
    and every trust they lead: an applicant sharing any of these is a conflict of interest.
    """
    schools = list(School.objects.filter(memberships__user=assessor).values("pk", "trust_id", "local_authority_id"))
    trusts = {s["trust_id"] for s in schools if s["trust_id"]} | set(
        TrustMembership.objects.filter(user=assessor).values_list("trust_id", flat=True)
    )
    authorities = {s["local_authority_id"] for s in schools if s["local_authority_id"]}
    reasons = []
    if school.pk in {s["pk"] for s in schools}:
        reasons.append("works at the school")
    if school.trust_id and school.trust_id in trusts:
        reasons.append("belongs to the same trust")
    if school.local_authority_id and school.local_authority_id in authorities:
        reasons.append("works in the same local authority")
    return reasons


def _conflicted_ids(school: School) -> set[int]:
    """Every user whose home overlaps the school's (same school, trust or local authority): 3 queries."""
    rule = Q(school=school)
    if school.trust_id:
        rule |= Q(school__trust_id=school.trust_id)
    if school.local_authority_id:
        rule |= Q(school__local_authority_id=school.local_authority_id)
    ids = set(SchoolMembership.objects.filter(rule).values_list("user_id", flat=True))
    if school.trust_id:
        ids |= set(TrustMembership.objects.filter(trust_id=school.trust_id).values_list("user_id", flat=True))
    return ids


@dataclass(frozen=True)
class AssessorLoad:
    assessor: User
    open_count: int
    conflicts: list[str]


def eligible_assessors(school: School) -> list[AssessorLoad]:
    """Every active assessor with their open workload and conflicts with ``school``, lightest first."""
    conflicted = _conflicted_ids(school)
    assessors = (
        User.objects.filter(is_active=True, programme_memberships__role=ProgrammeRole.ASSESSOR)
        .distinct()
        .annotate(open_count=Count("qm_assessing", filter=Q(qm_assessing__status__in=OPEN_STATUSES), distinct=True))
        .order_by("open_count", "full_name", "pk")
    )
    return [
        AssessorLoad(a, a.open_count, assessor_conflicts(a, school) if a.pk in conflicted else []) for a in assessors
    ]


def _assign(application: Application, assessor: User) -> None:
    application.assessor = assessor
    application.allocated_at = timezone.now()
    if application.status == ApplicationStatus.SUBMITTED:
        application.status = ApplicationStatus.ALLOCATED
    application.save(update_fields=["assessor", "allocated_at", "status"])
    transaction.on_commit(lambda: emails.email_allocated(application=application))


@transaction.atomic
def application_allocate(
    *, application: Application, by: User | None = None, preferred: User | None = None
) -> User | None:
    """Give an unallocated application to the free-of-conflict assessor with the lightest open workload.

    ``preferred`` (the assessor of the application this one resubmits) is chosen when still an
    assessor and free of conflict. Returns the assessor, or None when no assessor is free of
    conflict (the application waits on the manager's queue).
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_open:
        raise ApplicationError("This application has already been decided.")
    if application.assessor_id is not None:
        return application.assessor
    candidates = [load for load in eligible_assessors(application.school) if not load.conflicts]
    chosen = next((c.assessor for c in candidates if preferred and c.assessor.pk == preferred.pk), None)
    if chosen is None and candidates:
        chosen = candidates[0].assessor
    if chosen is None:
        return None
    _assign(application, chosen)
    _audit(application, AuditAction.ALLOCATED, by, f"Allocated to {chosen.full_name or chosen.email}")
    return chosen


@transaction.atomic
def application_reassign(*, application: Application, assessor: User, by: User) -> Application:
    """A programme manager gives an open application to ``assessor`` (same conflict rule as allocation).

    The review recorded so far stays (it is the programme's, not the person's); ``ApplicationError``
    when the application is decided, the person is not an assessor, or they are conflicted.
    """
    application = Application.objects.select_for_update().select_related("school").get(pk=application.pk)
    if not (application.is_reviewable or application.status == ApplicationStatus.SUBMITTED):
        raise ApplicationError("This application can no longer be reassigned (decided, or in moderation).")
    if not assessor.is_active or not assessor.programme_memberships.filter(role=ProgrammeRole.ASSESSOR).exists():
        raise ApplicationError(f"{assessor} is not a Quality Mark assessor.")
    conflicts = assessor_conflicts(assessor, application.school)
    if conflicts:
        raise ApplicationError(f"{assessor} cannot assess this school: they {' and '.join(conflicts)}.")
    if application.assessor_id == assessor.pk:
        return application
    previous = application.assessor
    _assign(application, assessor)
    _audit(
        application,
        AuditAction.REASSIGNED,
        by,
        f"From {previous.full_name if previous else 'nobody'} to {assessor.full_name or assessor.email}",
    )
    return application


@transaction.atomic
def aspect_review_record(
    *, application: Application, aspect_slug: str, outcome: str, comment: str, by: User
) -> AspectReview:
    """The allocated assessor's outcome (meets / not yet) and comment on one aspect; may be changed until
    the decision. A "not yet" needs a comment (it is the school's feedback)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_reviewable:
        raise ApplicationError("This application is not open for review (decided, or in moderation).")
    if application.assessor_id != by.pk:
        raise ApplicationError("Only the allocated assessor records the review.")
    aspect = application.aspect(aspect_slug)
    if aspect is None or not aspect.get("to_review", True):
        raise ApplicationError("This aspect is not part of the review.")
    if outcome not in ReviewOutcome.values:
        raise ApplicationError("Choose whether the aspect meets the standard.")
    if outcome == ReviewOutcome.NOT_YET and not comment.strip():
        raise ApplicationError("Explain what is missing: the school reads this as its feedback.")
    review, _created = AspectReview.objects.update_or_create(
        application=application,
        aspect_slug=aspect_slug,
        defaults={"outcome": outcome, "comment": comment.strip(), "reviewer": by, "reviewed_at": timezone.now()},
    )
    if application.status == ApplicationStatus.ALLOCATED:
        application.status = ApplicationStatus.IN_REVIEW
        application.save(update_fields=["status"])
    _audit(application, AuditAction.REVIEWED, by, f"{aspect['title']}: {ReviewOutcome(outcome).label}")
    return review


def _issue_award(application: Application) -> Award:
    """A numbered award valid three years from the decision; a renewal's award follows on from the award
    it renews (valid three years from the day after that one ends, when it is still current)."""
    awarded_on = timezone.localdate()
    starts_on = awarded_on
    renews = application.renews
    if renews is not None and not renews.is_revoked and renews.expires_on >= awarded_on:
        starts_on = renews.expires_on + timedelta(days=1)
    for _ in range(5):  # a number collision is astronomically unlikely; retry rather than fail
        try:
            with transaction.atomic():
                return Award.objects.create(
                    application=application,
                    school=application.school,
                    school_name=application.school.name,
                    number=Award.new_number(),
                    awarded_on=awarded_on,
                    expires_on=Award.expiry_for(starts_on),
                )
        except IntegrityError:
            continue
    raise RuntimeError("Could not allocate an award number")


def moderation_share() -> float:
    """The share of decisions moderated at random (``QUALITY_MARK_MODERATION_SHARE``, default 10%)."""
    return float(getattr(settings, "QUALITY_MARK_MODERATION_SHARE", 0.10))


def needs_moderation(application: Application, *, draw: Callable[[], float] = random.random) -> bool:
    """Whether this decision goes to a second assessor before release: every first decision of an
    assessor, and a random share of the others; never twice for one application."""
    if application.moderation_done:
        return False
    earlier = (
        Application.objects.filter(Q(decided_by=application.assessor_id) | Q(proposed_by=application.assessor_id))
        .exclude(pk=application.pk)
        .exists()
    )
    return not earlier or draw() < moderation_share()


def _release(application: Application, *, outcome: str, by: User | None) -> Application:
    """Make the decision visible to the school: status, award, audit, email."""
    awarded = outcome == ApplicationStatus.AWARDED
    application.status = outcome
    application.decided_at = timezone.now()
    application.decided_by = by
    application.save(update_fields=["status", "decided_at", "decided_by"])
    _audit(application, AuditAction.DECIDED, by, application.get_status_display())
    if awarded:
        award = _issue_award(application)
        _audit(application, AuditAction.AWARDED, by, f"Award {award.number}, valid until {award.expires_on:%d %B %Y}")
    transaction.on_commit(lambda: emails.email_decided(application=application))
    return application


def _lightest_moderator(application: Application) -> User | None:
    """The free-of-conflict assessor with the lightest open workload who is not the application's assessor."""
    for load in eligible_assessors(application.school):
        if not load.conflicts and load.assessor.pk != application.assessor_id:
            return load.assessor
    return None


@transaction.atomic
def application_decide(
    *, application: Application, summary: str = "", by: User, draw: Callable[[], float] = random.random
) -> Application:
    """The allocated assessor's decision once every aspect is reviewed: awarded when all meet the standard
    (an Award, valid three years), otherwise "not yet" with each aspect's feedback for the school.

    When moderation applies (``needs_moderation``) the outcome is only proposed: the application goes
    to a second assessor (``moderation_record``) and the school sees nothing until it is released.
    """
    application = Application.objects.select_for_update().select_related("school").get(pk=application.pk)
    if not application.is_reviewable:
        raise ApplicationError("This application is not waiting for a decision.")
    if application.assessor_id != by.pk:
        raise ApplicationError("Only the allocated assessor decides.")
    reviews = {r.aspect_slug: r for r in application.reviews.all()}
    unreviewed = [a["title"] for a in application.aspects if a["slug"] not in reviews]
    if unreviewed:
        raise ApplicationError(f"Review every aspect first ({len(unreviewed)} still to review).")
    awarded = all(reviews[a["slug"]].outcome == ReviewOutcome.MEETS for a in application.aspects)
    outcome = ApplicationStatus.AWARDED if awarded else ApplicationStatus.NOT_YET
    application.decision_summary = summary.strip()
    application.save(update_fields=["decision_summary"])
    if not needs_moderation(application, draw=draw):
        return _release(application, outcome=outcome, by=by)
    application.status = ApplicationStatus.MODERATION
    application.proposed_outcome = outcome
    application.proposed_by = by
    application.proposed_at = timezone.now()
    application.moderator = _lightest_moderator(application)
    application.moderation_agrees = None
    application.save(
        update_fields=["status", "proposed_outcome", "proposed_by", "proposed_at", "moderator", "moderation_agrees"]
    )
    moderator = application.moderator
    _audit(
        application,
        AuditAction.PROPOSED,
        by,
        f"Proposed: {ApplicationStatus(outcome).label}; moderator: {moderator.full_name if moderator else 'none free'}",
    )
    if moderator is not None:
        transaction.on_commit(lambda: emails.email_moderation(application=application))
    return application


@transaction.atomic
def moderator_assign(*, application: Application, moderator: User, by: User) -> Application:
    """A programme manager chooses the second assessor for an application in moderation (never its own
    assessor, never a conflicted one)."""
    application = Application.objects.select_for_update().select_related("school").get(pk=application.pk)
    if application.status != ApplicationStatus.MODERATION or application.moderation_agrees is not None:
        raise ApplicationError("This application is not waiting for a moderator.")
    if moderator.pk == application.assessor_id:
        raise ApplicationError("The moderator must be a different assessor.")
    if not moderator.is_active or not moderator.programme_memberships.filter(role=ProgrammeRole.ASSESSOR).exists():
        raise ApplicationError(f"{moderator} is not a Quality Mark assessor.")
    conflicts = assessor_conflicts(moderator, application.school)
    if conflicts:
        raise ApplicationError(f"{moderator} cannot moderate this school: they {' and '.join(conflicts)}.")
    application.moderator = moderator
    application.save(update_fields=["moderator"])
    _audit(application, AuditAction.REASSIGNED, by, f"Moderator: {moderator.full_name or moderator.email}")
    transaction.on_commit(lambda: emails.email_moderation(application=application))
    return application


@transaction.atomic
def moderation_record(*, application: Application, agrees: bool, comment: str, by: User) -> Application:
    """The moderator's second look. Agreeing releases the assessor's decision; disagreeing (with a
    reason) sends the application to a programme manager (``moderation_resolve``)."""
    application = Application.objects.select_for_update().select_related("school").get(pk=application.pk)
    if application.status != ApplicationStatus.MODERATION or application.moderation_agrees is not None:
        raise ApplicationError("This application is not waiting for moderation.")
    if application.moderator_id != by.pk:
        raise ApplicationError("Only the moderator records the moderation.")
    if not agrees and not comment.strip():
        raise ApplicationError("Explain why you disagree: the programme manager reads this.")
    application.moderation_agrees = agrees
    application.moderation_comment = comment.strip()
    application.moderated_at = timezone.now()
    application.moderation_done = agrees
    application.save(update_fields=["moderation_agrees", "moderation_comment", "moderated_at", "moderation_done"])
    _audit(application, AuditAction.MODERATED, by, "Agrees" if agrees else f"Disagrees: {comment.strip()}")
    if agrees:
        return _release(application, outcome=application.proposed_outcome, by=application.proposed_by)
    managers = _managers_for(application.school)
    transaction.on_commit(lambda: emails.email_disagreement(application=application, managers=managers))
    return application


def _managers_for(school: School) -> list[User]:
    """The programme managers whose scope covers ``school``: its region's (and hub's) managers, and the
    national ones."""
    rule = Q(programme_memberships__region__isnull=True, programme_memberships__hub__isnull=True)
    if school.region_id is not None:
        rule |= Q(programme_memberships__region_id=school.region_id)
    if school.local_authority_id is not None:
        rule |= Q(programme_memberships__hub__local_authorities=school.local_authority_id)
    return list(User.objects.filter(rule, is_active=True, programme_memberships__role=ProgrammeRole.MANAGER).distinct())


@transaction.atomic
def moderation_resolve(*, application: Application, release: bool, note: str = "", by: User) -> Application:
    """A programme manager settles a disagreement: release the assessor's proposed decision, or return
    the application to the assessor to revise (their next decision is released without moderation)."""
    application = Application.objects.select_for_update().select_related("school").get(pk=application.pk)
    if not application.has_disagreement:
        raise ApplicationError("There is no disagreement to resolve.")
    application.moderation_done = True
    application.save(update_fields=["moderation_done"])
    _audit(
        application,
        AuditAction.RESOLVED,
        by,
        ("Released the assessor's decision" if release else "Returned to the assessor") + (f": {note}" if note else ""),
    )
    if release:
        return _release(application, outcome=application.proposed_outcome, by=application.proposed_by)
    application.status = ApplicationStatus.IN_REVIEW
    application.save(update_fields=["status"])
    return application


@transaction.atomic
def application_resubmit(
    *, application: Application, statement: str, by: User, consent_to_publish: bool | None = None
) -> Application:
    """Resubmit a "not yet" application's gaps within 6 months of the decision.

    Only the aspects judged "not yet" are frozen afresh from the current self-assessment and reviewed
    again; the accepted aspects are carried over as accepted. The gaps must meet the standard in the
    self-assessment (``NotEligible`` otherwise).
    """
    application = Application.objects.select_for_update().select_related("school").get(pk=application.pk)
    if application.status != ApplicationStatus.NOT_YET:
        raise ApplicationError('Only a "not yet" decision can be resubmitted.')
    if application.resubmissions.exists():
        raise ApplicationError("This application has already been resubmitted.")
    if timezone.localdate() > application.resubmit_until:
        raise ApplicationError("The 6 months for resubmitting have passed: make a new application.")
    if not statement.strip():
        raise ApplicationError("Add a statement from the headteacher or a senior leader.")
    if Application.objects.filter(school=application.school, status__in=OPEN_STATUSES).exists():
        raise ApplicationError("Your school already has an application being assessed.")
    gaps = set(application.reviews.filter(outcome=ReviewOutcome.NOT_YET).values_list("aspect_slug", flat=True))
    snapshot, evidence = _freeze(application.school, only=gaps, parent=application)
    return _create(
        school=application.school,
        snapshot=snapshot,
        evidence=evidence,
        statement=statement,
        consent_to_publish=application.consent_to_publish if consent_to_publish is None else consent_to_publish,
        by=by,
        parent=application,
        renews=application.renews,
    )


def award_reminders_send(*, today: date | None = None) -> int:
    """Remind schools 6, 3 and 1 months before their award expires; returns how many were sent.

    Run daily (``tasks.quality_mark_daily``). Each stage is sent once; when the task has not run for a
    while only the most urgent stage reached is sent (a school never gets three emails on one day).
    """
    today = today or timezone.localdate()
    sent = 0
    horizon = add_months(today, max(REMINDER_MONTHS))
    awards = (
        Award.objects.current(today)
        .not_superseded()
        .filter(expires_on__lte=horizon)
        .select_related("school", "application")
    )
    for award in awards.prefetch_related("reminders"):
        due = [months for months in REMINDER_MONTHS if today >= subtract_months(award.expires_on, months)]
        if not due:
            continue
        stage = min(due)
        if any(reminder.months <= stage for reminder in award.reminders.all()):
            continue
        with transaction.atomic():
            _reminder, created = AwardReminder.objects.get_or_create(award=award, months=stage)
            if not created:
                continue
            _audit(award.application, AuditAction.REMINDED, None, f"{stage}-month reminder: expires {award.expires_on}")
            transaction.on_commit(
                lambda award=award, stage=stage: emails.email_expiry_reminder(award=award, months=stage)
            )
        sent += 1
    return sent


def awards_expire(*, today: date | None = None) -> int:
    """Record in the audit trail each award that has expired since the last run, and tell the school's
    leaders how to renew (unless they already have); returns how many."""
    today = today or timezone.localdate()
    expired = (
        Award.objects.filter(revoked_at__isnull=True, expires_on__lt=today)
        .exclude(application__audit_events__action=AuditAction.EXPIRED)
        .select_related("application")
    )
    count = 0
    for award in expired:
        with transaction.atomic():
            _audit(award.application, AuditAction.EXPIRED, None, f"Award {award.number} expired on {award.expires_on}")
            # A renewed school holds the award that follows on: no "expired" email then.
            if Award.objects.not_superseded().filter(pk=award.pk).exists():
                transaction.on_commit(lambda award=award: emails.email_expired(award=award))
        count += 1
    return count


@transaction.atomic
def award_revoke(*, award: Award, reason: str, by: User) -> Award:
    """Withdraw an award (a programme manager's decision, with a reason): it leaves the register and its
    verification page says it is no longer valid."""
    if not reason.strip():
        raise ApplicationError("Give the reason for revoking the award.")
    if award.revoked_at is not None:
        raise ApplicationError("This award has already been revoked.")
    award.revoked_at = timezone.now()
    award.revoked_reason = reason.strip()[:500]
    award.save(update_fields=["revoked_at", "revoked_reason"])
    _audit(award.application, AuditAction.REVOKED, by, award.revoked_reason)
    return award
