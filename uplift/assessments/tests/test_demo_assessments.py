"""The demo world's assessments (uplift/assessments/demo.py, called by ``build_demo_world``).

Most tests call ``seed_demo_assessments`` on a demo world built before the framework was loaded, so they
see exactly what it writes: later steps of ``build_demo_world`` (the Quality Mark demo) add people and
raise some schools to the standard on top of it.
"""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.db.models import F
from django.utils import timezone
from pypdf import PdfReader

from uplift.accounts.models import SchoolMembership
from uplift.actions.models import Action
from uplift.assessments.demo import school_members, seed_demo_assessments
from uplift.assessments.models import Assessment, Judgement, Snapshot, SnapshotKind
from uplift.assessments.selectors import COMPLETED, IN_PROGRESS, NOT_STARTED, assessment_progress
from uplift.evidence.models import EvidenceItem, EvidenceKind
from uplift.frameworks.models import Framework
from uplift.pages.demo import DemoWorld, build_demo_world
from uplift.schools.models import Phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> DemoWorld:
    """The demo world's schools and people, without assessments: name it before ``framework`` in a test."""
    assert Framework.objects.current() is None, "build the world before loading the framework"
    return build_demo_world(seed=7)


def seed(world: DemoWorld, seed: int = 7) -> None:
    seed_demo_assessments(rng=random.Random(seed), schools=world.schools, users_by_school=school_members(world.schools))


def clear() -> None:
    Assessment.objects.all().delete()
    EvidenceItem.objects.all().delete()
    Action.objects.all().delete()


def content() -> list[tuple]:
    """Everything the demo wrote, without database ids or timestamps relative to now."""
    judgements = Judgement.objects.order_by("assessment__school__urn", "aspect__order").values_list(
        "assessment__school__urn", "aspect__slug", "level", "current_position", "evidence_commentary",
        "improvement_actions", "updated_by__email",
    )  # fmt: skip
    evidence = EvidenceItem.objects.order_by("school__urn", "title").values_list("school__urn", "kind", "title", "url")
    actions = Action.objects.order_by("school__urn", "title").values_list(
        "school__urn", "title", "owner__email", "status", "aspect__slug"
    )
    snapshots = Snapshot.objects.order_by("assessment__school__urn", "kind").values_list(
        "assessment__school__urn", "name", "data"
    )
    return [*judgements, *evidence, *actions, *snapshots]


def test_without_a_framework_the_world_has_no_assessments() -> None:
    build_demo_world()

    assert not Assessment.objects.exists()
    assert not EvidenceItem.objects.exists()


def test_the_demo_leads_school_is_half_done_with_a_baseline(framework: object) -> None:
    world = build_demo_world()

    home = world.home_school
    progress = assessment_progress(Assessment.objects.get(school=home, is_current=True))
    statuses = {dimension.status for dimension in progress.dimensions}
    assert statuses == {COMPLETED, IN_PROGRESS, NOT_STARTED}
    assert 20 <= progress.percent <= 70
    assert not progress.eligible
    baseline = Snapshot.objects.get(assessment__school=home, name="Baseline")
    assert baseline.created_at < timezone.now() - dt.timedelta(days=90)
    # The baseline was a few months ago: levels were lower then, and none of it was judged beyond today.
    now_levels = {item.aspect.slug: item.level for item in progress.aspects}
    then = baseline.data["aspects"]
    assert set(then) == set(now_levels)
    assert any(then[slug] < level for slug, level in now_levels.items() if level)
    assert all(then[slug] is None for slug, level in now_levels.items() if level is None)


