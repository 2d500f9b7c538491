"""Reads of assessments: the current assessment, progress, levels and eligibility for the Quality Mark.

The rules (ISSUE 3):
- an aspect is *complete* when a level is chosen and all three commentary boxes are filled;
- a dimension's *level* is the lowest level of its aspects, once every aspect has a level (None
  before); its *mean* is the mean of the levels chosen so far (None when none is);
- a dimension is *not started* until any of its aspects has a level or commentary, *completed* when
  every aspect is complete, *in progress* in between;
- the school is *eligible* for the Quality Mark when every aspect is complete, at or above the
  framework's threshold level, and none is waiting for review after a framework change.

Every function here runs a fixed number of queries whatever the number of aspects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from uplift.assessments.models import Assessment, Judgement
from uplift.frameworks.models import Aspect, Dimension, Framework

if TYPE_CHECKING:
    from uplift.accounts.models import User
    from uplift.schools.models import School

__all__ = [
    "COMPLETED",
    "IN_PROGRESS",
    "NOT_STARTED",
    "AspectProgress",
    "AssessmentProgress",
    "DimensionProgress",
    "assessment_progress",
    "current_assessment",
    "framework_progress",
    "judgement_for",
    "levels_data",
    "school_progress",
]

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
STATUS_LABELS = {NOT_STARTED: "Not started", IN_PROGRESS: "In progress", COMPLETED: "Completed"}
STATUS_COLOURS = {NOT_STARTED: "grey", IN_PROGRESS: "blue", COMPLETED: "green"}


def _status(started: int, complete: int, total: int) -> str:
    if total and complete == total:
        return COMPLETED
    return IN_PROGRESS if started or complete else NOT_STARTED


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _bar(percent: int) -> int:
    """The width class of a decorative progress bar (``u-bar__fill--<n>``, steps of 5)."""
    return 5 * round(percent / 5)


@dataclass(frozen=True)
class AspectProgress:
    """One aspect and the school's judgement on it (None when nobody has saved it yet)."""

    aspect: Aspect
    judgement: Judgement | None

    @property
    def level(self) -> int | None:
        return self.judgement.level if self.judgement else None

    @property
    def is_complete(self) -> bool:
        return self.judgement is not None and self.judgement.is_complete

    @property
    def is_started(self) -> bool:
        return self.judgement is not None and self.judgement.is_started

    @property
    def needs_review(self) -> bool:
        return self.judgement is not None and self.judgement.needs_review

    @property
    def status(self) -> str:
        return COMPLETED if self.is_complete else IN_PROGRESS if self.is_started else NOT_STARTED

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def updated_by(self) -> User | None:
        return self.judgement.updated_by if self.judgement else None

    @property
    def updated_at(self) -> datetime | None:
        return self.judgement.updated_at if self.judgement else None


@dataclass(frozen=True)
class DimensionProgress:
    dimension: Dimension
    aspects: list[AspectProgress]

    @property
    def total(self) -> int:
        return len(self.aspects)

    @property
    def complete(self) -> int:
        return sum(1 for aspect in self.aspects if aspect.is_complete)

    @property
    def percent(self) -> int:
        return _percent(self.complete, self.total)

    @property
    def bar(self) -> int:
        return _bar(self.percent)

    @property
    def status(self) -> str:
        started = sum(1 for aspect in self.aspects if aspect.is_started)
        return _status(started, self.complete, self.total)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def level(self) -> int | None:
        """The lowest aspect level, once every aspect has one; None until then."""
        levels = [aspect.level for aspect in self.aspects]
        if not levels or any(level is None for level in levels):
            return None
        return min(levels)  # type: ignore[type-var]

    @property
    def mean_level(self) -> float | None:
        """The mean of the levels chosen so far (one decimal place), or None."""
        levels = [aspect.level for aspect in self.aspects if aspect.level is not None]
        return round(sum(levels) / len(levels), 1) if levels else None

    @property
    def needs_review(self) -> int:
        return sum(1 for aspect in self.aspects if aspect.needs_review)


