"""The need formula: per dimension, the mean over its aspects of max(0, threshold - level)."""

from __future__ import annotations

import pytest

from uplift.cohorts.needs import dimension_need, needs_from_levels, school_needs
from uplift.schools.tests.factories import SchoolFactory

from .helpers import judge


def test_need_is_the_mean_gap_below_level_4() -> None:
    # Levels 1, 3, 5: gaps 3, 1, 0 -> mean 4/3.
    assert dimension_need([1, 3, 5]) == pytest.approx(4 / 3)
    # Levels 2, 2, 4, 4: gaps 2, 2, 0, 0 -> 1.0.
    assert dimension_need([2, 2, 4, 4]) == 1.0
    assert dimension_need([1, 1, 1]) == 3.0  # the most need
    assert dimension_need([4, 5, 5]) == 0.0  # at or above the standard: no need
    assert dimension_need([]) == 0.0


def test_the_threshold_follows_the_framework() -> None:
    # Threshold 3: levels 1, 2, 3 -> gaps 2, 1, 0 -> 1.0 (with 4 it would be 2.0).
    assert dimension_need([1, 2, 3], threshold=3) == 1.0
    assert dimension_need([1, 2, 3]) == 2.0


def test_needs_by_dimension_are_rounded() -> None:
    assert needs_from_levels({"leadership": [1, 3, 5], "impact": [4, 4, 4]}) == {"leadership": 1.333, "impact": 0.0}


def test_school_needs_come_from_the_current_assessment(small, cast) -> None:
    school = SchoolFactory()
    assert school_needs(school) == {}
    # Leadership at 1, 2, 4 -> (3 + 2 + 0) / 3 = 5/3; curriculum at 3, 3, 3 -> 1; everything else 4 -> 0.
    judge(
        school,
        cast.lead,
        small,
        {
            "leadership-1": 1,
            "leadership-2": 2,
            "leadership-3": 4,
            "curriculum-1": 3,
            "curriculum-2": 3,
            "curriculum-3": 3,
        },
        default=4,
    )
    needs = school_needs(school)
    assert list(needs) == [
        "leadership",
        "curriculum",
        "teaching",
        "staff_development",
        "inclusion",
        "careers",
        "impact",
    ]
    assert needs["leadership"] == pytest.approx(1.667)
    assert needs["curriculum"] == 1.0
    assert needs["impact"] == 0.0
