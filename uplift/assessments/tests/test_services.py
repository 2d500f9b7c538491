"""judgement_save, snapshot_record, assessment_submit, cycle_start."""

import pytest
from django.core.exceptions import ValidationError

from uplift.assessments.models import Assessment, Judgement, Snapshot, SnapshotKind
from uplift.assessments.selectors import current_assessment
from uplift.assessments.services import (
    AssessmentIncomplete,
    assessment_submit,
    cycle_start,
    judgement_save,
    snapshot_record,
)
from uplift.evidence.models import EvidenceItem
from uplift.frameworks.models import Aspect, Framework
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import framework_spec
from uplift.lib.versioning import StaleEdit
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(cast: Cast) -> Framework:
    return framework_load(spec=framework_spec())


def save(cast: Cast, slug: str, level: int | None = 4, *, by=None, version: int = 0, text: str = "x", evidence=()):
    return judgement_save(
        school=cast.school_a,
        aspect=Aspect.objects.get(framework__is_current=True, slug=slug),
        level=level,
        current_position=text,
        evidence_commentary=text,
        improvement_actions=text,
        evidence_ids=evidence,
        by=by or cast.lead,
        expected_version=version,
    )


def test_the_first_save_creates_the_assessment_on_the_current_framework(cast: Cast, small: Framework) -> None:
    judgement = save(cast, "leadership-1", by=cast.teacher)

    assessment = current_assessment(cast.school_a)
    assert assessment.framework == small
    assert assessment.cycle == 1
    assert assessment.started_by == cast.teacher
    assert judgement.assessment == assessment
    assert judgement.version == 1


def test_each_save_increments_the_version(cast: Cast, small: Framework) -> None:
    save(cast, "leadership-1", 2)
    judgement = save(cast, "leadership-1", 3, version=1)

    assert judgement.version == 2
    assert Judgement.objects.get().level == 3


def test_a_stale_save_raises_a_conflict_with_both_versions_and_writes_nothing(cast: Cast, small: Framework) -> None:
    save(cast, "leadership-1", 2, by=cast.teacher, text="first")

    with pytest.raises(StaleEdit) as conflict:
        save(cast, "leadership-1", 5, version=0, text="second")

    assert conflict.value.theirs.current_position == "first"
    assert conflict.value.theirs.updated_by == cast.teacher
    assert conflict.value.yours.current_position == "second"
    assert conflict.value.yours.level == 5
    judgement = Judgement.objects.get()
    assert (judgement.level, judgement.version) == (2, 1)


def test_a_level_outside_1_to_5_is_refused(cast: Cast, small: Framework) -> None:
    with pytest.raises(ValidationError):
        save(cast, "leadership-1", 6)


def test_evidence_must_come_from_the_schools_library(cast: Cast, small: Framework) -> None:
    ours = EvidenceItem.objects.create(school=cast.school_a, kind="note", title="Ours", note="x")
    theirs = EvidenceItem.objects.create(school=cast.school_b, kind="note", title="Theirs", note="x")

    with pytest.raises(ValidationError):
        save(cast, "leadership-1", evidence=[ours.pk, theirs.pk])
    judgement = save(cast, "leadership-1", evidence=[ours.pk])

    assert list(judgement.evidence.all()) == [ours]


def test_one_evidence_item_can_support_many_aspects(cast: Cast, small: Framework) -> None:
    item = EvidenceItem.objects.create(school=cast.school_a, kind="note", title="Plan", note="x")
    save(cast, "leadership-1", evidence=[item.pk])
    save(cast, "curriculum-2", evidence=[item.pk])

    assert sorted(item.judgements.values_list("aspect__slug", flat=True)) == ["curriculum-2", "leadership-1"]


def test_a_snapshot_freezes_the_levels(cast: Cast, small: Framework) -> None:
    save(cast, "leadership-1", 3)
    save(cast, "leadership-2", 4)
    save(cast, "leadership-3", 5)
    assessment = current_assessment(cast.school_a)

    snapshot = snapshot_record(assessment=assessment, name=" Baseline ", by=cast.lead)
    save(cast, "leadership-1", 5, version=1)

    snapshot.refresh_from_db()
    assert snapshot.name == "Baseline"
    assert snapshot.kind == SnapshotKind.MANUAL
    assert snapshot.data["aspects"]["leadership-1"] == 3
    assert snapshot.data["aspects"]["impact-3"] is None
    assert snapshot.data["dimensions"]["leadership"] == 3
    assert snapshot.data["dimensions"]["curriculum"] is None


def test_a_snapshot_needs_a_name(cast: Cast, small: Framework) -> None:
    save(cast, "leadership-1")
    with pytest.raises(ValidationError):
        snapshot_record(assessment=current_assessment(cast.school_a), name="  ", by=cast.lead)


def test_an_incomplete_assessment_cannot_be_submitted(cast: Cast, small: Framework) -> None:
    save(cast, "leadership-1")
    assessment = current_assessment(cast.school_a)

    with pytest.raises(AssessmentIncomplete, match="20 still to do"):
        assessment_submit(assessment=assessment, by=cast.lead)
    assert not Snapshot.objects.exists()


def test_submitting_a_complete_assessment_records_a_submitted_snapshot(cast: Cast, small: Framework) -> None:
    for slug in Aspect.objects.filter(framework=small).values_list("slug", flat=True):
        save(cast, slug, 4)
    assessment = current_assessment(cast.school_a)

    snapshot = assessment_submit(assessment=assessment, by=cast.lead)

    assessment.refresh_from_db()
    assert assessment.submitted_by == cast.lead
    assert assessment.is_submitted
    assert snapshot.kind == SnapshotKind.SUBMITTED
    assert snapshot.name.startswith("Submitted on ")
    assert set(snapshot.data["dimensions"].values()) == {4}


def test_a_new_cycle_copies_the_latest_forward_and_keeps_the_old_one(cast: Cast, small: Framework) -> None:
    item = EvidenceItem.objects.create(school=cast.school_a, kind="note", title="Plan", note="x")
    save(cast, "leadership-1", 3, evidence=[item.pk])
    old = current_assessment(cast.school_a)
    snapshot_record(assessment=old, name="End of year 1", by=cast.lead)

    new = cycle_start(school=cast.school_a, by=cast.head)

    old.refresh_from_db()
    assert not old.is_current
    assert new.is_current and new.cycle == 2 and new.carried_from == old and new.started_by == cast.head
    copied = new.judgements.get()
    assert (copied.aspect.slug, copied.level, copied.version) == ("leadership-1", 3, 1)
    assert list(copied.evidence.all()) == [item]
    assert old.judgements.get().level == 3
    assert old.snapshots.count() == 1
    # The new cycle is edited independently of the old one.
    save(cast, "leadership-1", 4, version=1)
    assert old.judgements.get().level == 3


def test_a_new_cycle_without_history_starts_empty(cast: Cast, small: Framework) -> None:
    assessment = cycle_start(school=cast.school_a, by=cast.lead)
    assert assessment.cycle == 1
    assert Assessment.objects.count() == 1
    assert not assessment.judgements.exists()
