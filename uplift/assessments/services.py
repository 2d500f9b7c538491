"""Writes to assessments: saving judgements, snapshots, submitting, new cycles, new framework versions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from uplift.assessments.models import Assessment, Judgement, Snapshot, SnapshotKind
from uplift.assessments.selectors import assessment_progress, levels_data
from uplift.frameworks.models import Aspect, AspectMapping, Framework, MappingKind
from uplift.lib.versioning import StaleEdit, check_fresh

if TYPE_CHECKING:
    from uplift.accounts.models import User
    from uplift.schools.models import School

__all__ = [
    "AssessmentIncomplete",
    "JudgementDraft",
    "assessment_start",
    "assessment_submit",
    "assessments_carry_forward",
    "cycle_start",
    "judgement_save",
    "snapshot_record",
]

# How many assessments to carry to a new framework version at a time (bounds memory at national scale).
_CARRY_BATCH = 500


@dataclass(frozen=True)
class JudgementDraft:
    """What a person typed, kept whole when their save is refused."""

    level: int | None
    current_position: str
    evidence_commentary: str
    improvement_actions: str
    evidence_ids: tuple[int, ...]


class AssessmentIncomplete(ValueError):
    """An assessment was submitted before every aspect was complete."""


def assessment_start(*, school: School, by: User | None) -> Assessment:
    """The school's current assessment, created on the current framework if it has none.

    Raises ``ValueError`` when no framework has been loaded yet.
    """
    assessment = Assessment.objects.select_related("framework").filter(school=school, is_current=True).first()
    if assessment is not None:
        return assessment
    framework = Framework.objects.current()
    if framework is None:
        raise ValueError("No framework has been loaded yet.")
    last_cycle = Assessment.objects.filter(school=school).aggregate(last=Max("cycle"))["last"] or 0
    return Assessment.objects.create(school=school, framework=framework, cycle=last_cycle + 1, started_by=by)


def _school_evidence(school: School, evidence_ids: Iterable[int]) -> list:
    from uplift.evidence.models import EvidenceItem

    ids = set(evidence_ids)
    items = list(EvidenceItem.objects.filter(school=school, pk__in=ids))
    if len(items) != len(ids):
        raise ValidationError("Attach only evidence from this school's library.")
    return items


@transaction.atomic
def judgement_save(
    *,
    school: School,
    aspect: Aspect,
    level: int | None,
    current_position: str,
    evidence_commentary: str,
    improvement_actions: str,
    evidence_ids: Iterable[int],
    by: User,
    expected_version: int,
    form_id: str = "",
) -> Judgement:
    """Save the school's judgement on one aspect of its current assessment.

    Creates the assessment on first save. ``expected_version`` is the judgement's ``version`` the
    person started from (0 when it did not exist yet); if someone has saved since, nothing is
    written and ``StaleEdit`` carries both versions (``theirs``; ``yours``, a ``JudgementDraft``).
    ``form_id`` names the page the save comes from: a save made since by the same page (its own
    autosave) is not a conflict. Saving re-confirms an aspect that was waiting for review after a
    framework change; a save that changes nothing leaves the judgement (and its version) as it was.
    Raises ``ValidationError`` for a level outside 1..5 or evidence from another school's library.
    """
    draft = JudgementDraft(
        level=level,
        current_position=current_position.strip(),
        evidence_commentary=evidence_commentary.strip(),
        improvement_actions=improvement_actions.strip(),
        evidence_ids=tuple(sorted(set(evidence_ids))),
    )
    if level is not None and not 1 <= level <= 5:
        raise ValidationError("Choose a level from 1 to 5.")
    items = _school_evidence(school, draft.evidence_ids)
    assessment = assessment_start(school=school, by=by)
    if assessment.framework_id != aspect.framework_id:
        raise ValidationError("This aspect is not part of the framework the school is using.")

    judgement = Judgement.objects.select_for_update().filter(assessment=assessment, aspect=aspect).first()
    if judgement is None:
        if expected_version != 0:
            raise ValidationError("This judgement no longer exists. Reload the page.")
        try:
            with transaction.atomic():
                judgement = Judgement.objects.create(assessment=assessment, aspect=aspect, version=0)
        except IntegrityError:
            # Someone created it between our read and our write: theirs wins, show both.
            theirs = Judgement.objects.select_related("updated_by").get(assessment=assessment, aspect=aspect)
            raise StaleEdit(theirs, yours=draft) from None
    elif not (form_id and judgement.saved_from == form_id):
        check_fresh(judgement, expected_version=expected_version, yours=draft)

    if judgement.version and not judgement.needs_review and _same(judgement, draft):
        return judgement  # nothing changed (an autosave after a keystroke that changed nothing): keep "last edited"
    judgement.level = draft.level
    judgement.current_position = draft.current_position
    judgement.evidence_commentary = draft.evidence_commentary
    judgement.improvement_actions = draft.improvement_actions
    judgement.bump(by=by)
    judgement.needs_review = False
    judgement.saved_from = form_id[:32]
    judgement.save()
    judgement.evidence.set(items)
    return judgement


def _same(judgement: Judgement, draft: JudgementDraft) -> bool:
    return (
        judgement.level == draft.level
        and judgement.current_position == draft.current_position
        and judgement.evidence_commentary == draft.evidence_commentary
        and judgement.improvement_actions == draft.improvement_actions
        and set(judgement.evidence.values_list("pk", flat=True)) == set(draft.evidence_ids)
    )


@transaction.atomic
def snapshot_record(*, assessment: Assessment, name: str, kind: str = SnapshotKind.MANUAL, by: User | None) -> Snapshot:
    """Freeze the assessment's current levels under ``name`` (see ``Snapshot.data``)."""
    name = name.strip()
    if not name:
        raise ValidationError("Give the snapshot a name, for example “Baseline”.")
    if len(name) > Snapshot._meta.get_field("name").max_length:
        raise ValidationError("Keep the snapshot's name to 120 characters or fewer.")
    if kind not in SnapshotKind.values:
        raise ValidationError(f"Unknown kind of snapshot: {kind}")
    data = levels_data(assessment_progress(assessment))
    return Snapshot.objects.create(assessment=assessment, name=name, kind=kind, created_by=by, data=data)


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: User) -> Snapshot:
    """Mark a complete assessment as submitted and record a "submitted" snapshot of it.

    Raises ``AssessmentIncomplete`` (naming how many aspects are left) when any aspect is not complete.
    """
    progress = assessment_progress(assessment)
    if not progress.is_complete:
        left = progress.total - progress.complete
        raise AssessmentIncomplete(f"Complete every aspect before submitting: {left} still to do.")
    now = timezone.now()
    assessment.submitted_at = now
    assessment.submitted_by = by
    assessment.save(update_fields=["submitted_at", "submitted_by"])
    return Snapshot.objects.create(
        assessment=assessment,
        name=f"Submitted on {timezone.localdate(now):%d %B %Y}",
        kind=SnapshotKind.SUBMITTED,
        created_by=by,
        data=levels_data(progress),
    )


