"""Publishing a new framework version moves schools' current assessments through the mapping."""

import pytest

from uplift.assessments.models import Assessment, Judgement, Snapshot
from uplift.assessments.selectors import assessment_progress, current_assessment
from uplift.assessments.services import judgement_save, snapshot_record
from uplift.evidence.models import EvidenceItem
from uplift.frameworks.models import Aspect, AspectMapping, Framework
from uplift.frameworks.schema import FrameworkError
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import default_aspects, framework_spec
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db

V2_ASPECTS = default_aspects() | {
    "leadership": ["leadership-vision", "leadership-2a", "leadership-2b", "leadership-3"],
    "curriculum": ["curriculum-core", "curriculum-3", "curriculum-new"],
}
V2_MAPPING = [
    {"from": ["leadership-1"], "to": ["leadership-vision"], "kind": "renamed"},
    {"from": ["leadership-2"], "to": ["leadership-2a", "leadership-2b"], "kind": "split"},
    {"from": ["curriculum-1", "curriculum-2"], "to": ["curriculum-core"], "kind": "merged"},
]


def judge(cast: Cast, slug: str, level: int | None, text: str = "", evidence: list[int] | None = None) -> Judgement:
    aspect = Aspect.objects.get(framework__is_current=True, slug=slug)
    existing = Judgement.objects.filter(aspect=aspect, assessment__school=cast.school_a).first()
    return judgement_save(
        school=cast.school_a,
        aspect=aspect,
        level=level,
        current_position=text,
        evidence_commentary=text,
        improvement_actions=text,
        evidence_ids=evidence or [],
        by=cast.lead,
        expected_version=existing.version if existing else 0,
    )


def note(cast: Cast, title: str) -> EvidenceItem:
    return EvidenceItem.objects.create(school=cast.school_a, kind="note", title=title, note="Notes")


@pytest.fixture
def moved(cast: Cast) -> dict[str, Judgement]:
    """School A judged on v1, then v2 published; its new judgements by slug."""
    framework_load(spec=framework_spec(version=1))
    plan = note(cast, "Curriculum plan")
    survey = note(cast, "Pupil survey")
    judge(cast, "leadership-1", 4, "Vision agreed", [plan.pk])
    judge(cast, "leadership-2", 3, "Budget set")
    judge(cast, "curriculum-1", 5, "Broad curriculum", [plan.pk])
    judge(cast, "curriculum-2", 2, "Weak progression", [survey.pk])
    judge(cast, "teaching-1", 4, "Good teaching")
    judge(cast, "teaching-2", 3, "Marking")
    old = current_assessment(cast.school_a)
    snapshot_record(assessment=old, name="Baseline", by=cast.lead)

    framework_load(spec=framework_spec(version=2, aspects=V2_ASPECTS, mapping=V2_MAPPING, changed=["teaching-1"]))

    new = current_assessment(cast.school_a)
    return {judgement.aspect.slug: judgement for judgement in new.judgements.select_related("aspect")}


def test_the_new_version_becomes_current_and_schools_move_onto_it(cast: Cast, moved: dict) -> None:
    v1, v2 = Framework.objects.order_by("version")
    assert not v1.is_current and v2.is_current
    old, new = Assessment.objects.filter(school=cast.school_a).order_by("pk")
    assert not old.is_current and new.is_current
    assert new.framework == v2 and new.carried_from == old and new.cycle == old.cycle


def test_renamed_and_kept_aspects_carry_the_judgement(moved: dict) -> None:
    assert moved["leadership-vision"].level == 4
    assert moved["leadership-vision"].current_position == "Vision agreed"
    assert not moved["leadership-vision"].needs_review
    assert moved["teaching-2"].level == 3
    assert not moved["teaching-2"].needs_review


def test_a_split_copies_the_judgement_to_each_new_aspect_for_review(moved: dict) -> None:
    for slug in ("leadership-2a", "leadership-2b"):
        assert moved[slug].level == 3
        assert moved[slug].current_position == "Budget set"
        assert moved[slug].needs_review


def test_a_merge_takes_the_lowest_level_and_joins_the_commentary(moved: dict) -> None:
    merged = moved["curriculum-core"]
    assert merged.level == 2
    assert merged.current_position == "Curriculum 1:\nBroad curriculum\n\nCurriculum 2:\nWeak progression"
    assert merged.needs_review


def test_changed_aspects_need_review_and_new_aspects_start_empty(moved: dict) -> None:
    assert moved["teaching-1"].needs_review
    assert moved["teaching-1"].level == 4
    assert "curriculum-new" not in moved


def test_evidence_links_carry_over(moved: dict) -> None:
    assert [item.title for item in moved["leadership-vision"].evidence.all()] == ["Curriculum plan"]
    assert sorted(item.title for item in moved["curriculum-core"].evidence.all()) == ["Curriculum plan", "Pupil survey"]


def test_history_stays_readable(cast: Cast, moved: dict) -> None:
    old = Assessment.objects.get(school=cast.school_a, is_current=False)
    assert old.judgements.get(aspect__slug="curriculum-1").level == 5
    snapshot = Snapshot.objects.get(name="Baseline")
    assert snapshot.assessment == old
    assert snapshot.data["aspects"]["curriculum-2"] == 2


def test_saving_a_flagged_aspect_clears_needs_review(cast: Cast, moved: dict) -> None:
    judge(cast, "teaching-1", 4, "Still good teaching")

    assert not Judgement.objects.get(pk=moved["teaching-1"].pk).needs_review
    progress = assessment_progress(current_assessment(cast.school_a))
    flagged = {item.aspect.slug for item in progress.aspects if item.needs_review}
    assert flagged == {"leadership-2a", "leadership-2b", "curriculum-core"}


def test_the_mapping_is_recorded(moved: dict) -> None:
    kinds = {
        (m.previous.slug, m.aspect.slug): m.kind for m in AspectMapping.objects.select_related("aspect", "previous")
    }
    assert kinds[("leadership-1", "leadership-vision")] == "renamed"
    assert kinds[("curriculum-2", "curriculum-core")] == "merged"
    assert kinds[("impact-3", "impact-3")] == "kept"


def test_a_bad_mapping_writes_nothing(cast: Cast) -> None:
    framework_load(spec=framework_spec(version=1))
    judge(cast, "leadership-1", 4, "Vision agreed")
    bad = [{"from": ["leadership-9"], "to": ["leadership-vision"], "kind": "renamed"}]

    with pytest.raises(FrameworkError, match="leadership-9"):
        framework_load(spec=framework_spec(version=2, aspects=V2_ASPECTS, mapping=bad))

    assert Framework.objects.count() == 1
    assert Assessment.objects.count() == 1


def test_schools_that_never_started_are_untouched(cast: Cast) -> None:
    framework_load(spec=framework_spec(version=1))
    framework_load(spec=framework_spec(version=2))

    assert not Assessment.objects.exists()
