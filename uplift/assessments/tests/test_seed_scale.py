"""``manage.py seed_scale``: assessments for N schools of the register, in bulk, deterministically."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from uplift.assessments.models import Assessment, Judgement, Snapshot, SnapshotKind
from uplift.assessments.selectors import assessment_progress
from uplift.evidence.models import EvidenceItem
from uplift.frameworks.models import Aspect
from uplift.schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def seed_scale(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("seed_scale", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def content() -> list[tuple]:
    judgements = Judgement.objects.order_by("assessment__school__urn", "assessment__cycle", "aspect__order")
    snapshots = Snapshot.objects.order_by("assessment__school__urn", "name")
    evidence = EvidenceItem.objects.order_by("school__urn", "title").values_list("school__urn", "title", "kind")
    links = Judgement.evidence.through.objects.order_by("judgement__assessment__school__urn", "evidenceitem__title")
    return [
        *evidence,
        *links.values_list("judgement__assessment__school__urn", "judgement__aspect__slug", "evidenceitem__title"),
        *judgements.values_list(
            "assessment__school__urn", "assessment__cycle", "aspect__slug", "level", "current_position",
            "evidence_commentary", "improvement_actions",
        ),
        *snapshots.values_list("assessment__school__urn", "name", "kind", "data"),
    ]  # fmt: skip


@pytest.fixture
def register() -> list:
    """Twelve open schools and one closed one (never picked)."""
    SchoolFactory(status="Closed")
    return SchoolFactory.create_batch(12)


def test_refuses_without_a_framework(register: list) -> None:
    with pytest.raises(CommandError, match=r"No framework is loaded: run manage\.py load_framework"):
        seed_scale("--schools", "5")

    assert not Assessment.objects.exists()


def test_refuses_when_the_register_has_fewer_schools_than_asked(register: list, framework: object) -> None:
    with pytest.raises(CommandError, match="Only 12 open schools are in the register, fewer than the 13 asked for"):
        seed_scale("--schools", "13")

    assert not Assessment.objects.exists()


def test_gives_each_picked_school_a_current_assessment_with_history(register: list, framework: object) -> None:
    out, err = seed_scale("--schools", "12")

    current = Assessment.objects.filter(is_current=True)
    assert current.count() == 12
    assert set(current.values_list("framework", flat=True)) == {framework.pk}
    assert "Seeded 12 of 12 schools" in out
    assert "12/12 schools" in err  # progress
    aspects = Aspect.objects.filter(framework=framework).count()
    progresses = [assessment_progress(assessment) for assessment in current]
    assert sum(p.is_complete for p in progresses) >= 6  # most complete
    assert any(not p.is_complete and p.complete for p in progresses)  # some half-done
    assert len({tuple(item.level for item in p.aspects) for p in progresses}) == 12  # varied
    assert all(j.is_complete for p in progresses if p.is_complete for j in (i.judgement for i in p.aspects))
    # History: every school has a baseline; some also have last year's submitted cycle.
    assert Snapshot.objects.filter(name="Baseline", assessment__is_current=True).count() == 12
    earlier = Assessment.objects.filter(is_current=False)
    assert earlier.exists()
    for old in earlier:
        assert old.submitted_at is not None
        assert old.judgements.count() == aspects
        assert old.snapshots.get().kind == SnapshotKind.SUBMITTED
        assert Assessment.objects.get(carried_from=old, is_current=True).cycle == 2
    assert not Assessment.objects.filter(school__status="Closed").exists()
    # Each school's library holds a few items, attached only to its own complete judgements.
    for school in register:
        items = EvidenceItem.objects.filter(school=school)
        assert 2 <= items.count() <= 4
        attached = Judgement.objects.filter(evidence__in=items).distinct()
        # A school only just started may have no complete aspect yet: then nothing can be attached.
        current_judgements = Judgement.objects.filter(assessment__school=school, assessment__is_current=True)
        has_complete = any(j.is_complete for j in current_judgements)
        assert attached.exists() == has_complete
        assert all(j.assessment.school_id == school.pk and j.assessment.is_current and j.is_complete for j in attached)


def test_running_again_skips_seeded_schools_and_clear_seeds_them_again_the_same(
    register: list, framework: object
) -> None:
    seed_scale("--schools", "12", "--seed", "4")
    first = content()

    out, _ = seed_scale("--schools", "12", "--seed", "4")
    assert "Skipped 12 school(s) that already have an assessment" in out
    assert content() == first

    evidence = EvidenceItem.objects.count()
    out, _ = seed_scale("--schools", "12", "--seed", "4", "--clear")
    assert "Cleared" in out and "Seeded 12 of 12 schools" in out
    assert content() == first
    assert EvidenceItem.objects.count() == evidence
    assert Assessment.objects.filter(is_current=True).count() == 12


def test_the_seed_decides_which_schools_and_which_levels(register: list, framework: object) -> None:
    seed_scale("--schools", "5", "--seed", "1")
    picked_first = set(Assessment.objects.values_list("school__urn", flat=True))
    first = content()
    Assessment.objects.all().delete()
    EvidenceItem.objects.all().delete()

    seed_scale("--schools", "5", "--seed", "1")
    assert content() == first
    Assessment.objects.all().delete()

    seed_scale("--schools", "5", "--seed", "2")
    assert set(Assessment.objects.values_list("school__urn", flat=True)) != picked_first
    assert Assessment.objects.filter(is_current=True).count() == 5