@transaction.atomic
def cycle_start(*, school: School, by: User) -> Assessment:
    """Start a new assessment cycle, copying the latest judgements forward as its starting point.

    The previous assessment (and its snapshots) stays unchanged for history. Judgements are copied
    aspect by aspect onto the current framework (by slug, if the old one was on another version);
    evidence links come too.
    """
    framework = Framework.objects.current()
    if framework is None:
        raise ValueError("No framework has been loaded yet.")
    previous = Assessment.objects.select_for_update().filter(school=school, is_current=True).first()
    last_cycle = Assessment.objects.filter(school=school).aggregate(last=Max("cycle"))["last"] or 0
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    assessment = Assessment.objects.create(
        school=school, framework=framework, cycle=last_cycle + 1, started_by=by, carried_from=previous
    )
    if previous is None:
        return assessment
    new_aspects = {aspect.slug: aspect for aspect in Aspect.objects.filter(framework=framework)}
    old_judgements = list(previous.judgements.select_related("aspect"))
    copies: list[tuple[Judgement, list[int]]] = []
    evidence = _evidence_by_judgement([judgement.pk for judgement in old_judgements])
    for old in old_judgements:
        aspect = new_aspects.get(old.aspect.slug)
        if aspect is None:
            continue
        copies.append((_copy(old, assessment, aspect, needs_review=False), evidence.get(old.pk, [])))
    _create_judgements(copies)
    return assessment


# --- carrying judgements to a new framework version -----------------------------------------------


def _copy(old: Judgement, assessment: Assessment, aspect: Aspect, *, needs_review: bool) -> Judgement:
    return Judgement(
        assessment=assessment,
        aspect=aspect,
        level=old.level,
        current_position=old.current_position,
        evidence_commentary=old.evidence_commentary,
        improvement_actions=old.improvement_actions,
        version=1,
        needs_review=needs_review,
        updated_by_id=old.updated_by_id,
        updated_at=old.updated_at,
    )


def _joined(parts: list[tuple[str, str]]) -> str:
    """Commentary from several merged aspects, each under its old aspect's title."""
    return "\n\n".join(f"{title}:\n{text.strip()}" for title, text in parts if text.strip())


