"""Academic years run 1 September - 31 August."""

from __future__ import annotations

import datetime as dt

import pytest

from uplift.lib.dates import academic_year_bounds, academic_year_label, academic_year_of


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (dt.date(2026, 9, 1), 2026),
        (dt.date(2026, 8, 31), 2025),
        (dt.date(2027, 1, 15), 2026),
        (dt.date(2027, 8, 31), 2026),
        (dt.date(2000, 12, 31), 2000),
    ],
)
def test_a_day_belongs_to_the_year_that_started_the_september_before(day: dt.date, year: int) -> None:
    assert academic_year_of(day) == year


def test_bounds_are_inclusive_and_contain_their_own_days() -> None:
    first, last = academic_year_bounds(2026)
    assert (first, last) == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    assert academic_year_of(first) == academic_year_of(last) == 2026
    assert academic_year_of(first - dt.timedelta(days=1)) == 2025
    assert academic_year_of(last + dt.timedelta(days=1)) == 2027


def test_labels_use_two_digits_for_the_second_year() -> None:
    assert academic_year_label(2026) == "2026/27"
    assert academic_year_label(2099) == "2099/00"
