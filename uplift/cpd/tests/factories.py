"""Factories for the CPD ledger: verified entries from a source, self-reported claims."""

from __future__ import annotations

import datetime as dt
import itertools

import factory

from uplift.cpd.models import Entry, SourceKind

_source_ids = itertools.count(1)


class EntryFactory(factory.django.DjangoModelFactory):
    """A verified drop-in entry by default; ``ClaimFactory`` for a self-reported one."""

    class Meta:
        model = Entry

    teacher = factory.SubFactory("uplift.accounts.tests.factories.UserFactory")
    school = None
    source_kind = SourceKind.DROPIN
    source_id = factory.LazyFunction(lambda: next(_source_ids))
    title = factory.Sequence(lambda n: f"CPD session {n}")
    on = dt.date(2026, 10, 14)
    minutes = 60
    verified = True


class ClaimFactory(EntryFactory):
    source_kind = SourceKind.EXTERNAL
    source_id = None
    verified = False
    provider = "A university"