@dataclass(frozen=True)
class AssessmentProgress:
    """The whole picture for one school's assessment (or a blank one before anything is saved)."""

    framework: Framework
    assessment: Assessment | None
    dimensions: list[DimensionProgress] = field(default_factory=list)

    @property
    def aspects(self) -> list[AspectProgress]:
        return [aspect for dimension in self.dimensions for aspect in dimension.aspects]

    @property
    def total(self) -> int:
        return sum(dimension.total for dimension in self.dimensions)

    @property
    def complete(self) -> int:
        return sum(dimension.complete for dimension in self.dimensions)

    @property
    def percent(self) -> int:
        return _percent(self.complete, self.total)

    @property
    def bar(self) -> int:
        return _bar(self.percent)

    @property
    def status(self) -> str:
        started = sum(1 for aspect in self.aspects if aspect.is_started)
        return _status(started, self.complete, self.total)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.complete == self.total

    @property
    def missing_for_mark(self) -> list[tuple[Aspect, str]]:
        """Each aspect that stands between the school and the Quality Mark, with the reason."""
        threshold = self.framework.threshold_level
        missing = []
        for item in self.aspects:
            if item.level is None:
                missing.append((item.aspect, "no level chosen yet"))
            elif item.level < threshold:
                missing.append(
                    (item.aspect, f"level {item.level} is below the Quality Mark standard (level {threshold})")
                )
            elif not item.is_complete:
                missing.append((item.aspect, "commentary not finished"))
            elif item.needs_review:
                missing.append((item.aspect, "the framework changed: review and save it again"))
        return missing

    @property
    def eligible(self) -> bool:
        """Every aspect complete, at or above the threshold, and none waiting for review."""
        return self.total > 0 and not self.missing_for_mark

    def dimension(self, slug: str) -> DimensionProgress:
        for dimension in self.dimensions:
            if dimension.dimension.slug == slug:
                return dimension
        raise KeyError(slug)

    def next_aspect(self, aspect: Aspect) -> Aspect | None:
        """The aspect after ``aspect`` in framework order, or None after the last."""
        aspects = [item.aspect for item in self.aspects]
        for index, item in enumerate(aspects):
            if item.pk == aspect.pk:
                return aspects[index + 1] if index + 1 < len(aspects) else None
        return None


def current_assessment(school: School) -> Assessment | None:
    """The school's current assessment (with its framework), or None before its first save."""
    return Assessment.objects.select_related("framework").filter(school=school, is_current=True).first()


def framework_progress(
    framework: Framework, judgements: list[Judgement], assessment: Assessment | None = None
) -> AssessmentProgress:
    """Progress built from a framework's aspects and a list of judgements (2 queries)."""
    aspects = list(Aspect.objects.filter(framework=framework).select_related("dimension").order_by("order"))
    by_aspect = {judgement.aspect_id: judgement for judgement in judgements}
    dimensions: dict[int, DimensionProgress] = {}
    for aspect in sorted(aspects, key=lambda a: (a.dimension.order, a.order)):
        if aspect.dimension_id not in dimensions:
            dimensions[aspect.dimension_id] = DimensionProgress(aspect.dimension, [])
        dimensions[aspect.dimension_id].aspects.append(AspectProgress(aspect, by_aspect.get(aspect.pk)))
    return AssessmentProgress(framework=framework, assessment=assessment, dimensions=list(dimensions.values()))


def assessment_progress(assessment: Assessment) -> AssessmentProgress:
    """Progress, dimension levels and Quality Mark eligibility of one assessment (3 queries).

    Per dimension: status (not_started / in_progress / completed), percent, level (lowest aspect
    level, once all have one), mean level, complete / total; overall percent, ``eligible`` and
    ``missing_for_mark`` (aspect, reason). See the module docstring for the rules.
    """
    judgements = list(assessment.judgements.select_related("updated_by"))
    return framework_progress(assessment.framework, judgements, assessment)


def school_progress(school: School) -> AssessmentProgress | None:
    """Progress of the school's current assessment, or a blank one on the current framework.

    None only when no framework has been loaded at all.
    """
    assessment = current_assessment(school)
    if assessment is not None:
        return assessment_progress(assessment)
    framework = Framework.objects.current()
    if framework is None:
        return None
    return framework_progress(framework, [])


def judgement_for(assessment: Assessment | None, aspect: Aspect) -> Judgement | None:
    """The judgement on ``aspect`` in ``assessment`` (with its evidence), or None."""
    if assessment is None:
        return None
    return (
        Judgement.objects.select_related("updated_by")
        .prefetch_related("evidence")
        .filter(assessment=assessment, aspect=aspect)
        .first()
    )


def levels_data(progress: AssessmentProgress) -> dict:
    """The levels as stored in ``Snapshot.data``: aspects and dimensions by slug, and context."""
    return {
        "aspects": {item.aspect.slug: item.level for item in progress.aspects},
        "dimensions": {dimension.dimension.slug: dimension.level for dimension in progress.dimensions},
        "framework": {"slug": progress.framework.slug, "version": progress.framework.version},
        "percent": progress.percent,
    }
