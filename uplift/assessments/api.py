"""GET/PUT /api/v1/schools/{urn}/assessment/aspects/{slug}: one judgement, same rules as the aspect page.

Reading needs sight of the school (members, its trust leads, programme staff); writing needs a
member who may change its work (teacher or above). A PUT naming an old ``version`` gets 409 with
both versions, like the page.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from uplift.assessments.models import Judgement
from uplift.assessments.selectors import current_assessment, judgement_for
from uplift.assessments.services import JudgementDraft, judgement_save
from uplift.frameworks.models import Aspect, Framework
from uplift.lib.versioning import StaleEdit
from uplift.schools.access import get_school_for_user
from uplift.schools.models import School

router = Router(tags=["assessment"])


class JudgementOut(Schema):
    aspect: str
    dimension: str
    title: str
    level: int | None
    current_position: str
    evidence_commentary: str
    improvement_actions: str
    evidence_ids: list[int]
    version: int = Field(description="Send it back with a PUT; 0 before the first save.")
    needs_review: bool
    complete: bool
    updated_by: str | None
    updated_at: dt.datetime | None


class JudgementIn(Schema):
    level: int | None = Field(None, ge=1, le=5)
    current_position: str = Field("", max_length=10_000)
    evidence_commentary: str = Field("", max_length=10_000)
    improvement_actions: str = Field("", max_length=10_000)
    evidence_ids: list[int] = []
    version: int = Field(ge=0, description="The version you started from (0 if there was no judgement).")


class DraftOut(Schema):
    level: int | None
    current_position: str
    evidence_commentary: str
    improvement_actions: str
    evidence_ids: list[int]


class ConflictOut(Schema):
    detail: str
    theirs: JudgementOut
    yours: DraftOut


class ErrorOut(Schema):
    detail: str


def _aspect(school: School, slug: str) -> tuple[Aspect, Judgement | None]:
    assessment = current_assessment(school)
    framework = assessment.framework if assessment else Framework.objects.current()
    if framework is None:
        raise Http404("No framework has been loaded yet.")
    aspect = get_object_or_404(Aspect.objects.select_related("dimension"), framework=framework, slug=slug)
    return aspect, judgement_for(assessment, aspect)


def _out(aspect: Aspect, judgement: Judgement | None) -> dict:
    return {
        "aspect": aspect.slug,
        "dimension": aspect.dimension.slug,
        "title": aspect.title,
        "level": judgement.level if judgement else None,
        "current_position": judgement.current_position if judgement else "",
        "evidence_commentary": judgement.evidence_commentary if judgement else "",
        "improvement_actions": judgement.improvement_actions if judgement else "",
        "evidence_ids": sorted(item.pk for item in judgement.evidence.all()) if judgement else [],
        "version": judgement.version if judgement else 0,
        "needs_review": judgement.needs_review if judgement else False,
        "complete": judgement.is_complete if judgement else False,
        "updated_by": judgement.updated_by.full_name if judgement and judgement.updated_by else None,
        "updated_at": judgement.updated_at if judgement else None,
    }


def _draft(draft: JudgementDraft) -> dict:
    return {
        "level": draft.level,
        "current_position": draft.current_position,
        "evidence_commentary": draft.evidence_commentary,
        "improvement_actions": draft.improvement_actions,
        "evidence_ids": list(draft.evidence_ids),
    }


@router.get("/{urn}/assessment/aspects/{slug}", response=JudgementOut, summary="A school's judgement on one aspect")
def judgement_get(request: HttpRequest, urn: int, slug: str) -> dict:
    school = get_school_for_user(request.user, urn)
    aspect, judgement = _aspect(school, slug)
    return _out(aspect, judgement)


@router.put(
    "/{urn}/assessment/aspects/{slug}",
    response={200: JudgementOut, 409: ConflictOut, 422: ErrorOut},
    summary="Save a school's judgement on one aspect",
)
def judgement_put(request: HttpRequest, urn: int, slug: str, payload: JudgementIn) -> Status:
    school = get_school_for_user(request.user, urn, write=True)
    aspect, _ = _aspect(school, slug)
    try:
        judgement = judgement_save(
            school=school,
            aspect=aspect,
            level=payload.level,
            current_position=payload.current_position,
            evidence_commentary=payload.evidence_commentary,
            improvement_actions=payload.improvement_actions,
            evidence_ids=payload.evidence_ids,
            by=request.user,
            expected_version=payload.version,
        )
    except StaleEdit as conflict:
        return Status(
            409, {"detail": conflict.message, "theirs": _out(aspect, conflict.theirs), "yours": _draft(conflict.yours)}
        )
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return Status(200, _out(aspect, judgement_for(judgement.assessment, aspect)))
