"""GET /api/v1/frameworks/current: the current framework, whole, for anyone signed in."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from uplift.frameworks.models import Framework
from uplift.frameworks.selectors import framework_with_content

router = Router(tags=["frameworks"])


class LevelOut(Schema):
    level: int
    is_threshold: bool
    statement: str
    statement_primary: str
    statement_secondary: str
    actions: list[str]
    evidence: list[str]
    cpd_topics: list[str]


class AspectOut(Schema):
    slug: str
    title: str
    summary: str
    changed: bool
    levels: list[LevelOut]


class DimensionOut(Schema):
    slug: str
    title: str
    summary: str
    aspects: list[AspectOut]


class FrameworkOut(Schema):
    slug: str
    version: int
    title: str
    published_on: dt.date
    threshold_level: int
    level_names: dict[str, str]
    dimensions: list[DimensionOut]


@router.get("/current", response=FrameworkOut, summary="The current framework")
def current(request: HttpRequest) -> dict:
    framework = Framework.objects.current()
    if framework is None:
        raise Http404("No framework has been loaded yet.")
    return {
        "slug": framework.slug,
        "version": framework.version,
        "title": framework.title,
        "published_on": framework.published_on,
        "threshold_level": framework.threshold_level,
        "level_names": framework.level_names,
        "dimensions": [
            {
                "slug": dimension.slug,
                "title": dimension.title,
                "summary": dimension.summary,
                "aspects": [
                    {
                        "slug": aspect.slug,
                        "title": aspect.title,
                        "summary": aspect.summary,
                        "changed": aspect.changed,
                        "levels": list(aspect.statements.all()),
                    }
                    for aspect in dimension.aspects.all()
                ],
            }
            for dimension in framework_with_content(framework)
        ],
    }
