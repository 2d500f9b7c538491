"""Helpers shared by the Quality Mark tests."""

from __future__ import annotations

from uplift.accounts.models import ProgrammeRole, User
from uplift.accounts.tests.factories import ProgrammeMembershipFactory, UserFactory
from uplift.assessments.selectors import current_assessment
from uplift.assessments.services import judgement_save
from uplift.evidence.models import EvidenceItem
from uplift.evidence.tests.factories import EvidenceItemFactory
from uplift.frameworks.models import Aspect, Framework
from uplift.qualitymark.models import Application, ApplicationStatus, ReviewOutcome
from uplift.qualitymark.services import (
    application_decide,
    application_submit,
    aspect_review_record,
    moderation_record,
    moderator_assign,
)
from uplift.schools.models import School
from uplift.schools.tests.factories import SchoolFactory

TEXT = {"current_position": "Where we are", "evidence_commentary": "What shows it", "improvement_actions": "Next"}


def aspects(framework: Framework) -> list[Aspect]:
    return list(Aspect.objects.filter(framework=framework).select_related("dimension").order_by("order"))


def make_eligible(school: School, by: User, framework: Framework) -> EvidenceItem:
    """Every aspect at level 4 with commentary; an evidence note attached to the first aspect."""
    item = EvidenceItemFactory(school=school, title="Curriculum map 2026")
    for index, aspect in enumerate(aspects(framework)):
        judgement_save(
            school=school,
            aspect=aspect,
            level=4,
            evidence_ids=[item.pk] if index == 0 else [],
            by=by,
            expected_version=0,
            **TEXT,
        )
    return item


def set_level(school: School, aspect: Aspect, level: int, by: User, **text: str) -> None:
    judgement = current_assessment(school).judgements.get(aspect=aspect)
    judgement_save(
        school=school,
        aspect=aspect,
        level=level,
        evidence_ids=list(judgement.evidence.values_list("pk", flat=True)),
        by=by,
        expected_version=judgement.version,
        **{**TEXT, **text},
    )


def new_assessor(email: str, name: str = "") -> User:
    user = UserFactory(email=email, full_name=name or email.split("@", maxsplit=1)[0].title())
    ProgrammeMembershipFactory(user=user, role=ProgrammeRole.ASSESSOR)
    return user


def submit(school: School, by: User, *, consent: bool = True) -> Application:
    return application_submit(school=school, statement="We have come a long way.", consent_to_publish=consent, by=by)


def review_all(application: Application, *, not_yet: tuple[str, ...] = ()) -> None:
    """The allocated assessor reviews every aspect still to review: "not yet" for the slugs given."""
    application.refresh_from_db()
    for aspect in application.aspects_to_review:
        slug = aspect["slug"]
        outcome = ReviewOutcome.NOT_YET if slug in not_yet else ReviewOutcome.MEETS
        aspect_review_record(
            application=application,
            aspect_slug=slug,
            outcome=outcome,
            comment=f"Feedback on {slug}" if slug in not_yet else "",
            by=application.assessor,
        )


def decide(application: Application, *, not_yet: tuple[str, ...] = ()) -> Application:
    """Review every aspect and decide; when the decision goes to moderation, a second assessor agrees."""
    review_all(application, not_yet=not_yet)
    application = application_decide(application=application, by=application.assessor, draw=lambda: 1.0)
    if application.status == ApplicationStatus.MODERATION:
        if application.moderator is None:
            moderator = User.objects.filter(email="moderator@example.test").first() or new_assessor(
                "moderator@example.test", "Mo Moderator"
            )
            application = moderator_assign(application=application, moderator=moderator, by=moderator)
        application = moderation_record(application=application, agrees=True, comment="", by=application.moderator)
    application.refresh_from_db()
    return application


def make_experienced(assessor: User) -> Application:
    """An earlier decision by ``assessor`` (on another school), so their next one is not a first decision."""
    return Application.objects.create(
        school=SchoolFactory(trust=None),
        statement="Earlier",
        due_by="2026-01-01T00:00Z",
        assessor=assessor,
        decided_by=assessor,
        status=ApplicationStatus.AWARDED,
    )
