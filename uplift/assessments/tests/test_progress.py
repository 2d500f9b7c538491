"""Progress, dimension levels and Quality Mark eligibility (assessments.selectors)."""

import pytest

from uplift.assessments.selectors import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    assessment_progress,
    current_assessment,
    school_progress,
)
from uplift.assessments.services import judgement_save
from uplift.frameworks.models import Aspect, Framework
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import framework_spec
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(cast: Cast) -> Framework:
    """7 dimensions x 3 aspects (leadership-1 ... impact-3)."""
    return framework_load(spec=framework_spec())


def save(cast: Cast, slug: str, level: int | None, *, text: str = "Written", blanks: int = 0) -> None:
    texts = [text, text, text]
    for i in range(blanks):
        texts[i] = ""
    judgement_save(
        school=cast.school_a,
        aspect=Aspect.objects.get(framework__is_current=True, slug=slug),
        level=level,
        current_position=texts[0],
        evidence_commentary=texts[1],
        improvement_actions=texts[2],
        evidence_ids=[],
        by=cast.lead,
        expected_version=0,
    )


def all_slugs(framework: Framework) -> list[str]:
    return list(Aspect.objects.filter(framework=framework).order_by("order").values_list("slug", flat=True))


def test_before_any_save_the_school_has_a_blank_progress(cast: Cast, small: Framework) -> None:
    progress = school_progress(cast.school_a)

    assert current_assessment(cast.school_a) is None
    assert progress.assessment is None
    assert progress.total == 21
    assert progress.percent == 0
    assert progress.status == NOT_STARTED
    assert not progress.eligible
    assert len(progress.missing_for_mark) == 21


def test_an_aspect_is_complete_only_with_a_level_and_all_three_boxes(cast: Cast, small: Framework) -> None:
    save(cast, "leadership-1", 4)
    save(cast, "leadership-2", None)
    save(cast, "leadership-3", 4, blanks=1)

    leadership = assessment_progress(current_assessment(cast.school_a)).dimension("leadership")

    assert [item.is_complete for item in leadership.aspects] == [True, False, False]
    assert [item.status for item in leadership.aspects] == [COMPLETED, IN_PROGRESS, IN_PROGRESS]
    assert leadership.complete == 1
    assert leadership.percent == 33
    assert leadership.status == IN_PROGRESS


def test_the_dimension_level_is_the_lowest_once_every_aspect_has_one_and_the_mean_is_shown(
    cast: Cast, small: Framework
) -> None:
    save(cast, "curriculum-1", 5)
    save(cast, "curriculum-2", 3)
    partial = assessment_progress(current_assessment(cast.school_a)).dimension("curriculum")
    assert partial.level is None
    assert partial.mean_level == 4.0

    save(cast, "curriculum-3", 4)
    curriculum = assessment_progress(current_assessment(cast.school_a)).dimension("curriculum")

    assert curriculum.level == 3
    assert curriculum.mean_level == 4.0
    assert curriculum.status == COMPLETED


def test_overall_progress_counts_complete_aspects(cast: Cast, small: Framework) -> None:
    for slug in all_slugs(small)[:7]:
        save(cast, slug, 2)

    progress = assessment_progress(current_assessment(cast.school_a))

    assert (progress.complete, progress.total, progress.percent) == (7, 21, 33)
    assert progress.status == IN_PROGRESS
    assert [d.status for d in progress.dimensions][:3] == [COMPLETED, COMPLETED, IN_PROGRESS]


def test_eligible_when_every_aspect_is_complete_at_the_threshold(cast: Cast, small: Framework) -> None:
    for slug in all_slugs(small):
        save(cast, slug, 4)

    progress = assessment_progress(current_assessment(cast.school_a))

    assert progress.is_complete
    assert progress.eligible
    assert progress.missing_for_mark == []


def test_one_aspect_below_the_threshold_blocks_eligibility_and_says_why(cast: Cast, small: Framework) -> None:
    slugs = all_slugs(small)
    for slug in slugs[:-2]:
        save(cast, slug, 5)
    save(cast, slugs[-2], 3)
    save(cast, slugs[-1], 4, blanks=2)

    progress = assessment_progress(current_assessment(cast.school_a))

    assert not progress.eligible
    reasons = {aspect.slug: reason for aspect, reason in progress.missing_for_mark}
    assert reasons == {
        slugs[-2]: "level 3 is below the Quality Mark standard (level 4)",
        slugs[-1]: "commentary not finished",
    }


def test_an_aspect_waiting_for_review_blocks_eligibility(cast: Cast, small: Framework) -> None:
    for slug in all_slugs(small):
        save(cast, slug, 4)
    assessment = current_assessment(cast.school_a)
    assessment.judgements.filter(aspect__slug="impact-1").update(needs_review=True)

    progress = assessment_progress(assessment)

    assert not progress.eligible
    assert [(a.slug, r) for a, r in progress.missing_for_mark] == [
        ("impact-1", "the framework changed: review and save it again")
    ]


def test_progress_runs_a_fixed_number_of_queries(cast: Cast, small: Framework, django_assert_max_num_queries) -> None:
    for slug in all_slugs(small):
        save(cast, slug, 4)
    assessment = current_assessment(cast.school_a)

    with django_assert_max_num_queries(3):
        progress = assessment_progress(assessment)
        [(item.is_complete, item.updated_by) for item in progress.aspects]