def _merge(olds: list[Judgement], titles: dict[int, str], assessment: Assessment, aspect: Aspect) -> Judgement:
    levels = [old.level for old in olds if old.level is not None]
    latest = max(olds, key=lambda old: old.updated_at)
    return Judgement(
        assessment=assessment,
        aspect=aspect,
        level=min(levels) if levels else None,
        current_position=_joined([(titles[old.aspect_id], old.current_position) for old in olds]),
        evidence_commentary=_joined([(titles[old.aspect_id], old.evidence_commentary) for old in olds]),
        improvement_actions=_joined([(titles[old.aspect_id], old.improvement_actions) for old in olds]),
        version=1,
        needs_review=True,
        updated_by_id=latest.updated_by_id,
        updated_at=latest.updated_at,
    )


def _evidence_by_judgement(judgement_ids: list[int]) -> dict[int, list[int]]:
    through = Judgement.evidence.through
    links: dict[int, list[int]] = defaultdict(list)
    for judgement_id, item_id in through.objects.filter(judgement_id__in=judgement_ids).values_list(
        "judgement_id", "evidenceitem_id"
    ):
        links[judgement_id].append(item_id)
    return links


def _create_judgements(copies: list[tuple[Judgement, list[int]]]) -> None:
    created = Judgement.objects.bulk_create([judgement for judgement, _ in copies], batch_size=1000)
    through = Judgement.evidence.through
    through.objects.bulk_create(
        [
            through(judgement_id=judgement.pk, evidenceitem_id=item_id)
            for judgement, (_, item_ids) in zip(created, copies, strict=True)
            for item_id in sorted(set(item_ids))
        ],
        batch_size=1000,
    )


def assessments_carry_forward(*, previous: Framework, framework: Framework) -> int:
    """Move every school's current assessment on ``previous`` to a new assessment on ``framework``.

    Called by ``framework_load`` inside its transaction, after the mapping is stored. Through the
    mapping: kept and renamed aspects carry the judgement; a split copies it to each new aspect; a
    merge takes the lowest level and joins the commentary under the old aspects' titles. Aspects
    whose statements changed, and every split or merged target, are marked ``needs_review``.
    Evidence links come along. The old assessments stay, unchanged, for history. Returns how many
    assessments moved.
    """
    sources: dict[int, tuple[str, list[int]]] = {}  # new aspect id -> (kind, old aspect ids)
    for mapping in AspectMapping.objects.filter(aspect__framework=framework).order_by("previous__order"):
        _kind, from_ids = sources.setdefault(mapping.aspect_id, (mapping.kind, []))
        from_ids.append(mapping.previous_id)
    new_aspects = {aspect.pk: aspect for aspect in Aspect.objects.filter(framework=framework)}
    titles = dict(Aspect.objects.filter(framework=previous).values_list("pk", "title"))

    old_ids = list(
        Assessment.objects.filter(framework=previous, is_current=True).order_by("pk").values_list("pk", flat=True)
    )
    moved = 0
    for start in range(0, len(old_ids), _CARRY_BATCH):
        batch = list(Assessment.objects.filter(pk__in=old_ids[start : start + _CARRY_BATCH]))
        Assessment.objects.filter(pk__in=[old.pk for old in batch]).update(is_current=False)
        new_assessments = Assessment.objects.bulk_create(
            [
                Assessment(
                    school_id=old.school_id,
                    framework=framework,
                    cycle=old.cycle,
                    started_at=old.started_at,
                    started_by_id=old.started_by_id,
                    carried_from=old,
                    is_current=True,
                )
                for old in batch
            ]
        )
        judgements: dict[int, dict[int, Judgement]] = defaultdict(dict)  # old assessment -> old aspect -> j
        for judgement in Judgement.objects.filter(assessment__in=batch):
            judgements[judgement.assessment_id][judgement.aspect_id] = judgement
        evidence = _evidence_by_judgement([j.pk for by_aspect in judgements.values() for j in by_aspect.values()])

        copies: list[tuple[Judgement, list[int]]] = []
        for old, new in zip(batch, new_assessments, strict=True):
            old_judgements = judgements.get(old.pk, {})
            for aspect_id, (kind, from_ids) in sources.items():
                aspect = new_aspects[aspect_id]
                found = [old_judgements[from_id] for from_id in from_ids if from_id in old_judgements]
                if not found:
                    continue
                item_ids = [item for judgement in found for item in evidence.get(judgement.pk, [])]
                if kind == MappingKind.MERGED:
                    copies.append((_merge(found, titles, new, aspect), item_ids))
                else:
                    review = kind == MappingKind.SPLIT or aspect.changed or found[0].needs_review
                    copies.append((_copy(found[0], new, aspect, needs_review=review), item_ids))
        _create_judgements(copies)
        moved += len(batch)
    return moved
