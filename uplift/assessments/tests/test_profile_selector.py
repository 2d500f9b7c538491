"""profile_for_school: averages, strengths, areas for development and next steps."""

import pytest
from django.core.cache import cache

from uplift.assessments.models import Judgement
from uplift.assessments.profile import MAX_NEXT_STEPS, profile_for_school
from uplift.assessments.tests.profile_data import assess, clear_averages_cache  # noqa: F401 - autouse fixture
from uplift.frameworks.models import Framework, LevelStatement
from uplift.schools.models import Phase
from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


def row(profile, slug: str):
    return next(r for r in profile.rows if r.dimension.slug == slug)


def test_only_schools_that_completed_a_dimension_count_towards_its_average(cast: Cast, framework: Framework) -> None:
    for _ in range(5):
        assess(SchoolFactory(), framework, level=4)
    # Two more schools: one has left commentary blank in leadership, one has not judged careers at all.
    assess(SchoolFactory(), framework, level=1, incomplete={"leadership-vision"})
    assess(SchoolFactory(), framework, level=1, aspects={"careers-in-curriculum": None})

    profile = profile_for_school(school=cast.school_a)

    assert row(profile, "leadership").national.schools == 6
    assert row(profile, "leadership").national.mean == pytest.approx(3.5)  # (5 * 4 + 1) / 6
    assert row(profile, "careers").national.schools == 6
    assert row(profile, "teaching").national.schools == 7


def test_a_dimension_average_is_the_mean_of_each_schools_lowest_aspect(cast: Cast, framework: Framework) -> None:
    for _ in range(5):
        assess(SchoolFactory(), framework, level=5, aspects={"leadership-vision": 2})

    assert row(profile_for_school(school=cast.school_a), "leadership").national.mean == 2


def test_old_assessments_do_not_count(cast: Cast, framework: Framework) -> None:
    for _ in range(5):
        assess(SchoolFactory(), framework, level=4)
    for _ in range(5):
        assess(SchoolFactory(), framework, level=1, is_current=False)

    assert row(profile_for_school(school=cast.school_a), "leadership").national.mean == 4


def test_peers_are_schools_of_the_same_phase_in_the_same_region(cast: Cast, framework: Framework) -> None:
    for _ in range(5):
        assess(SchoolFactory(phase=Phase.PRIMARY, local_authority=cast.la_a), framework, level=2)
        assess(SchoolFactory(phase=Phase.SECONDARY, local_authority=cast.la_a), framework, level=5)
        assess(SchoolFactory(phase=Phase.PRIMARY, local_authority=cast.la_b), framework, level=4)

    profile = profile_for_school(school=cast.school_a)

    assert profile.peers_label == "Primary schools in North West"
    assert row(profile, "impact").peers.mean == 2
    assert row(profile, "impact").national.mean == pytest.approx(3.7)  # (10 + 25 + 20) / 15


def test_averages_below_five_schools_are_hidden(cast: Cast, framework: Framework) -> None:
    for _ in range(4):
        assess(SchoolFactory(), framework, level=4)

    leadership = row(profile_for_school(school=cast.school_a), "leadership")

    assert leadership.national.mean is None
    assert not leadership.national.is_shown


def test_averages_are_cached_for_a_few_minutes(cast: Cast, framework: Framework) -> None:
    for _ in range(5):
        assess(SchoolFactory(), framework, level=4)
    assert row(profile_for_school(school=cast.school_a), "leadership").national.mean == 4

    Judgement.objects.update(level=2)
    assert row(profile_for_school(school=cast.school_a), "leadership").national.mean == 4

    cache.clear()
    assert row(profile_for_school(school=cast.school_a), "leadership").national.mean == 2


def test_strengths_run_highest_first_and_areas_lowest_first(cast: Cast, framework: Framework) -> None:
    assess(cast.school_a, framework, level=3, dimensions={"careers": 5, "inclusion": 4, "impact": 1, "teaching": 2})

    profile = profile_for_school(school=cast.school_a)

    assert [(h.title, h.level) for h in profile.strengths] == [
        ("Careers Education", 5),
        ("Equity, Diversity, Inclusion and SEND", 4),
    ]
    assert [h.title for h in profile.developments][:2] == ["Impact on Outcomes", "Teaching, Learning and Assessment"]
    assert profile.strong_aspects[0].level == 5
    assert profile.weak_aspects[0].level == 1
    assert profile.weak_aspects[0].dimension.slug == "impact"


def test_next_steps_are_the_actions_of_the_lowest_aspects_first(cast: Cast, framework: Framework) -> None:
    assess(cast.school_a, framework, level=4, aspects={"careers-in-curriculum": 2, "leadership-vision": 3})

    steps = profile_for_school(school=cast.school_a).next_steps

    careers_actions = LevelStatement.objects.get(
        aspect__framework=framework, aspect__slug="careers-in-curriculum", level=2
    ).actions
    vision_actions = LevelStatement.objects.get(
        aspect__framework=framework, aspect__slug="leadership-vision", level=3
    ).actions
    expected = [a for a in careers_actions] + [a for a in vision_actions]
    assert [step.action for step in steps[: len(expected)]] == expected[:MAX_NEXT_STEPS]
    assert steps[0].aspect.slug == "careers-in-curriculum"
    assert len(steps) <= MAX_NEXT_STEPS


def test_next_steps_are_capped(cast: Cast, framework: Framework) -> None:
    assess(cast.school_a, framework, level=1)

    assert len(profile_for_school(school=cast.school_a).next_steps) == MAX_NEXT_STEPS


def test_a_school_with_no_judgements_has_an_empty_profile(cast: Cast, framework: Framework) -> None:
    profile = profile_for_school(school=cast.school_a)

    assert [r.level for r in profile.rows] == [None] * 7
    assert profile.next_steps == []
    assert profile.unjudged == 27