def test_some_schools_are_complete_and_at_least_two_are_eligible_for_the_mark(
    world: DemoWorld, framework: object
) -> None:
    seed(world)

    progresses = [assessment_progress(a) for a in Assessment.objects.filter(is_current=True)]
    eligible = [p for p in progresses if p.eligible]
    complete_not_eligible = [p for p in progresses if p.is_complete and not p.eligible]
    half_done = [p for p in progresses if not p.is_complete and p.percent >= 20]
    assert len(eligible) >= 2
    assert all(item.level >= 4 and item.is_complete for p in eligible for item in p.aspects)
    assert complete_not_eligible and half_done
    assert Assessment.objects.count() < 60  # some schools have not started yet
    # Eligible schools have submitted, which recorded a "submitted" snapshot.
    for progress in eligible:
        assert progress.assessment.submitted_at is not None
        assert progress.assessment.snapshots.filter(kind=SnapshotKind.SUBMITTED).exists()


def test_commentary_is_templated_from_the_framework_and_never_blank_when_complete(
    world: DemoWorld, framework: object
) -> None:
    seed(world)

    complete = (
        Judgement.objects.exclude(level=None)
        .exclude(improvement_actions="")
        .select_related("aspect", "assessment__school")
    )
    assert complete.count() > 500
    for judgement in complete[:200]:
        assert judgement.is_complete
        assert f"level {judgement.level}" in judgement.current_position.lower()
        statement = judgement.aspect.statements.get(level=judgement.level)
        phase = Phase(judgement.assessment.school.phase).framework_phase
        assert statement.statement_for(phase)[:40] in judgement.current_position


def test_evidence_and_actions_belong_to_the_school_and_its_members(world: DemoWorld, framework: object) -> None:
    seed(world)

    home = world.home_school
    items = EvidenceItem.objects.filter(school=home)
    assert {item.kind for item in items} == {EvidenceKind.NOTE, EvidenceKind.LINK, EvidenceKind.FILE}
    # The file is a real PDF, stored through the storage API and attached to curriculum aspects.
    upload = items.get(kind=EvidenceKind.FILE)
    assert upload.content_type == "application/pdf"
    with upload.file.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Computing curriculum map" in text and home.name in text
    assert {j.aspect.dimension.slug for j in upload.judgements.select_related("aspect__dimension")} == {"curriculum"}
    assert EvidenceItem.objects.filter(kind=EvidenceKind.FILE).count() == 1  # only the demo lead's school
    attached = Judgement.objects.filter(assessment__school=home, evidence__isnull=False)
    assert attached.exists()
    assert (
        not Judgement.evidence.through.objects.exclude(evidenceitem__school=home)
        .filter(judgement__assessment__school=home)
        .exists()
    )

    members = set(SchoolMembership.objects.filter(school=home).values_list("user_id", flat=True))
    actions = Action.objects.filter(school=home)
    assert actions.count() >= 3
    assert all(action.owner_id in members and action.due_date for action in actions)
    assert all(action.aspect.dimension_id == action.dimension_id for action in actions)
    assert all(action.due_date >= timezone.localdate(action.created_at) for action in actions)
    # Actions need an owner from the school, so schools nobody has joined have none.
    assert not Action.objects.filter(owner=None).exists()
    assert not Action.objects.exclude(school__memberships__user=F("owner")).exists()
    # Nobody from another school owns an action or edited a judgement here.
    editors = set(Judgement.objects.filter(assessment__school=home).values_list("updated_by", flat=True))
    assert editors <= members


def test_building_the_world_again_adds_nothing(framework: object) -> None:
    build_demo_world(seed=7)
    first = content()
    counts = (Assessment.objects.count(), Judgement.objects.count(), EvidenceItem.objects.count())

    build_demo_world(seed=7)
    assert (Assessment.objects.count(), Judgement.objects.count(), EvidenceItem.objects.count()) == counts
    assert content() == first


def test_the_same_seed_gives_the_same_assessments_and_another_seed_others(world: DemoWorld, framework: object) -> None:
    seed(world, 7)
    first = content()
    seed(world, 7)  # again: every school has an assessment, so nothing is added
    assert content() == first

    clear()
    seed(world, 7)
    assert content() == first

    clear()
    seed(world, 8)
    assert content() != first
