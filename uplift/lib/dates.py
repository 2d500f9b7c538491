"""Academic years: England's school year runs from 1 September to 31 August.

A year is named by the calendar year it starts in (``2026`` is 1 September 2026 - 31 August 2027) and shown
as ``"2026/27"``. Pure functions of the date they are given: nothing here reads today's date.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["academic_year_bounds", "academic_year_label", "academic_year_of"]

FIRST_MONTH = 9  # September


def academic_year_of(day: dt.date) -> int:
    """The academic year ``day`` falls in, named by its starting calendar year."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def academic_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """The first and last day (both inclusive) of academic year ``year``."""
    return dt.date(year, FIRST_MONTH, 1), dt.date(year + 1, FIRST_MONTH - 1, 31)


def academic_year_label(year: int) -> str:
    """``2026`` -> ``"2026/27"``."""
    return f"{year}/{(year + 1) % 100:02d}"
