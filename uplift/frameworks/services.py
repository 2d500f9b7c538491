"""Writes to frameworks: loading (publishing) a framework version."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import transaction

from uplift.frameworks.models import Aspect, AspectMapping, CpdTopic, Dimension, Framework, LevelStatement
from uplift.frameworks.schema import FrameworkError, FrameworkSpec

if TYPE_CHECKING:
    from uplift.accounts.models import User

__all__ = ["VERSION_PUBLISHED", "framework_load", "mapping_problems", "on_version_published", "retired_aspects"]

#: Called as ``receiver(previous=..., framework=...)`` inside ``framework_load``'s transaction when a new
#: version replaces a current one. The apps above register theirs in ``AppConfig.ready`` (the self-assessment
#: carries every school's judgements forward: ``assessments.services.assessments_carry_forward``), so this
#: app never imports them.
VERSION_PUBLISHED: list[Callable[..., None]] = []


def on_version_published(receiver: Callable[..., None]) -> None:
    """Register ``receiver`` for new versions (once: registering it again changes nothing)."""
    if receiver not in VERSION_PUBLISHED:
        VERSION_PUBLISHED.append(receiver)


def mapping_problems(spec: FrameworkSpec, previous: Framework | None) -> list[str]:
    """What is wrong with publishing ``spec`` after ``previous`` (the current version), if anything.

    The schema checks a file on its own; this checks it against the version it replaces: the
    version goes up, and every ``from`` slug in the mapping is an aspect of the previous version.
    """
    problems: list[str] = []
    if previous is None:
        if spec.mapping:
            problems.append("mapping: there is no previous framework version to map from")
        return problems
    if previous.slug == spec.slug and spec.version <= previous.version:
        problems.append(
            f"version {spec.version} is not newer than the current version {previous.version} of {spec.slug!r}"
        )
    old_slugs = set(Aspect.objects.filter(framework=previous).values_list("slug", flat=True))
    for index, entry in enumerate(spec.mapping, start=1):
        for slug in entry.from_slugs:
            if slug not in old_slugs:
                problems.append(
                    f"mapping entry #{index}: 'from' aspect {slug!r} is not an aspect of {previous.slug} "
                    f"version {previous.version}"
                )
    return problems


def retired_aspects(spec: FrameworkSpec, previous: Framework | None) -> list[str]:
    """Slugs of ``previous``'s aspects that ``spec`` neither keeps nor maps: their judgements stay in
    the old assessments (history) but are not carried forward."""
    if previous is None:
        return []
    carried = {aspect.slug for aspect in spec.aspects} | {s for entry in spec.mapping for s in entry.from_slugs}
    return sorted(
        slug for slug in Aspect.objects.filter(framework=previous).values_list("slug", flat=True) if slug not in carried
    )


@transaction.atomic
def framework_load(*, spec: FrameworkSpec, by: User | None = None) -> Framework:
    """Store a validated framework version, make it current, and move schools onto it.

    Loading a slug and version that is already stored changes nothing and returns the stored one.
    Otherwise the mapping is checked against the current version (``FrameworkError`` listing every
    problem, nothing written), the new version becomes current, and every school's current
    assessment is carried to it through the mapping (``assessments.services.assessments_carry_forward``,
    registered in ``VERSION_PUBLISHED``).
    """
    existing = Framework.objects.filter(slug=spec.slug, version=spec.version).first()
    if existing is not None:
        return existing
    previous = Framework.objects.select_for_update().filter(is_current=True).first()
    problems = mapping_problems(spec, previous)
    if problems:
        raise FrameworkError(problems, source=f"{spec.slug} version {spec.version}")

    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    framework = Framework.objects.create(
        slug=spec.slug,
        version=spec.version,
        title=spec.title,
        published_on=spec.published,
        threshold_level=spec.threshold_level,
        level_names={str(number): name for number, name in spec.level_names.items()},
        is_current=True,
        loaded_by=by,
    )
    CpdTopic.objects.bulk_create(
        CpdTopic(framework=framework, slug=slug, title=title) for slug, title in spec.cpd_topics.items()
    )
    aspects: dict[str, Aspect] = {}
    statements: list[LevelStatement] = []
    order = 0
    for dimension_order, dimension_spec in enumerate(spec.dimensions, start=1):
        dimension = Dimension.objects.create(
            framework=framework,
            slug=dimension_spec.slug,
            title=dimension_spec.title,
            summary=dimension_spec.summary,
            order=dimension_order,
        )
        for aspect_spec in dimension_spec.aspects:
            order += 1
            aspect = Aspect.objects.create(
                framework=framework,
                dimension=dimension,
                slug=aspect_spec.slug,
                title=aspect_spec.title,
                summary=aspect_spec.summary,
                order=order,
                changed=aspect_spec.changed,
            )
            aspects[aspect.slug] = aspect
            statements.extend(
                LevelStatement(
                    aspect=aspect,
                    level=level.level,
                    statement=level.statement or "",
                    statement_primary=level.primary or "",
                    statement_secondary=level.secondary or "",
                    actions=list(level.actions),
                    evidence=list(level.evidence),
                    cpd_topics=list(level.cpd_topics),
                    is_threshold=level.is_threshold,
                )
                for level in aspect_spec.levels
            )
    LevelStatement.objects.bulk_create(statements)

    if previous is not None:
        _record_mapping(spec, previous, framework, aspects)
        for receiver in VERSION_PUBLISHED:
            receiver(previous=previous, framework=framework)
    return framework


def _record_mapping(spec: FrameworkSpec, previous: Framework, framework: Framework, aspects: dict[str, Aspect]) -> None:
    """Store where each previous aspect went: the file's mapping, plus "kept" for unchanged slugs."""
    old = {aspect.slug: aspect for aspect in Aspect.objects.filter(framework=previous)}
    rows: list[AspectMapping] = []
    mapped_new: set[str] = set()
    for entry in spec.mapping:
        for new_slug in entry.to_slugs:
            mapped_new.add(new_slug)
            rows.extend(
                AspectMapping(aspect=aspects[new_slug], previous=old[old_slug], kind=entry.kind)
                for old_slug in entry.from_slugs
            )
    mapped_old = {old_slug for entry in spec.mapping for old_slug in entry.from_slugs}
    for slug, aspect in aspects.items():
        if slug not in mapped_new and slug in old and slug not in mapped_old:
            rows.append(AspectMapping(aspect=aspect, previous=old[slug], kind="kept"))
    AspectMapping.objects.bulk_create(rows)
