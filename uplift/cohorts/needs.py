"""A school's need on each framework dimension: the matching engine's input.

need(dimension) = the mean over the dimension's aspects of max(0, threshold - level), where the
threshold is the framework's Quality Mark level (4 in the CQF). A school at or above the standard on
every aspect of a dimension has need 0; one at level 1 throughout has need 3. An aspect without a
level counts as no need (eligibility requires every aspect judged before a school can apply).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uplift.assessments.models import Assessment
    from uplift.schools.models import School

#: The level at which an aspect stops counting as a need, when the framework does not say.
DEFAULT_THRESHOLD = 4


def dimension_need(levels: Iterable[int | None], threshold: int = DEFAULT_THRESHOLD) -> float:
    """The mean of max(0, threshold - level) over the aspects' levels (0.0 for no aspects)."""
    levels = list(levels)
    if not levels:
        return 0.0
    gaps = [max(0, threshold - level) if level is not None else 0 for level in levels]
    return sum(gaps) / len(gaps)


def needs_from_levels(
    levels_by_dimension: Mapping[str, Iterable[int | None]], threshold: int = DEFAULT_THRESHOLD
) -> dict[str, float]:
    """``{dimension slug: need}`` from ``{dimension slug: [aspect levels]}``, rounded to 3 places."""
    return {slug: round(dimension_need(levels, threshold), 3) for slug, levels in levels_by_dimension.items()}


def assessment_needs(assessment: Assessment) -> dict[str, float]:
    """The needs per dimension of one assessment, in the framework's dimension order (2 queries)."""
    from uplift.assessments.models import Judgement
    from uplift.frameworks.models import Aspect

    framework = assessment.framework
    levels = dict(Judgement.objects.filter(assessment=assessment).values_list("aspect_id", "level"))
    by_dimension: dict[str, list[int | None]] = {}
    aspects = Aspect.objects.filter(framework=framework).select_related("dimension")
    for aspect in aspects.order_by("dimension__order", "order"):
        by_dimension.setdefault(aspect.dimension.slug, []).append(levels.get(aspect.pk))
    return needs_from_levels(by_dimension, framework.threshold_level or DEFAULT_THRESHOLD)


def school_needs(school: School) -> dict[str, float]:
    """The school's needs per dimension from its current assessment ({} before it has one)."""
    from uplift.assessments.selectors import current_assessment

    assessment = current_assessment(school)
    if assessment is None:
        return {}
    return assessment_needs(assessment)
