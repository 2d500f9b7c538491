"""The Quality Mark's routes in the permission matrix (see uplift/testing/matrix.py).

- The school's pages (status, certificate) are read by whoever sees the school's workspace; applying
  and resubmitting need a senior leader or the computing lead (other readers get 403).
- The review (``review``, ``review_aspect`` GET) is open to the allocated assessor and programme
  managers only: the school sees no progress before the decision (404 for everyone else).
- Recording a review and deciding: the allocated assessor (managers 403). Moderating: the moderator
  (managers 403). Reassigning, settling a moderation disagreement, revoking: managers (the allocated
  assessor or moderator 403).
- The frozen evidence: the school's readers, the allocated assessor and managers.
- Verification and the register are public.

"own" builds objects for school A with the cast's assessor allocated; "foreign" for school B with
nobody allocated, so the cast's assessor is an assessor of *another* application there.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from uplift.evidence.tests.factories import EvidenceItemFactory
from uplift.qualitymark.models import Application, ApplicationStatus, Award
from uplift.qualitymark.services import _copy_evidence
from uplift.testing.cast import Cast
from uplift.testing.matrix import (
    FORBIDDEN,
    INVALID,
    LOGIN,
    NOT_FOUND,
    OK,
    SCHOOL_A_MANAGERS,
    SCHOOL_A_MEMBERS,
    SCHOOL_A_READERS,
    SCHOOL_B_MANAGERS,
    SCHOOL_B_READERS,
    UNAUTHORIZED,
    Outcome,
    Route,
    Side,
    api,
    each,
    expect,
    for_api,
)
from uplift.testing.matrix import SCHOOL_READ_FOREIGN as READ_FOREIGN
from uplift.testing.matrix import SCHOOL_READ_OWN as READ_OWN

MANAGE_OWN = expect(
    NOT_FOUND,
    anonymous=LOGIN,
    **each(("teacher", "governor"), FORBIDDEN),
    **each(SCHOOL_A_READERS, FORBIDDEN),
    **each(SCHOOL_A_MANAGERS, OK),
)
MANAGE_FOREIGN = expect(
    NOT_FOUND,
    anonymous=LOGIN,
    teacher_b=FORBIDDEN,
    **each(SCHOOL_B_READERS, FORBIDDEN),
    **each(SCHOOL_B_MANAGERS, OK),
)
REVIEW_OWN = expect(NOT_FOUND, anonymous=LOGIN, assessor=OK, manager=OK)
REVIEW_FOREIGN = expect(NOT_FOUND, anonymous=LOGIN, manager=OK, manager_b=OK)
ASSESS_OWN = expect(NOT_FOUND, anonymous=LOGIN, assessor=OK, manager=FORBIDDEN)
ASSESS_FOREIGN = expect(NOT_FOUND, anonymous=LOGIN, manager=FORBIDDEN, manager_b=FORBIDDEN)
REASSIGN_OWN = expect(NOT_FOUND, anonymous=LOGIN, assessor=FORBIDDEN, manager=OK)
EVIDENCE_OWN = expect(
    NOT_FOUND, anonymous=LOGIN, assessor=OK, **each(SCHOOL_A_MEMBERS, OK), **each(SCHOOL_A_READERS, OK)
)
PUBLIC = expect(OK)
# Allowed in, but the request is refused by the rules (a decision before every aspect is reviewed).
CONFLICT = Outcome("409", frozenset({409}))


def school_of(cast: Cast, side: Side):
    return cast.school_a if side == "own" else cast.school_b


def school_urn(cast: Cast, side: Side) -> list[int]:
    return [school_of(cast, side).urn]


def application_for(cast: Cast, side: Side, **fields: object) -> Application:
    school = school_of(cast, side)
    item = EvidenceItemFactory(school=school, title="Lesson notes")
    aspect = {
        "slug": "leadership-1",
        "title": "Leadership 1",
        "dimension_slug": "leadership",
        "dimension_title": "Leadership",
        "level": 4,
        "statement": "At level 4",
        "current_position": "a",
        "evidence_commentary": "b",
        "improvement_actions": "c",
        "evidence": [{"id": item.pk, "title": item.title, "kind": item.kind}],
        "to_review": True,
    }
    fields.setdefault("status", ApplicationStatus.ALLOCATED if side == "own" else ApplicationStatus.SUBMITTED)
    application = Application.objects.create(
        school=school,
        snapshot={"framework": {"slug": "t", "version": 1, "title": "T"}, "threshold": 4, "aspects": [aspect]},
        statement="We are ready.",
        consent_to_publish=True,
        due_by=timezone.now() + timedelta(days=28),
        assessor=cast.assessor if side == "own" else None,
        **fields,
    )
    _copy_evidence(application, [item])
    return application


def application_pk(cast: Cast, side: Side) -> list[int]:
    return [application_for(cast, side).pk]


def application_aspect(cast: Cast, side: Side) -> list[object]:
    return [application_for(cast, side).pk, "leadership-1"]


def application_evidence(cast: Cast, side: Side) -> list[int]:
    application = application_for(cast, side)
    return [application.pk, application.frozen_evidence.get().source_pk]


def not_yet(cast: Cast, side: Side) -> list[int]:
    application_for(cast, side, status=ApplicationStatus.NOT_YET, decided_at=timezone.now())
    return school_urn(cast, side)


def award(cast: Cast, side: Side) -> Award:
    application = application_for(cast, side, status=ApplicationStatus.AWARDED, decided_at=timezone.now())
    today = timezone.localdate()
    return Award.objects.create(
        application=application,
        school=application.school,
        school_name=application.school.name,
        number=Award.new_number(),
        awarded_on=today,
        expires_on=Award.expiry_for(today),
    )


def awarded_school(cast: Cast, side: Side) -> list[int]:
    return [award(cast, side).school.urn]


def award_number(cast: Cast, side: Side) -> list[str]:
    return [award(cast, side).number]


ROUTES = [
    Route("qualitymark:school", READ_OWN, foreign=READ_FOREIGN, args=school_urn),
    Route("qualitymark:apply", MANAGE_OWN, foreign=MANAGE_FOREIGN, args=school_urn, methods=("GET", "POST")),
    Route("qualitymark:resubmit", MANAGE_OWN, foreign=MANAGE_FOREIGN, args=not_yet, methods=("GET", "POST")),
    Route("qualitymark:certificate", READ_OWN, foreign=READ_FOREIGN, args=awarded_school),
    Route("qualitymark:assessor_queue", expect(NOT_FOUND, anonymous=LOGIN, assessor=OK)),
    # Every manager has a queue: a regional one (manager_b) lists their region's applications only.
    Route("qualitymark:manager_queue", expect(NOT_FOUND, anonymous=LOGIN, manager=OK, manager_b=OK)),
    Route("qualitymark:review", REVIEW_OWN, foreign=REVIEW_FOREIGN, args=application_pk),
    Route("qualitymark:review_aspect", REVIEW_OWN, foreign=REVIEW_FOREIGN, args=application_aspect),
    Route("qualitymark:review_aspect", ASSESS_OWN, foreign=ASSESS_FOREIGN, args=application_aspect, methods=("POST",)),
    Route("qualitymark:decide", ASSESS_OWN, foreign=ASSESS_FOREIGN, args=application_pk, methods=("POST",)),
    Route("qualitymark:reassign", REASSIGN_OWN, foreign=REVIEW_FOREIGN, args=application_pk, methods=("GET", "POST")),
    Route("qualitymark:evidence", EVIDENCE_OWN, foreign=READ_FOREIGN, args=application_evidence),
    Route("qualitymark:verify", PUBLIC, args=award_number),
    Route("qualitymark:register", PUBLIC),
    Route("qualitymark:register_csv", PUBLIC),
]


def awarded_application(cast: Cast, side: Side) -> list[int]:
    return [award(cast, side).application.pk]


ROUTES += [
    # Managers only; the allocated assessor sees the application but may not revoke (403).
    Route(
        "qualitymark:revoke",
        REASSIGN_OWN,
        foreign=REVIEW_FOREIGN,
        args=awarded_application,
        methods=("GET", "POST"),
    ),
]


def application_kw(cast: Cast, side: Side) -> dict[str, int]:
    return {"application_id": application_for(cast, side).pk}


def application_aspect_kw(cast: Cast, side: Side) -> dict[str, object]:
    return {"application_id": application_for(cast, side).pk, "slug": "leadership-1"}


def award_number_kw(cast: Cast, side: Side) -> dict[str, str]:
    return {"number": award(cast, side).number}


ROUTES += [
    api("GET", "/api/v1/quality-mark/register", expect=PUBLIC),
    api("GET", "/api/v1/quality-mark/verify/{number}", expect=PUBLIC, args=award_number_kw),
    api(
        "GET",
        "/api/v1/quality-mark/applications",
        expect=expect(NOT_FOUND, anonymous=UNAUTHORIZED, assessor=OK, manager=OK, manager_b=OK),
    ),
    api(
        "GET",
        "/api/v1/quality-mark/applications/{application_id}",
        expect=for_api(REVIEW_OWN),
        foreign=for_api(REVIEW_FOREIGN),
        args=application_kw,
    ),
    api(
        "PUT",
        "/api/v1/quality-mark/applications/{application_id}/aspects/{slug}",
        expect=for_api(ASSESS_OWN),
        foreign=for_api(ASSESS_FOREIGN),
        args=application_aspect_kw,
        data=lambda cast, side: {"outcome": "meets", "comment": ""},
    ),
    api(
        "POST",
        "/api/v1/quality-mark/applications/{application_id}/decision",
        # The assessor is let in; with the aspect unreviewed the decision is refused (409), so "OK" here
        # would be wrong: expect the refusal, which proves access was granted.
        expect=for_api({**ASSESS_OWN, "assessor": CONFLICT}),
        foreign=for_api(ASSESS_FOREIGN),
        args=application_kw,
        data=lambda cast, side: {"summary": ""},
    ),
]


def in_moderation(cast: Cast, side: Side) -> list[int]:
    """A proposed decision in moderation; in school A's world the cast's assessor is its moderator."""
    application = application_for(
        cast,
        side,
        status=ApplicationStatus.MODERATION,
        proposed_outcome=ApplicationStatus.AWARDED,
        proposed_at=timezone.now(),
        moderator=cast.assessor if side == "own" else None,
    )
    return [application.pk]


ROUTES += [
    # Empty posts are refused by the form (400) once access is granted.
    Route(
        "qualitymark:moderate",
        expect(NOT_FOUND, anonymous=LOGIN, assessor=INVALID, manager=FORBIDDEN),
        foreign=expect(NOT_FOUND, anonymous=LOGIN, manager=FORBIDDEN, manager_b=FORBIDDEN),
        args=in_moderation,
        methods=("POST",),
    ),
    Route(
        "qualitymark:resolve",
        expect(NOT_FOUND, anonymous=LOGIN, assessor=FORBIDDEN, manager=INVALID),
        foreign=expect(NOT_FOUND, anonymous=LOGIN, manager=INVALID, manager_b=INVALID),
        args=in_moderation,
        methods=("POST",),
    ),
]


ROUTES += [
    Route("qualitymark:credential", READ_OWN, foreign=READ_FOREIGN, args=awarded_school),
    Route("qualitymark:badge", PUBLIC, args=award_number),
    Route("qualitymark:issuer", PUBLIC),
]


ROUTES += [
    Route("qualitymark:verify_lookup", PUBLIC),
    api(
        "POST",
        "/api/v1/quality-mark/applications/{application_id}/moderation",
        expect=expect(NOT_FOUND, anonymous=UNAUTHORIZED, assessor=OK, manager=FORBIDDEN),
        foreign=expect(NOT_FOUND, anonymous=UNAUTHORIZED, manager=FORBIDDEN, manager_b=FORBIDDEN),
        args=lambda cast, side: {"application_id": in_moderation(cast, side)[0]},
        data=lambda cast, side: {"agrees": True, "comment": ""},
    ),
    api(
        "POST",
        "/api/v1/quality-mark/applications/{application_id}/resolution",
        # Let in, the manager is refused by the rules (no disagreement to settle yet): 409.
        expect=expect(NOT_FOUND, anonymous=UNAUTHORIZED, assessor=FORBIDDEN, manager=CONFLICT),
        foreign=expect(NOT_FOUND, anonymous=UNAUTHORIZED, manager=CONFLICT, manager_b=CONFLICT),
        args=lambda cast, side: {"application_id": in_moderation(cast, side)[0]},
        data=lambda cast, side: {"release": True, "note": ""},
    ),
]
