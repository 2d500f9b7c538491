"""Quality Mark demo data for ``seed_demo``: a second assessor and one application in each state.

Called by ``uplift.pages.demo.build_demo_world`` after the assessments are seeded
(``seed_demo_quality_mark(schools=world.schools, home_school=world.home_school)``). Safe to run again:
it does nothing once any application exists, or without a loaded framework.

The states: waiting for an assessor, in review (overdue: submitted five weeks ago), in moderation,
"not yet" with feedback, awarded, and an award expiring in two months (dates moved back: a demo
shortcut, never done by the services).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from uplift.accounts.models import (
    SCHOOL_MANAGE_ROLE,
    ProgrammeMembership,
    ProgrammeRole,
    SchoolMembership,
    SchoolRole,
    User,
)
from uplift.assessments.selectors import assessment_progress, current_assessment, judgement_for
from uplift.assessments.services import judgement_save
from uplift.frameworks.models import Framework
from uplift.qualitymark.models import (
    DECISION_DAYS,
    Application,
    ApplicationStatus,
    AuditAction,
    AuditEvent,
    Award,
    ReviewOutcome,
)
from uplift.qualitymark.services import (
    application_decide,
    application_reassign,
    application_submit,
    aspect_review_record,
    moderation_record,
)
from uplift.schools.models import School

STATES = ["submitted", "in_review", "moderation", "not_yet", "awarded", "expiring"]
STATEMENTS = {
    "submitted": "Computing is now taught weekly in every class, and our pupils talk confidently about it.",
    "in_review": "Three years of steady work: a new curriculum, trained staff and a computing club for all.",
    "moderation": "Our governors have seen the difference: pupils' work shows real depth across key stages.",
    "not_yet": "We believe we meet the standard and welcome the assessor's view on where to go next.",
    "awarded": "Computing is a strength of the school, led with energy and shared across the trust.",
    "expiring": "We renewed our approach after our first award and keep improving.",
}


def _second_assessor(demo_password: str, domain: str) -> User:
    user, _ = User.objects.update_or_create(
        email=f"assessor2@{domain}",
        defaults={"full_name": "Ben Assessor", "password": make_password(demo_password), "is_active": True},
    )
    ProgrammeMembership.objects.get_or_create(user=user, role=ProgrammeRole.ASSESSOR, region=None, hub=None)
    return user


def _leader(school: School) -> User | None:
    membership = (
        SchoolMembership.objects.filter(school=school, role__gte=SCHOOL_MANAGE_ROLE).select_related("user").first()
    )
    return membership.user if membership else None


def _headteacher(school: School, demo_password: str, domain: str) -> User:
    user, _ = User.objects.update_or_create(
        email=f"head.{school.urn}@{domain}",
        defaults={"full_name": f"Head of {school.name}", "password": make_password(demo_password)},
    )
    SchoolMembership.objects.update_or_create(user=user, school=school, defaults={"role": SchoolRole.SENIOR_LEADER})
    return user


def _make_eligible(school: School, by: User) -> None:
    """Raise every aspect below the standard to it, with commentary (a school that did the work)."""
    assessment = current_assessment(school)
    if assessment is None:
        return
    progress = assessment_progress(assessment)
    for aspect, _reason in progress.missing_for_mark:
        judgement = judgement_for(assessment, aspect)
        judgement_save(
            school=school,
            aspect=aspect,
            level=max(progress.framework.threshold_level, (judgement.level if judgement else None) or 0),
            current_position=(judgement and judgement.current_position) or "Established across the school.",
            evidence_commentary=(judgement and judgement.evidence_commentary) or "See the attached evidence.",
            improvement_actions=(judgement and judgement.improvement_actions) or "Keep reviewing each year.",
            evidence_ids=list(judgement.evidence.values_list("pk", flat=True)) if judgement else [],
            by=by,
            expected_version=judgement.version if judgement else 0,
        )


def _decide(application: Application, *, not_yet: int = 0) -> Application:
    application.refresh_from_db()
    for index, aspect in enumerate(application.aspects_to_review):
        gap = index < not_yet
        aspect_review_record(
            application=application,
            aspect_slug=aspect["slug"],
            outcome=ReviewOutcome.NOT_YET if gap else ReviewOutcome.MEETS,
            comment=(
                "The commentary describes plans rather than practice: add pupils' work from two year groups."
                if gap
                else "Clear, well evidenced."
            ),
            by=application.assessor,
        )
    application = application_decide(application=application, by=application.assessor, draw=lambda: 1.0)
    if application.status == ApplicationStatus.MODERATION and application.moderator:
        application = moderation_record(application=application, agrees=True, comment="", by=application.moderator)
    return application


@transaction.atomic
def seed_demo_quality_mark(*, schools: list[School], home_school: School | None = None) -> list[Application]:
    """Build the demo's Quality Mark applications (see the module docstring); returns them."""
    from uplift.pages.demo import DEMO_DOMAIN, DEMO_PASSWORD

    if Framework.objects.current() is None or Application.objects.exists():
        return []
    first = User.objects.filter(programme_memberships__role=ProgrammeRole.ASSESSOR).order_by("pk").first()
    second = _second_assessor(DEMO_PASSWORD, DEMO_DOMAIN)
    manager = User.objects.filter(programme_memberships__role=ProgrammeRole.MANAGER).order_by("pk").first()
    with_assessment = [school for school in schools if school != home_school and current_assessment(school)]
    # Schools with a leader first; then others, given a headteacher so someone can apply.
    led = [(school, leader) for school in with_assessment if (leader := _leader(school))]
    unled = [school for school in with_assessment if school not in {s for s, _l in led}]
    candidates = led + [(school, _headteacher(school, DEMO_PASSWORD, DEMO_DOMAIN)) for school in unled[: len(STATES)]]
    made: list[Application] = []
    for state, (school, leader) in zip(STATES, candidates, strict=False):
        _make_eligible(school, leader)
        application = application_submit(
            school=school, statement=STATEMENTS[state], consent_to_publish=state != "not_yet", by=leader
        )
        # The first assessor decides first (their first decision is moderated by the second); the
        # moderation example is the second assessor's first decision, waiting for the first.
        wanted = second if state == "moderation" else first
        if state != "submitted" and wanted and application.assessor != wanted:
            application = application_reassign(application=application, assessor=wanted, by=manager)
        if state == "submitted":
            # Normally only when every assessor is conflicted; the demo shows the manager's "allocate" case.
            Application.objects.filter(pk=application.pk).update(assessor=None, status=ApplicationStatus.SUBMITTED)
            AuditEvent.objects.filter(application=application, action=AuditAction.ALLOCATED).delete()
        elif state == "in_review":
            application.refresh_from_db()
            half = application.aspects_to_review[: len(application.aspects_to_review) // 2]
            for aspect in half:
                aspect_review_record(
                    application=application,
                    aspect_slug=aspect["slug"],
                    outcome=ReviewOutcome.MEETS,
                    comment="Clear, well evidenced.",
                    by=application.assessor,
                )
            # Submitted five weeks ago: past the 4-week service level, so the manager's queue flags it.
            submitted_at = timezone.now() - dt.timedelta(days=35)
            Application.objects.filter(pk=application.pk).update(
                submitted_at=submitted_at, due_by=submitted_at + dt.timedelta(days=DECISION_DAYS)
            )
        elif state == "moderation":
            application.refresh_from_db()
            for aspect in application.aspects_to_review:
                aspect_review_record(
                    application=application,
                    aspect_slug=aspect["slug"],
                    outcome=ReviewOutcome.MEETS,
                    comment="",
                    by=application.assessor,
                )
            application_decide(application=application, by=application.assessor, draw=lambda: 1.0)
        elif state == "not_yet":
            _decide(application, not_yet=2)
        else:
            _decide(application)
            if state == "expiring":
                today = timezone.localdate()
                expires = today + dt.timedelta(days=60)
                Award.objects.filter(application=application).update(
                    awarded_on=expires.replace(year=expires.year - 3) + dt.timedelta(days=1), expires_on=expires
                )
        application.refresh_from_db()
        made.append(application)
    return made
