"""Reads of the CPD ledger: academic years, "trained", school and programme totals."""

from __future__ import annotations

import datetime as dt

import pytest

from uplift.accounts.access import manager_scope
from uplift.cpd.models import TRAINED_MINUTES, SourceKind
from uplift.cpd.selectors import (
    is_trained,
    programme_totals,
    school_cpd,
    school_entries,
    teacher_record,
    teacher_year_minutes,
)
from uplift.cpd.tests.factories import ClaimFactory, EntryFactory
from uplift.lib.dates import academic_year_of

pytestmark = pytest.mark.django_db


def test_trained_is_five_hours_in_one_academic_year_across_short_sessions(cast) -> None:
    assert TRAINED_MINUTES == 300
    for day in (dt.date(2026, 9, 1), dt.date(2026, 11, 5), dt.date(2027, 2, 3), dt.date(2027, 5, 20)):
        EntryFactory(teacher=cast.teacher, on=day, minutes=60)
    # 31 August belongs to the year before, 1 September 2027 to the next one: neither counts for 2026/27.
    EntryFactory(teacher=cast.teacher, on=dt.date(2026, 8, 31), minutes=60)
    EntryFactory(teacher=cast.teacher, on=dt.date(2027, 9, 1), minutes=60)
    assert not is_trained(teacher=cast.teacher, year=2026)

    ClaimFactory(teacher=cast.teacher, on=dt.date(2027, 8, 31), minutes=60)

    minutes = teacher_year_minutes(teacher=cast.teacher, year=2026)
    assert (minutes.verified, minutes.self_reported, minutes.total) == (240, 60, 300)
    assert minutes.trained and not minutes.trained_verified
    assert is_trained(teacher=cast.teacher, year=2026)


def test_withdrawn_entries_count_nowhere(cast) -> None:
    ClaimFactory(
        teacher=cast.teacher, school=cast.school_a, minutes=300, withdrawn_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    )
    assert teacher_year_minutes(teacher=cast.teacher, year=2026).total == 0
    assert school_cpd(school=cast.school_a, year=2026).rows == []
    assert programme_totals(year=2026).teachers == 0


def test_a_teachers_record_lists_each_year_newest_first_with_this_year_always_there(cast) -> None:
    EntryFactory(teacher=cast.teacher, on=dt.date(2024, 10, 1), minutes=30)
    ClaimFactory(teacher=cast.teacher, on=dt.date(2024, 12, 1), minutes=45)
    EntryFactory(teacher=cast.lead, on=dt.date(2026, 10, 1), minutes=30)  # someone else's

    years = teacher_record(teacher=cast.teacher, current_year=2026)

    assert [(y.year, y.label, y.minutes.total) for y in years] == [(2026, "2026/27", 0), (2024, "2024/25", 75)]
    assert [e.minutes for e in years[1].entries] == [45, 30]


def test_a_schools_staff_cpd_counts_time_taken_while_at_that_school(cast) -> None:
    EntryFactory(teacher=cast.teacher, school=cast.school_a, minutes=200)
    ClaimFactory(teacher=cast.teacher, school=cast.school_a, minutes=100)
    EntryFactory(teacher=cast.lead, school=cast.school_a, minutes=60)
    # The same teacher's CPD at another school stays with that school.
    EntryFactory(teacher=cast.teacher, school=cast.school_b, minutes=500)

    cpd = school_cpd(school=cast.school_a, year=academic_year_of(dt.date(2026, 10, 14)))

    assert [(row.teacher, row.minutes.verified, row.minutes.self_reported, row.entries) for row in cpd.rows] == [
        (cast.teacher, 200, 100, 2),
        (cast.lead, 60, 0, 1),
    ]
    assert (cpd.minutes.verified, cpd.minutes.self_reported) == (260, 100)
    assert (cpd.trained, cpd.trained_verified) == (1, 0)


def test_coaching_stays_private_to_the_coachee_in_the_schools_view(cast) -> None:
    EntryFactory(teacher=cast.lead, school=cast.school_a, source_kind=SourceKind.COACHING, minutes=120)
    EntryFactory(teacher=cast.teacher, school=cast.school_a, minutes=60)

    assert [row.teacher for row in school_cpd(school=cast.school_a, year=2026).rows] == [cast.teacher]
    assert [e.teacher for e in school_entries(school=cast.school_a, year=2026)] == [cast.teacher]
    assert teacher_year_minutes(teacher=cast.lead, year=2026).verified == 120
    assert programme_totals(year=2026).minutes.verified == 180


def test_programme_totals_report_verified_and_self_reported_apart(cast) -> None:
    EntryFactory(teacher=cast.teacher, school=cast.school_a, minutes=300)
    EntryFactory(teacher=cast.lead_b, school=cast.school_b, minutes=200)
    ClaimFactory(teacher=cast.lead_b, school=cast.school_b, minutes=100)
    ClaimFactory(teacher=cast.outsider, school=None, minutes=30)
    EntryFactory(teacher=cast.teacher_b, school=cast.school_b, minutes=999, on=dt.date(2027, 9, 1))  # next year

    totals = programme_totals(year=2026)

    assert (totals.minutes.verified, totals.minutes.self_reported) == (500, 130)
    assert (totals.teachers, totals.teachers_verified) == (3, 2)
    assert (totals.trained, totals.trained_verified) == (2, 1)
    assert totals.schools == 2


def test_a_regional_managers_totals_cover_their_region_only(cast) -> None:
    EntryFactory(teacher=cast.teacher, school=cast.school_a, minutes=300)
    EntryFactory(teacher=cast.lead_b, school=cast.school_b, minutes=200)
    ClaimFactory(teacher=cast.outsider, school=None, minutes=30)

    totals = programme_totals(year=2026, scope=manager_scope(cast.manager_b))

    assert (totals.minutes.total, totals.teachers, totals.schools) == (200, 1, 1)
    assert programme_totals(year=2026, scope=manager_scope(cast.manager)).minutes.total == 530


def test_programme_totals_take_a_fixed_number_of_queries(cast, django_assert_num_queries) -> None:
    for teacher in (cast.teacher, cast.lead, cast.head, cast.lead_b):
        EntryFactory.create_batch(3, teacher=teacher, school=cast.school_a)
    with django_assert_num_queries(3):
        programme_totals(year=2026)
