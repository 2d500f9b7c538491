"""The demo's CPD ledger: coherent on any anchor day, and safe to seed twice."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from uplift.cpd.demo import seed
from uplift.cpd.models import Entry
from uplift.cpd.selectors import teacher_year_minutes
from uplift.lib.dates import academic_year_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("anchor", [dt.date(2027, 9, 2), dt.date(2028, 2, 29), dt.date(2028, 8, 31)])
def test_the_demo_claims_are_dated_from_the_anchor_and_seeded_once(cast, anchor) -> None:
    users = {"teacher": cast.teacher, "lead": cast.lead, "head": cast.head}
    with time_machine.travel(dt.datetime.combine(anchor, dt.time(12), tzinfo=dt.UTC), tick=False):
        seed(anchor, users=users, home_school=cast.school_a)
        seed(anchor, users=users, home_school=cast.school_a)

    assert Entry.objects.count() == 6 and Entry.objects.active().count() == 5
    assert sorted(Entry.objects.filter(teacher=cast.teacher).values_list("on", flat=True)) == [
        anchor - dt.timedelta(days=days) for days in (300, 40, 12)
    ]
    assert max(Entry.objects.values_list("on", flat=True)) < anchor
    assert {e.school for e in Entry.objects.all()} == {cast.school_a}
    lead = teacher_year_minutes(teacher=cast.lead, year=academic_year_of(anchor - dt.timedelta(days=20)))
    assert lead.self_reported >= 240
