"""GET /api/v1/schools/{urn}/profile: the school's profile, with the same rules as the profile page.

Readers of the school (members including governors, its trust leads, programme staff in scope) may
read it; everybody else gets 404. Averages are null when fewer than 5 schools could be counted.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from uplift.assessments.profile import Highlight, profile_for_school
from uplift.schools.access import get_school_for_user

router = Router(tags=["assessment"])


class DimensionOut(Schema):
    slug: str
    title: str
    level: int | None
    mean_level: float | None
    national_average: float | None
    peers_average: float | None


class HighlightOut(Schema):
    title: str
    level: int
    dimension: str | None


class NextStepOut(Schema):
    aspect: str
    level: int
    action: str


class ProfileOut(Schema):
    urn: int
    school: str
    framework: str
    framework_version: int
    threshold_level: int
    percent_complete: int
    eligible: bool
    peers: str
    dimensions: list[DimensionOut]
    strengths: list[HighlightOut]
    areas_for_development: list[HighlightOut]
    next_steps: list[NextStepOut]


def _highlights(items: list[Highlight]) -> list[dict]:
    return [
        {"title": item.title, "level": item.level, "dimension": item.dimension.slug if item.dimension else None}
        for item in items
    ]


@router.get("/{urn}/profile", response=ProfileOut, summary="A school's profile against national and peer averages")
def profile_get(request: HttpRequest, urn: int) -> dict:
    school = get_school_for_user(request.user, urn)
    profile = profile_for_school(school=school)
    if profile is None:
        raise Http404("No framework has been loaded yet.")
    return {
        "urn": school.urn,
        "school": school.name,
        "framework": profile.framework.slug,
        "framework_version": profile.framework.version,
        "threshold_level": profile.threshold,
        "percent_complete": profile.progress.percent,
        "eligible": profile.progress.eligible,
        "peers": profile.peers_label,
        "dimensions": [
            {
                "slug": row.dimension.slug,
                "title": row.dimension.title,
                "level": row.level,
                "mean_level": row.mean_level,
                "national_average": row.national.mean,
                "peers_average": row.peers.mean,
            }
            for row in profile.rows
        ],
        "strengths": _highlights(profile.strengths + profile.strong_aspects),
        "areas_for_development": _highlights(profile.developments + profile.weak_aspects),
        "next_steps": [
            {"aspect": step.aspect.slug, "level": step.level, "action": step.action} for step in profile.next_steps
        ],
    }
