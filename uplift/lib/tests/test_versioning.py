"""Optimistic concurrency (``uplift.lib.versioning``): lock_fresh, check_fresh, bump and the one stale message."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django import forms
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from uplift.clusters.models import Cluster
from uplift.clusters.tests.factories import ClusterFactory
from uplift.cohorts.models import Cohort
from uplift.cohorts.tests.factories import CohortFactory
from uplift.funding.models import Category, Kind, LedgerEntry
from uplift.lib.forms import apply_errors
from uplift.lib.versioning import REMOVED_MESSAGE, STALE_MESSAGE, StaleEdit, check_fresh, lock_fresh

pytestmark = pytest.mark.django_db

ANCHOR = dt.datetime(2027, 3, 4, 10, 30, tzinfo=dt.UTC)


def _entry(**fields: object) -> LedgerEntry:
    """A ledger entry (``VersionedStamped``) without a school: ``school`` is a nullable join."""
    defaults = {
        "cluster": ClusterFactory(),
        "category": Category.SUPPLY_COVER,
        "kind": Kind.COMMITMENT,
        "amount": Decimal("120.00"),
        "on": dt.date(2027, 3, 1),
        "description": "Supply cover",
    }
    return LedgerEntry.objects.create(**{**defaults, **fields})


def test_a_fresh_version_gives_the_row_locked_with_its_joins(cast) -> None:
    entry = _entry(version=3)
    with transaction.atomic():
        current = lock_fresh(LedgerEntry.objects.select_related("school"), pk=entry.pk, expected_version=3)
    assert current.pk == entry.pk
    assert current.version == 3
    assert current.school is None


def test_the_model_itself_may_be_given(cast) -> None:
    cluster = ClusterFactory()
    with transaction.atomic():
        current = lock_fresh(Cluster, pk=cluster.pk, expected_version=1)
    assert isinstance(current, Cluster)
    assert current.pk == cluster.pk


def test_a_stale_version_is_refused_with_the_row_as_saved_and_what_was_typed(cast) -> None:
    entry = _entry(version=2, updated_by=cast.advisor)
    with transaction.atomic(), pytest.raises(StaleEdit) as refused:
        lock_fresh(LedgerEntry, pk=entry.pk, expected_version=1, yours={"amount": "99"})
    assert refused.value.theirs.pk == entry.pk
    assert refused.value.theirs.version == 2
    assert refused.value.theirs.updated_by == cast.advisor
    assert refused.value.yours == {"amount": "99"}
    assert refused.value.removed is False
    assert refused.value.message == STALE_MESSAGE
    assert refused.value.code == "stale"
    assert str(refused.value) == STALE_MESSAGE
    assert LedgerEntry.objects.get(pk=entry.pk).version == 2


def test_a_newer_version_than_the_saved_one_is_refused_too(cast) -> None:
    cluster = ClusterFactory()
    with transaction.atomic(), pytest.raises(StaleEdit):
        lock_fresh(Cluster, pk=cluster.pk, expected_version=2)


def test_a_removed_row_is_refused_as_removed(cast) -> None:
    entry = _entry()
    pk = entry.pk
    entry.delete()
    with transaction.atomic(), pytest.raises(StaleEdit) as refused:
        lock_fresh(LedgerEntry.objects.select_related("school"), pk=pk, expected_version=1)
    assert refused.value.theirs is None
    assert refused.value.removed is True
    assert refused.value.message == REMOVED_MESSAGE
    assert refused.value.code == "removed"


def test_check_fresh_compares_a_row_the_caller_locked(cast) -> None:
    cluster = ClusterFactory(version=4)
    assert check_fresh(cluster, expected_version=4) is cluster
    with pytest.raises(StaleEdit) as refused:
        check_fresh(cluster, expected_version=None)
    assert refused.value.theirs is cluster


@pytest.mark.skipif(
    not connection.features.has_select_for_update_of, reason="the database has no SELECT ... FOR UPDATE OF"
)
def test_only_the_row_itself_is_locked_not_its_joins(cast) -> None:
    entry = _entry()
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        lock_fresh(LedgerEntry.objects.select_related("school", "cluster"), pk=entry.pk, expected_version=1)
    (sql,) = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert sql.endswith(f'FOR UPDATE OF "{LedgerEntry._meta.db_table}"')


def test_bump_moves_a_stamped_row_on_and_names_the_fields_it_set(cast) -> None:
    entry = _entry(version=5, updated_by=cast.teacher, updated_at=ANCHOR - dt.timedelta(days=3))
    entry.description = "Supply cover, two days"
    with time_machine.travel(ANCHOR, tick=False):
        fields = entry.bump(by=cast.advisor)
        entry.save(update_fields=["description", *fields])
    assert fields == ["version", "updated_at", "updated_by"]
    saved = LedgerEntry.objects.get(pk=entry.pk)
    assert saved.version == 6
    assert saved.updated_by == cast.advisor
    assert saved.updated_at == ANCHOR
    assert saved.description == "Supply cover, two days"


def test_bump_stamps_only_the_fields_a_model_has(cast) -> None:
    cohort = CohortFactory(updated_at=ANCHOR - dt.timedelta(days=3))
    cluster = ClusterFactory()
    with time_machine.travel(ANCHOR, tick=False):
        cohort_fields = cohort.bump(by=cast.manager)
        cohort.save(update_fields=cohort_fields)
        cluster_fields = cluster.bump(by=cast.manager)
        cluster.save(update_fields=cluster_fields)
    assert cohort_fields == ["version", "updated_at"]
    assert Cohort.objects.values_list("version", "updated_at").get(pk=cohort.pk) == (2, ANCHOR)
    assert cluster_fields == ["version"]
    assert Cluster.objects.get(pk=cluster.pk).version == 2


def test_bump_without_a_person_clears_who_changed_it(cast) -> None:
    entry = _entry(updated_by=cast.advisor)
    entry.save(update_fields=entry.bump(by=None))
    assert LedgerEntry.objects.get(pk=entry.pk).updated_by is None


class _Form(forms.Form):
    title = forms.CharField()


def test_a_form_shows_the_refusal_in_its_error_summary() -> None:
    form = _Form({"title": "Plan"})
    assert form.is_valid()
    apply_errors(form, StaleEdit())
    assert form.non_field_errors() == [STALE_MESSAGE]
    assert form.errors == {"__all__": [STALE_MESSAGE]}
