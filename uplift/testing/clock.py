"""The clock in tests: freeze it where a test reads it, and move it for a whole run to catch those that forget.

- ``frozen_now`` (fixture): the clock stands still at 10:00 Europe/London on ``ANCHOR`` for the test; it gives
  that moment (aware). ``today`` gives ``ANCHOR`` (and freezes the clock the same way).
- ``travel_to(when, tick=False)``: a context manager (or decorator) that moves the clock to ``when``: a date
  (10:00 London on it) or a datetime (naive means London time). Inside a frozen test it moves the frozen clock.
- ``UPLIFT_TEST_TRAVEL_DAYS=N`` moves the clock N days ahead (ticking) for the whole run, from before the test
  modules are imported (``pytest_configure``): a test that reads the real date without freezing it fails there
  before it fails on a user's machine on that day. A test that freezes its own clock still wins while it is
  frozen (time-machine nests travels). ``make test-travel`` runs the non-browser suite 200 days ahead.

Registered as a plugin in the top-level ``conftest.py``. How tests handle time: ``uplift/testing/README.md``.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from collections.abc import Iterator

import pytest
import time_machine

LONDON = zoneinfo.ZoneInfo("Europe/London")
#: The fixed day frozen tests run on (a Wednesday early in a month: the demo once broke on this very day).
ANCHOR = dt.date(2026, 12, 2)
#: 10:00 in London on ``ANCHOR``: well inside a working day, far from midnight in any direction.
ANCHOR_AT = dt.datetime.combine(ANCHOR, dt.time(10), tzinfo=LONDON)
TRAVEL_ENV = "UPLIFT_TEST_TRAVEL_DAYS"

_session_travel: time_machine.travel | None = None


def at_ten(day: dt.date) -> dt.datetime:
    """10:00 Europe/London on ``day`` (aware)."""
    return dt.datetime.combine(day, dt.time(10), tzinfo=LONDON)


def travel_to(when: dt.date | dt.datetime, *, tick: bool = False) -> time_machine.travel:
    """Move the clock to ``when`` (a date: 10:00 London on it; a naive datetime: London time), frozen unless
    ``tick``. Use as ``with travel_to(dt.date(2027, 3, 1)): ...`` or as a decorator."""
    if not isinstance(when, dt.datetime):
        when = at_ten(when)
    elif when.tzinfo is None:
        when = when.replace(tzinfo=LONDON)
    return time_machine.travel(when, tick=tick)


@pytest.fixture
def frozen_now() -> Iterator[dt.datetime]:
    """The clock frozen at 10:00 Europe/London on ``ANCHOR`` for this test; gives that moment."""
    with travel_to(ANCHOR_AT):
        yield ANCHOR_AT


@pytest.fixture
def today(frozen_now: dt.datetime) -> dt.date:
    """``ANCHOR``, with the clock frozen at 10:00 London on it (``frozen_now``)."""
    return frozen_now.date()


def travel_days() -> int:
    """The days ``UPLIFT_TEST_TRAVEL_DAYS`` moves the clock (0 when unset)."""
    value = os.environ.get(TRAVEL_ENV, "").strip()
    if not value:
        return 0
    try:
        return int(value)
    except ValueError:
        raise pytest.UsageError(f"{TRAVEL_ENV} must be a whole number of days, not {value!r}") from None


def pytest_configure(config: pytest.Config) -> None:
    global _session_travel  # noqa: PLW0603 - one travel for the whole run, stopped in pytest_unconfigure
    days = travel_days()
    if days and _session_travel is None:
        _session_travel = time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=days), tick=True)
        _session_travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    global _session_travel  # noqa: PLW0603
    if _session_travel is not None:
        _session_travel.stop()
        _session_travel = None


def pytest_report_header(config: pytest.Config) -> str | None:
    days = travel_days()
    if not days:
        return None
    return f"clock: travelled {days} days ahead ({TRAVEL_ENV}), to {dt.datetime.now(LONDON):%A %-d %B %Y %H:%M} London"
