"""Writes to the CPD ledger: recording from a source (idempotent), claims, withdrawals."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from uplift.cpd.models import Entry, SourceKind
from uplift.cpd.services import (
    Attendee,
    Claim,
    entries_sync_source,
    entry_claim,
    entry_record_from_source,
    entry_withdraw,
)
from uplift.cpd.tests.factories import ClaimFactory, EntryFactory
from uplift.frameworks.models import Aspect, Dimension, Framework

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 10, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _sync(attendees, **overrides):
    values = {
        "kind": SourceKind.DROPIN,
        "source_id": 7,
        "title": "PRIMM clinic",
        "on": dt.date(2027, 3, 1),
        "minutes": 60,
    }
    return entries_sync_source(**{**values, **overrides}, attendees=attendees)


def test_recording_a_source_twice_keeps_one_verified_entry_up_to_date(cast) -> None:
    first = entry_record_from_source(
        teacher=cast.teacher,
        school=cast.school_a,
        kind=SourceKind.COACHING,
        source_id=3,
        title="Coaching",
        on=dt.date(2027, 2, 1),
        minutes=60,
    )
    again = entry_record_from_source(
        teacher=cast.teacher,
        school=cast.school_a,
        kind=SourceKind.COACHING,
        source_id=3,
        title="Coaching",
        on=dt.date(2027, 2, 2),
        minutes=90,
    )
    assert first.pk == again.pk
    entry = Entry.objects.get()
    assert (entry.verified, entry.minutes, entry.on, entry.school) == (True, 90, dt.date(2027, 2, 2), cast.school_a)


def test_a_sync_records_attendees_and_withdraws_whoever_no_longer_attended(cast) -> None:
    result = _sync([Attendee(cast.teacher, cast.school_a), Attendee(cast.lead, cast.school_a)])
    assert (result.recorded, result.withdrawn) == (2, 0)
    assert _sync([Attendee(cast.teacher, cast.school_a), Attendee(cast.lead, cast.school_a)]).recorded == 0

    result = _sync([Attendee(cast.teacher, cast.school_a)])

    assert (result.recorded, result.withdrawn) == (0, 1)
    assert list(Entry.objects.active().values_list("teacher__email", flat=True)) == [cast.teacher.email]
    assert Entry.objects.get(teacher=cast.lead).is_withdrawn


def test_attending_again_brings_a_withdrawn_entry_back(cast) -> None:
    _sync([Attendee(cast.teacher, cast.school_a)])
    _sync([])
    assert not Entry.objects.active().exists()

    result = _sync([Attendee(cast.teacher, cast.school_a)], minutes=45)

    assert result.recorded == 1
    entry = Entry.objects.get()
    assert not entry.is_withdrawn and entry.minutes == 45


def test_one_source_never_touches_another(cast) -> None:
    _sync([Attendee(cast.teacher, cast.school_a)], source_id=1)
    _sync([Attendee(cast.teacher, cast.school_a)], source_id=1, kind=SourceKind.WORKGROUP_MEETING)
    _sync([], source_id=2)
    assert Entry.objects.active().count() == 2


def test_a_sync_adds_dimensions_to_new_entries(cast, framework) -> None:
    dimension = Dimension.objects.filter(framework=framework).order_by("order").first()
    entries_sync_source(
        kind=SourceKind.WORKGROUP_MEETING,
        source_id=5,
        title="Workgroup",
        on=dt.date(2027, 3, 1),
        minutes=120,
        attendees=[Attendee(cast.teacher, cast.school_a)],
        dimensions=[dimension],
    )
    assert list(Entry.objects.get().dimensions.all()) == [dimension]


@pytest.mark.parametrize(
    ("kind", "source_id", "title", "minutes"),
    [
        (SourceKind.EXTERNAL, 1, "x", 60),
        (SourceKind.DROPIN, 0, "x", 60),
        (SourceKind.DROPIN, 1, " ", 60),
        (SourceKind.DROPIN, 1, "x", 0),
        (SourceKind.DROPIN, 1, "x", 24 * 60 + 1),
    ],
)
def test_a_source_must_say_what_it_was(cast, kind, source_id, title, minutes) -> None:
    with pytest.raises(ValueError):
        entries_sync_source(
            kind=kind, source_id=source_id, title=title, on=dt.date(2027, 1, 1), minutes=minutes, attendees=[]
        )


def _claim(**overrides) -> Claim:
    values = {
        "title": "Teaching programming with micro:bits",
        "provider": "A university",
        "on": dt.date(2027, 3, 1),
        "minutes": 90,
    }
    return Claim(**{**values, **overrides})


def test_a_teacher_claims_external_cpd_as_self_reported(cast, framework) -> None:
    dimension = Dimension.objects.filter(framework=framework).order_by("order").first()
    aspect = Aspect.objects.filter(dimension=dimension).order_by("order").first()

    entry = entry_claim(
        teacher=cast.teacher, claim=_claim(school=cast.school_a, dimensions=[dimension], aspects=[aspect])
    )

    entry.refresh_from_db()
    assert (entry.verified, entry.source_kind, entry.minutes, entry.school) == (
        False,
        SourceKind.EXTERNAL,
        90,
        cast.school_a,
    )
    assert list(entry.dimensions.all()) == [dimension] and list(entry.aspects.all()) == [aspect]
    assert entry.recorded_by == cast.teacher


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": " "}, "title", "Enter the title of the CPD"),
        ({"provider": ""}, "provider", "Enter who ran the CPD"),
        ({"on": None}, "on", "Enter the date you took the CPD"),
        ({"on": dt.date(2027, 3, 11)}, "on", "The date must be today or in the past"),
        ({"on": dt.date(2024, 3, 1)}, "on", "Claim CPD from the last 3 years"),
        ({"minutes": 14}, "minutes", "Enter a length between 15 minutes and 35 hours, in minutes"),
        ({"minutes": 35 * 60 + 1}, "minutes", "Enter a length between 15 minutes and 35 hours, in minutes"),
    ],
)
def test_a_claim_is_refused_with_the_reason(cast, overrides, field, message) -> None:
    with pytest.raises(ValidationError) as refused:
        entry_claim(teacher=cast.teacher, claim=_claim(**overrides))
    assert refused.value.message_dict[field] == [message]
    assert not Entry.objects.exists()


def test_a_claim_for_someone_elses_school_is_refused(cast) -> None:
    with pytest.raises(ValidationError) as refused:
        entry_claim(teacher=cast.teacher, claim=_claim(school=cast.school_b))
    assert refused.value.message_dict["school"] == ["Choose one of your own schools"]
    entry_claim(teacher=cast.teacher_b, claim=_claim(school=cast.school_b))


def test_the_same_claim_twice_is_refused_until_the_first_is_withdrawn(cast) -> None:
    first = entry_claim(teacher=cast.teacher, claim=_claim())
    with pytest.raises(ValidationError) as refused:
        entry_claim(teacher=cast.teacher, claim=_claim(title="teaching programming with MICRO:BITS"))
    assert "already claimed" in refused.value.message_dict["title"][0]

    entry_withdraw(entry=first, by=cast.teacher)

    entry_claim(teacher=cast.teacher, claim=_claim())
    assert Entry.objects.active().count() == 1


def test_a_claim_mixing_frameworks_is_refused(cast, framework) -> None:
    tiny = Framework.objects.create(
        slug="other", version=1, title="Other", published_on=dt.date(2026, 1, 1), threshold_level=4
    )
    theirs = Dimension.objects.create(framework=tiny, slug="x", title="X", summary="", order=1)
    ours = Dimension.objects.filter(framework=framework).first()
    with pytest.raises(ValidationError) as refused:
        entry_claim(teacher=cast.teacher, claim=_claim(dimensions=[ours, theirs]))
    assert "dimensions" in refused.value.message_dict


def test_withdrawing_stops_a_claim_counting_and_keeps_who_did_it(cast) -> None:
    entry = ClaimFactory(teacher=cast.teacher)

    entry_withdraw(entry=entry, by=cast.teacher)

    entry.refresh_from_db()
    assert entry.is_withdrawn and entry.withdrawn_by == cast.teacher and entry.withdrawn_at == NOW
    with pytest.raises(ValidationError, match="already withdrawn"):
        entry_withdraw(entry=entry, by=cast.teacher)


def test_verified_cpd_is_never_withdrawn_by_hand(cast) -> None:
    entry = EntryFactory(teacher=cast.teacher)
    with pytest.raises(ValidationError, match="Verified CPD"):
        entry_withdraw(entry=entry, by=cast.teacher)
    assert not Entry.objects.get().is_withdrawn
