"""Test data for the profile, comparison, trust view and documents: whole assessments in a few queries."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from uplift.assessments.models import Assessment, Judgement
from uplift.frameworks.models import Aspect, Framework
from uplift.schools.models import School

TEXT = "Written down"


@pytest.fixture(autouse=True)
def clear_averages_cache() -> None:
    """The averages are cached for a few minutes: every test starts from a clean cache."""
    cache.clear()


def assess(
    school: School,
    framework: Framework,
    level: int | None = 3,
    *,
    dimensions: dict[str, int | None] | None = None,
    aspects: dict[str, int | None] | None = None,
    incomplete: set[str] | frozenset[str] = frozenset(),
    only: set[str] | None = None,
    by: object | None = None,
    cycle: int = 1,
    is_current: bool = True,
) -> Assessment:
    """A current assessment of ``school`` with a judgement on every aspect (or only the aspect slugs in ``only``).

    Levels: ``aspects[slug]``, else ``dimensions[dimension slug]``, else ``level``. Aspects named in
    ``incomplete`` have their commentary left blank (a level but not complete).
    """
    assessment = Assessment.objects.create(
        school=school, framework=framework, cycle=cycle, is_current=is_current, started_by=by
    )
    judgements = []
    for aspect in Aspect.objects.filter(framework=framework).select_related("dimension"):
        if only is not None and aspect.slug not in only:
            continue
        value = (aspects or {}).get(aspect.slug, (dimensions or {}).get(aspect.dimension.slug, level))
        text = "" if aspect.slug in incomplete else TEXT
        judgements.append(
            Judgement(
                assessment=assessment,
                aspect=aspect,
                level=value,
                current_position=text,
                evidence_commentary=text,
                improvement_actions=text,
                updated_by=by,
            )
        )
    Judgement.objects.bulk_create(judgements)
    return assessment
