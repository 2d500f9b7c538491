"""Helpers shared by the cohorts tests."""

from __future__ import annotations

from uplift.accounts.models import User
from uplift.assessments.selectors import current_assessment
from uplift.assessments.services import judgement_save
from uplift.frameworks.models import Aspect, Framework
from uplift.schools.models import School

TEXT = {"current_position": "Where we are", "evidence_commentary": "What shows it", "improvement_actions": "Next"}


def aspects(framework: Framework) -> list[Aspect]:
    return list(Aspect.objects.filter(framework=framework).select_related("dimension").order_by("order"))


def judge(school: School, by: User, framework: Framework, levels: dict[str, int | None] | None = None, default=2):
    """Judge every aspect at ``default``, or at ``levels[slug]`` (None: leave that aspect unjudged)."""
    levels = levels or {}
    for aspect in aspects(framework):
        level = levels.get(aspect.slug, default)
        if level is None:
            continue
        assessment = current_assessment(school)
        judgement = assessment.judgements.filter(aspect=aspect).first() if assessment else None
        judgement_save(
            school=school,
            aspect=aspect,
            level=level,
            evidence_ids=[],
            by=by,
            expected_version=judgement.version if judgement else 0,
            **TEXT,
        )
