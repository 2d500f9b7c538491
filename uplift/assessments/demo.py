"""Synthetic assessments: for the demo world (``seed_demo``) and at national scale (``seed_scale``).

Everything written here is made up, in British English, and templated from the framework's own
statements, suggested evidence and actions, so it reads like a computing lead's commentary without
quoting any real person. Rows are bulk-inserted following the same rules as the services:

- a level is 1..5; a *complete* judgement has a level and all three commentary boxes filled;
- ``version`` starts at 1 (as after one ``judgement_save``); evidence comes from the school's own
  library; an action's owner is a member of the school, its due date not before it was made;
- snapshot data is built by ``selectors.levels_data`` from the same progress objects the pages use,
  so dimension levels (lowest aspect level) and percentages follow the same rules.

Both entry points are deterministic for a seed (each school's content comes from its own
``random.Random`` keyed by the seed and its URN) and safe to run again: a school that already has an
assessment is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone

from uplift.assessments.models import Assessment, Judgement, Snapshot, SnapshotKind
from uplift.assessments.selectors import AspectProgress, AssessmentProgress, DimensionProgress, levels_data
from uplift.evidence.models import EvidenceItem, EvidenceKind
from uplift.frameworks.models import Aspect, Dimension, Framework, LevelStatement
from uplift.schools.models import Phase, School

if TYPE_CHECKING:
    from uplift.accounts.models import User

__all__ = [
    "DemoPlan",
    "FrameworkText",
    "ScaleRefused",
    "ScaleResult",
    "school_members",
    "seed_demo_assessments",
    "seed_scale_assessments",
]

# What a school's assessment looks like in the demo world.
COMPLETE = "complete"  # every aspect complete, some below the threshold
ELIGIBLE = "eligible"  # every aspect complete at level 4 or 5: may apply for the Quality Mark
HALF = "half"  # a few dimensions done, one under way, the rest not started
STARTED = "started"  # a handful of aspects judged
NONE = "none"  # has not started

COMMENTARY = ("current_position", "evidence_commentary", "improvement_actions")
BATCH = 250  # schools per transaction in seed_scale (about 7,000 judgements)


# --- the framework, once, in memory ----------------------------------------------------------------


@dataclass(frozen=True)
class FrameworkText:
    """The current framework's dimensions, aspects and statements, read once (3 queries)."""

    framework: Framework
    dimensions: list[Dimension]
    aspects: list[Aspect]  # in framework order, ``aspect.dimension`` filled in
    statements: dict[tuple[int, int], LevelStatement]  # (aspect id, level) -> statement

    @classmethod
    def load(cls, framework: Framework) -> FrameworkText:
        dimensions = list(Dimension.objects.filter(framework=framework).order_by("order"))
        by_pk = {dimension.pk: dimension for dimension in dimensions}
        aspects = list(Aspect.objects.filter(framework=framework).order_by("order"))
        for aspect in aspects:
            aspect.dimension = by_pk[aspect.dimension_id]
        aspects.sort(key=lambda aspect: (aspect.dimension.order, aspect.order))
        statements = {
            (statement.aspect_id, statement.level): statement
            for statement in LevelStatement.objects.filter(aspect__framework=framework)
        }
        return cls(framework=framework, dimensions=dimensions, aspects=aspects, statements=statements)

    def progress(self, judgements: Iterable[Judgement]) -> AssessmentProgress:
        """Progress of (possibly unsaved) judgements, without a query, by the selectors' rules."""
        by_aspect = {judgement.aspect_id: judgement for judgement in judgements}
        dimensions = {dimension.pk: DimensionProgress(dimension, []) for dimension in self.dimensions}
        for aspect in self.aspects:
            dimensions[aspect.dimension_id].aspects.append(AspectProgress(aspect, by_aspect.get(aspect.pk)))
        return AssessmentProgress(framework=self.framework, assessment=None, dimensions=list(dimensions.values()))

    def snapshot_data(self, levels: Mapping[int, int | None], complete: Iterable[int]) -> dict:
        """``Snapshot.data`` for levels by aspect id, ``complete`` naming the aspects with full commentary."""
        complete = set(complete)
        judgements = [
            Judgement(
                aspect_id=aspect_id, level=level, **dict.fromkeys(COMMENTARY, "x" if aspect_id in complete else "")
            )
            for aspect_id, level in levels.items()
            if level is not None
        ]
        return levels_data(self.progress(judgements))


# --- writing like a computing lead -----------------------------------------------------------------


def _lower_first(text: str) -> str:
    """ "Pupils can ..." -> "pupils can ...", but leave "KS2", "GCSE" and "I" alone."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _phase(school: School) -> str | None:
    return Phase(school.phase).framework_phase if school.phase in Phase.values else None


OPENINGS = [
    "Our best fit is level {level} ({name}).",
    "We have judged this at level {level}, {name}.",
    "After discussion with senior leaders we place ourselves at level {level} ({name}).",
    "Level {level} ({name}) describes us best at the moment.",
]
CONTEXT_PRIMARY = [
    "Practice is stronger in upper Key Stage 2 than in Key Stage 1.",
    "This was talked through at a staff meeting in the autumn term.",
    "Pupil voice from Years 4 and 6 supports this view.",
    "The picture is consistent across most classes, with one or two exceptions.",
    "We have moved on since last year, mainly because of the new scheme of work.",
]
CONTEXT_SECONDARY = [
    "Practice is more consistent at Key Stage 3 than at Key Stage 4.",
    "The department agreed this judgement at a team meeting in the autumn term.",
    "Student voice from Year 9 and Year 11 supports this view.",
    "Staffing changes last year slowed progress here, but the team is now stable.",
    "This has improved since the department reviewed its schemes of work.",
]
EVIDENCE_OPENINGS = [
    "We can show {first}",
    "Evidence includes {first}",
    "In our evidence library: {first}",
]
EVIDENCE_CLOSINGS = [
    " Copies are kept in the shared computing folder.",
    " These were checked by a senior leader this term.",
    "",
]
ACTION_CLOSINGS = [
    " The subject lead will review progress at the end of term.",
    " Senior leaders have agreed time for this in the development plan.",
    " We will report back to governors in the summer term.",
    "",
]


def commentary(
    text: FrameworkText, aspect: Aspect, level: int, phase: str | None, rng: random.Random, *, short: bool = False
) -> tuple[str, str, str]:
    """The three commentary boxes for ``aspect`` judged at ``level``: position, evidence, next steps."""
    statement = text.statements[(aspect.pk, level)]
    name = text.framework.level_name(level).lower()
    position = f"{rng.choice(OPENINGS).format(level=level, name=name)} {_sentence(statement.statement_for(phase))}"
    evidence_list = list(statement.evidence) or ["notes from lesson visits"]
    actions = list(statement.actions) or ["keep this under review"]
    first = _sentence(_lower_first(rng.choice(evidence_list)))
    if short:
        return position, f"We can show {first}", f"Next we will {_sentence(_lower_first(rng.choice(actions)))}"
    context = CONTEXT_SECONDARY if phase == "secondary" else CONTEXT_PRIMARY
    position = f"{position} {rng.choice(context)}"
    evidence = rng.choice(EVIDENCE_OPENINGS).format(first=first)
    if len(evidence_list) > 1:
        second = rng.choice([item for item in evidence_list if _sentence(_lower_first(item)) != first])
        evidence += f" We also have {_sentence(_lower_first(second))}"
    evidence += rng.choice(EVIDENCE_CLOSINGS)
    steps = rng.sample(actions, k=min(2, len(actions)))
    improvement = "Next steps: " + "; ".join(_lower_first(step).rstrip(".") for step in steps) + "."
    improvement += rng.choice(ACTION_CLOSINGS)
    return position, evidence, improvement


# --- what each school's assessment looks like ------------------------------------------------------


@dataclass(frozen=True)
class DemoPlan:
    """Levels (by aspect id) now and at the baseline, and which aspects have full commentary."""

    state: str
    levels: dict[int, int | None]
    complete: set[int]
    baseline: dict[int, int | None]


def _clamp(level: float) -> int:
    return max(1, min(5, round(level)))


def plan_levels(text: FrameworkText, state: str, rng: random.Random) -> DemoPlan:
    """Plausible levels: each school has a general strength, each dimension leans a little either way."""
    aspects = text.aspects
    if state == ELIGIBLE:
        levels = {aspect.pk: rng.choice([4, 4, 4, 5]) for aspect in aspects}
    else:
        strength = rng.uniform(1.6, 3.9)
        lean = {dimension.pk: rng.uniform(-0.8, 0.8) for dimension in text.dimensions}
        levels = {
            aspect.pk: _clamp(strength + lean[aspect.dimension_id] + rng.uniform(-0.7, 0.7)) for aspect in aspects
        }
    judged: list[Aspect]
    if state in {COMPLETE, ELIGIBLE}:
        judged = aspects
        complete = {aspect.pk for aspect in aspects}
    elif state == HALF:
        # Whole dimensions done in order, the next one part-way, the rest untouched.
        done_dimensions = {dimension.pk for dimension in text.dimensions[: rng.choice([2, 3, 3, 4])]}
        part = next((d for d in text.dimensions if d.pk not in done_dimensions), None)
        part_aspects = [aspect for aspect in aspects if part and aspect.dimension_id == part.pk]
        judged = [aspect for aspect in aspects if aspect.dimension_id in done_dimensions] + part_aspects[:2]
        complete = {aspect.pk for aspect in judged[:-1]}  # the last one judged has a level but no commentary yet
    elif state == STARTED:
        judged = aspects[: rng.randint(2, 5)]
        complete = {aspect.pk for aspect in judged if rng.random() < 0.6}
    else:
        judged, complete = [], set()
    judged_ids = {aspect.pk for aspect in judged}
    now = {aspect.pk: (levels[aspect.pk] if aspect.pk in judged_ids else None) for aspect in aspects}
    # At the baseline, a few months ago: most judged aspects one level lower, a few the same.
    baseline = {
        pk: (None if level is None else max(1, level - (1 if rng.random() < 0.6 else 0))) for pk, level in now.items()
    }
    if state == ELIGIBLE:
        baseline = {pk: min(level or 3, 3) if rng.random() < 0.4 else level for pk, level in baseline.items()}
    return DemoPlan(state=state, levels=now, complete=complete, baseline=baseline)


def _judgements(
    text: FrameworkText,
    assessment: Assessment,
    plan: DemoPlan,
    phase: str | None,
    rng: random.Random,
    *,
    members: Sequence[User],
    started: dt.datetime,
    now: dt.datetime,
    short: bool = False,
) -> list[Judgement]:
    judgements = []
    span = max(1, int((now - started).total_seconds()))
    for aspect in text.aspects:
        level = plan.levels[aspect.pk]
        if level is None:
            continue
        position = evidence = improvement = ""
        if aspect.pk in plan.complete:
            position, evidence, improvement = commentary(text, aspect, level, phase, rng, short=short)
        elif rng.random() < 0.5:  # started writing, not finished
            position = commentary(text, aspect, level, phase, rng, short=True)[0]
        judgements.append(
            Judgement(
                assessment=assessment,
                aspect=aspect,
                level=level,
                current_position=position,
                evidence_commentary=evidence,
                improvement_actions=improvement,
                version=1,
                updated_by=rng.choice(members) if members else None,
                updated_at=started + dt.timedelta(seconds=rng.randrange(span)),
            )
        )
    return judgements


# --- the demo world --------------------------------------------------------------------------------


EVIDENCE_NOTES = [
    (
        "Learning walk: programming lessons",
        "Pupils worked in pairs to debug programs. Most could explain what their code did and predict its "
        "output before running it; a few relied on trial and error.",
        "learning walk, programming",
    ),
    (
        "Pupil voice: why we learn computing",
        "Twelve pupils from across the school talked about computing. They named programming, making media "
        "and staying safe online; most said it was one of their favourite subjects.",
        "pupil voice",
    ),
    (
        "Staff survey on confidence in computing",
        "Sixteen of twenty staff replied. Confidence is highest for online safety and lowest for physical "
        "computing; six asked for support with assessment.",
        "CPD, staff survey",
    ),
    (
        "Governors' visit: computing",
        "The link governor visited two lessons and met the subject lead. The visit report praised the "
        "curriculum map and asked for more information on take-up by disadvantaged pupils.",
        "governors, leadership",
    ),
    (
        "Book look: Year 5 and Year 8 work",
        "Work samples show a clear sequence from the start of the year. Feedback is most useful where it "
        "names the concept being practised.",
        "assessment, work scrutiny",
    ),
]
EVIDENCE_LINKS = [
    (
        "National curriculum: computing programmes of study",
        "https://www.gov.uk/government/publications/national-curriculum-in-england-computing-programmes-of-study",
        "curriculum",
    ),
    (
        "Online safety in schools and colleges (guidance)",
        "https://www.gov.uk/government/publications/teaching-online-safety-in-schools",
        "online safety",
    ),
    (
        "Our computing curriculum on the school website",
        "https://www.{slug}.demo.uplift.test/curriculum/computing",
        "curriculum, website",
    ),
    (
        "Careers in computing display (photographs)",
        "https://www.{slug}.demo.uplift.test/news/careers-week",
        "careers",
    ),
]


def school_members(schools: Iterable[School]) -> dict[int, list[User]]:
    """The people who may write to each school's assessment (teachers and above), by school pk."""
    from uplift.accounts.models import SCHOOL_WRITE_ROLE, SchoolMembership

    members: dict[int, list[User]] = {school.pk: [] for school in schools}
    memberships = (
        SchoolMembership.objects.filter(school__in=list(members), role__gte=SCHOOL_WRITE_ROLE)
        .select_related("user")
        .order_by("school_id", "-role", "user__email")
    )
    for membership in memberships:
        members[membership.school_id].append(membership.user)
    return members


def _demo_states(schools: Sequence[School], rng: random.Random) -> dict[int, str]:
    """Which schools are complete, eligible, half-done, just started or not started (by school pk).

    The first school (the demo lead's) is half-done so the task list looks like a real one; the rest
    is random, with at least three eligible schools. It depends on the schools and the seed only (not
    on who has joined which school), so building the world again never changes a school's plan.
    """
    states: dict[int, str] = {}
    if not schools:
        return states
    states[schools[0].pk] = HALF
    rest = list(schools[1:])
    for school in rest:
        states[school.pk] = rng.choices([ELIGIBLE, COMPLETE, HALF, STARTED, NONE], weights=[2, 8, 5, 2, 3])[0]
    eligible = sum(1 for state in states.values() if state == ELIGIBLE)
    for school in rest:
        if eligible >= 3:
            break
        if states[school.pk] == COMPLETE:
            states[school.pk] = ELIGIBLE
            eligible += 1
    return states


@transaction.atomic
def seed_demo_assessments(
    *,
    rng: random.Random,
    schools: Sequence[School],
    users_by_school: Mapping[int, Sequence[User]] | None = None,
) -> None:
    """Give the demo ``schools`` varied assessments with evidence, actions and a "Baseline" snapshot.

    ``users_by_school`` (school pk -> people who may write) defaults to the schools' members
    (``school_members``); schools without members get judgements with no editor and no actions
    (an action needs an owner from the school). The first school is half-done, and its library
    also holds an uploaded PDF. Does nothing when no
    framework is loaded; a school that already has an assessment is left alone, so building the
    world again adds nothing.
    """
    framework = Framework.objects.current()
    if framework is None:
        return
    if users_by_school is None:
        users_by_school = school_members(schools)
    salt = rng.getrandbits(32)
    states = _demo_states(schools, rng)
    seeded = set(Assessment.objects.filter(school__in=schools).values_list("school_id", flat=True))
    text = FrameworkText.load(framework)
    now = timezone.now()
    for school in schools:
        if school.pk in seeded or states[school.pk] == NONE:
            continue
        school_rng = random.Random(f"demo:{salt}:{school.urn}")
        members = list(users_by_school.get(school.pk, []))
        with_file = school == schools[0] and bool(members)  # WeasyPrint is slow: one upload, for the demo lead
        _seed_demo_school(text, school, states[school.pk], members, school_rng, now, with_file=with_file)


def _seed_demo_school(
    text: FrameworkText,
    school: School,
    state: str,
    members: list[User],
    rng: random.Random,
    now: dt.datetime,
    *,
    with_file: bool,
) -> None:
    plan = plan_levels(text, state, rng)
    started = now - dt.timedelta(days=rng.randint(150, 220))
    lead = members[0] if members else None
    assessment = Assessment.objects.create(
        school=school, framework=text.framework, cycle=1, started_at=started, started_by=lead
    )
    phase = _phase(school)
    judgements = Judgement.objects.bulk_create(
        _judgements(text, assessment, plan, phase, rng, members=members, started=started, now=now)
    )
    baseline_at = started + dt.timedelta(days=rng.randint(5, 20))
    Snapshot.objects.create(
        assessment=assessment,
        name="Baseline",
        kind=SnapshotKind.MANUAL,
        created_by=lead,
        created_at=baseline_at,
        data=text.snapshot_data(plan.baseline, plan.complete),
    )
    if state == ELIGIBLE or (state == COMPLETE and rng.random() < 0.5):
        submitted = now - dt.timedelta(days=rng.randint(3, 30))
        assessment.submitted_at = submitted
        assessment.submitted_by = lead
        assessment.save(update_fields=["submitted_at", "submitted_by"])
        Snapshot.objects.create(
            assessment=assessment,
            name=f"Submitted on {timezone.localdate(submitted):%d %B %Y}",
            kind=SnapshotKind.SUBMITTED,
            created_by=lead,
            created_at=submitted,
            data=levels_data(text.progress(judgements)),
        )

    # The evidence library: a few notes and links, each attached to one to three aspects.
    slug = "-".join(school.name.lower().split()[:2])
    items = []
    for title, note, tags in rng.sample(EVIDENCE_NOTES, k=rng.randint(2, 4)):
        items.append(EvidenceItem(kind=EvidenceKind.NOTE, title=title, note=note, tags=tags))
    for title, url, tags in rng.sample(EVIDENCE_LINKS, k=rng.randint(1, 3)):
        items.append(EvidenceItem(kind=EvidenceKind.LINK, title=title, url=url.format(slug=slug), tags=tags))
    for item in items:
        item.school = school
        item.date = (started + dt.timedelta(days=rng.randint(0, 120))).date()
        item.created_at = item.updated_at = started + dt.timedelta(days=rng.randint(0, 120))
        item.added_by = item.updated_by = rng.choice(members) if members else None
        item.clean_fields(exclude=["school", "added_by", "updated_by"])  # the rules a form would check
    items = EvidenceItem.objects.bulk_create(items)
    complete = [judgement for judgement in judgements if judgement.pk and judgement.aspect_id in plan.complete]
    through = Judgement.evidence.through
    links = {
        (judgement.pk, item.pk)
        for item in items
        if complete
        for judgement in rng.sample(complete, k=min(len(complete), rng.randint(1, 3)))
    }
    through.objects.bulk_create([through(judgement_id=j, evidenceitem_id=i) for j, i in sorted(links)])

    if with_file:
        _seed_demo_file(school, members[0], started, complete, rng)
    _seed_demo_actions(text, school, plan, members, rng, now)


UNITS = {
    "primary": [
        ("Year 1", "Technology around us; moving a robot; digital painting"),
        ("Year 2", "Algorithms with floor robots; pictograms; digital photography"),
        ("Year 3", "Sequencing sounds in Scratch; connecting computers; stop-frame animation"),
        ("Year 4", "Repetition in shapes and games; data logging; audio editing"),
        ("Year 5", "Selection in physical computing; flat-file databases; video production"),
        ("Year 6", "Variables in games; spreadsheets; web page creation; communication and online safety"),
    ],
    "secondary": [
        ("Year 7", "Using computers safely and responsibly; networks; Python: sequence and selection"),
        ("Year 8", "Python: iteration and lists; representing data in binary; spreadsheets and modelling"),
        ("Year 9", "Algorithms and searching; cyber security; physical computing project"),
        ("Years 10-11", "GCSE Computer Science or the digital media pathway; careers in computing"),
    ],
}


def _seed_demo_file(
    school: School, by: User, started: dt.datetime, complete: list[Judgement], rng: random.Random
) -> None:
    """A real (small) PDF curriculum map in the library, stored through the storage API like an upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils.html import escape
    from weasyprint import HTML  # imported here: slow to import, and only the demo needs it

    from uplift.evidence.services import evidence_add_file

    units = UNITS["secondary" if _phase(school) == "secondary" else "primary"]
    rows = "".join(f"<tr><th>{escape(year)}</th><td>{escape(topics)}</td></tr>" for year, topics in units)
    html = (
        f"<html lang='en-GB'><head><meta charset='utf-8'><title>Computing curriculum map</title></head><body>"
        f"<h1>Computing curriculum map</h1><p>{escape(school.name)}, {started:%Y}. Agreed by the computing lead "
        f"and senior leaders; reviewed each summer term.</p><table>{rows}</table></body></html>"
    )
    item = evidence_add_file(
        school=school,
        upload=SimpleUploadedFile("computing-curriculum-map.pdf", HTML(string=html).write_pdf(), "application/pdf"),
        title="Computing curriculum map",
        description="The units each year group studies, in order.",
        date=timezone.localdate(started),
        tags="curriculum, planning",
        by=by,
    )
    curriculum = [judgement for judgement in complete if judgement.aspect.dimension.slug == "curriculum"]
    for judgement in rng.sample(curriculum, k=min(2, len(curriculum))):
        judgement.evidence.add(item)


def _seed_demo_actions(
    text: FrameworkText, school: School, plan: DemoPlan, members: list[User], rng: random.Random, now: dt.datetime
) -> None:
    """Actions from the suggested next steps of the school's lowest judged aspects.

    As ``actions.services`` requires: the owner is a member of the school (so schools nobody has joined
    get none) and the due date was not in the past when the action was made; some are overdue by now.
    """
    from uplift.actions.models import Action, ActionStatus

    if not members:
        return
    judged = [aspect for aspect in text.aspects if plan.levels[aspect.pk] is not None]
    lowest = sorted(judged, key=lambda aspect: (plan.levels[aspect.pk], aspect.order))[: rng.randint(3, 6)]
    actions = []
    for aspect in lowest:
        statement = text.statements[(aspect.pk, plan.levels[aspect.pk])]
        if not statement.actions:
            continue
        status = rng.choices(list(ActionStatus), weights=[5, 4, 2, 1])[0]
        owner = rng.choice(members)
        created = now - dt.timedelta(days=rng.randint(20, 120))
        completed = created + dt.timedelta(days=rng.randint(5, 15)) if status == ActionStatus.DONE else None
        actions.append(
            Action(
                school=school,
                title=_sentence(rng.choice(statement.actions))[:200],
                detail=f"From our self-assessment of “{aspect.title}”.",
                owner=owner,
                due_date=timezone.localdate(created) + dt.timedelta(days=rng.randint(14, 180)),
                status=status,
                dimension=aspect.dimension,
                aspect=aspect,
                cpd_topic=statement.cpd_topics[0] if statement.cpd_topics else "",
                created_by=owner,
                created_at=created,
                updated_by=owner,
                updated_at=completed or created,
                completed_at=completed,
            )
        )
    Action.objects.bulk_create(actions)


# --- national scale --------------------------------------------------------------------------------


class ScaleRefused(Exception):
    """seed_scale cannot run on this database (no framework, too few schools)."""


@dataclass(frozen=True)
class ScaleResult:
    picked: int
    seeded: int
    skipped: int
    cleared: int
    assessments: int
    judgements: int
    snapshots: int


def pick_schools(count: int, seed: int) -> list[int]:
    """``count`` school pks picked deterministically (by URN order and ``seed``) from open schools."""
    candidates = list(School.objects.filter(status__istartswith="open").order_by("urn").values_list("urn", "pk"))
    if len(candidates) < count:
        raise ScaleRefused(
            f"Only {len(candidates)} open schools are in the register, fewer than the {count} asked for. "
            "Import the register first: manage.py import_schools ../shared/data/england_schools_gias_layout.csv.gz"
        )
    picked = random.Random(seed).sample(candidates, count)
    return [pk for _urn, pk in sorted(picked)]


def _scale_state(rng: random.Random) -> str:
    return rng.choices([ELIGIBLE, COMPLETE, HALF, STARTED], weights=[8, 62, 22, 8])[0]


def seed_scale_assessments(
    *,
    schools: int,
    seed: int = 1,
    clear: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ScaleResult:
    """Give ``schools`` schools of the register a current assessment, with history, in bulk.

    Picks the schools deterministically from the open schools by ``seed``. Each gets a current
    assessment on the current framework (most complete, some half-done, a few eligible for the
    Quality Mark) with a "Baseline" snapshot; about a third also have an earlier, submitted cycle
    on the same framework; a few notes and a link per school are attached to complete aspects. A
    picked school that already has an assessment is skipped, unless ``clear`` is set: then its
    assessments (with judgements and snapshots) and its evidence library are deleted first.
    Raises ``ScaleRefused`` when no framework is loaded or the register is too small.
    """
    framework = Framework.objects.current()
    if framework is None:
        raise ScaleRefused(
            "No framework is loaded: run manage.py load_framework uplift/frameworks/data/uplift-cqf-v1.yaml first."
        )
    if schools < 1:
        raise ScaleRefused("Give a number of schools of at least 1.")
    picked = pick_schools(schools, seed)
    cleared = 0
    if clear:
        for start in range(0, len(picked), 900):  # stays under SQLite's parameter limit
            with transaction.atomic():
                batch = picked[start : start + 900]
                cleared += Assessment.objects.filter(school_id__in=batch).count()
                Judgement.objects.filter(assessment__school_id__in=batch).delete()
                Assessment.objects.filter(school_id__in=batch).delete()
                EvidenceItem.objects.filter(school_id__in=batch).delete()
    text = FrameworkText.load(framework)
    now = timezone.now()
    totals = {"seeded": 0, "skipped": 0, "assessments": 0, "judgements": 0, "snapshots": 0}
    for start in range(0, len(picked), BATCH):
        batch = picked[start : start + BATCH]
        counts = _seed_scale_batch(text, batch, seed, now)
        for key, value in counts.items():
            totals[key] += value
        if progress is not None:
            progress(min(start + BATCH, len(picked)), len(picked))
    _refresh_statistics()
    return ScaleResult(picked=len(picked), cleared=cleared, **totals)


def _refresh_statistics() -> None:
    """Let the query planner see the new rows now rather than when autovacuum gets round to it.

    Without this, PostgreSQL estimated a few hundred judgements where there were 135,000 and chose
    plans for the profile's averages that spilled sorts to disk.
    """
    tables = [model._meta.db_table for model in (Assessment, Judgement, Snapshot)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")  # table names from the models, not input
        elif connection.vendor == "sqlite":
            for table in tables:
                cursor.execute(f'ANALYZE "{table}"')


@transaction.atomic
def _scale_evidence(
    plans: list[tuple[School, random.Random, DemoPlan, dt.datetime, bool]],
    current: list[Assessment],
    judgements: list[Judgement],
) -> None:
    """A few notes and links per school, each attached to one to three complete aspects of the current cycle."""
    by_assessment: dict[int, list[Judgement]] = {}
    for judgement in judgements:
        if judgement.is_complete:
            by_assessment.setdefault(judgement.assessment_id, []).append(judgement)
    items: list[EvidenceItem] = []
    targets: list[list[Judgement]] = []
    for (school, rng, _plan, started, _history), assessment in zip(plans, current, strict=True):
        complete = by_assessment.get(assessment.pk, [])
        for title, note, tags in rng.sample(EVIDENCE_NOTES, k=rng.randint(1, 3)):
            items.append(
                EvidenceItem(
                    school=school, kind=EvidenceKind.NOTE, title=title, note=note, tags=tags, date=started.date()
                )
            )
            targets.append(rng.sample(complete, k=min(len(complete), rng.randint(1, 3))))
        title, url, tags = EVIDENCE_LINKS[0]  # a public page: no made-up school web address at scale
        items.append(
            EvidenceItem(school=school, kind=EvidenceKind.LINK, title=title, url=url, tags=tags, date=started.date())
        )
        targets.append(rng.sample(complete, k=min(len(complete), 1)))
    items = EvidenceItem.objects.bulk_create(items, batch_size=1000)
    through = Judgement.evidence.through
    links = {(judgement.pk, item.pk) for item, attached in zip(items, targets, strict=True) for judgement in attached}
    through.objects.bulk_create([through(judgement_id=j, evidenceitem_id=i) for j, i in sorted(links)], batch_size=2000)


def _seed_scale_batch(text: FrameworkText, school_pks: list[int], seed: int, now: dt.datetime) -> dict[str, int]:
    taken = set(Assessment.objects.filter(school_id__in=school_pks).values_list("school_id", flat=True))
    batch = list(School.objects.filter(pk__in=[pk for pk in school_pks if pk not in taken]).order_by("urn"))
    plans: list[tuple[School, random.Random, DemoPlan, dt.datetime, bool]] = []
    previous: list[Assessment] = []
    current: list[Assessment] = []
    for school in batch:
        rng = random.Random(f"scale:{seed}:{school.urn}")
        plan = plan_levels(text, _scale_state(rng), rng)
        started = now - dt.timedelta(days=rng.randint(60, 300))
        has_history = rng.random() < 0.35
        plans.append((school, rng, plan, started, has_history))
        if has_history:
            previous.append(
                Assessment(
                    school=school,
                    framework=text.framework,
                    cycle=1,
                    started_at=started - dt.timedelta(days=365),
                    submitted_at=started - dt.timedelta(days=10),
                    is_current=False,
                )
            )
    previous_by_school = {assessment.school_id: assessment for assessment in Assessment.objects.bulk_create(previous)}
    for school, _rng, _plan, started, has_history in plans:
        current.append(
            Assessment(
                school=school,
                framework=text.framework,
                cycle=2 if has_history else 1,
                started_at=started,
                carried_from=previous_by_school.get(school.pk),
                is_current=True,
            )
        )
    current = Assessment.objects.bulk_create(current)

    judgements: list[Judgement] = []
    snapshots: list[Snapshot] = []
    for (school, rng, plan, started, _history), assessment in zip(plans, current, strict=True):
        phase = _phase(school)
        judgements += _judgements(text, assessment, plan, phase, rng, members=[], started=started, now=now, short=True)
        snapshots.append(
            Snapshot(
                assessment=assessment,
                name="Baseline",
                created_at=started + dt.timedelta(days=7),
                data=text.snapshot_data(plan.baseline, plan.complete),
            )
        )
        old = previous_by_school.get(school.pk)
        if old is not None:
            # Last year's cycle: everything judged, a level or so lower than the baseline, submitted.
            old_levels = {
                aspect.pk: max(1, (plan.baseline[aspect.pk] or plan.levels[aspect.pk] or 2) - rng.randint(0, 1))
                for aspect in text.aspects
            }
            old_plan = DemoPlan(state=COMPLETE, levels=old_levels, complete=set(old_levels), baseline=old_levels)
            old_judgements = _judgements(
                text,
                old,
                old_plan,
                phase,
                rng,
                members=[],
                started=old.started_at,
                now=old.submitted_at,
                short=True,
            )
            judgements += old_judgements
            snapshots.append(
                Snapshot(
                    assessment=old,
                    name=f"Submitted on {timezone.localdate(old.submitted_at):%d %B %Y}",
                    kind=SnapshotKind.SUBMITTED,
                    created_at=old.submitted_at,
                    data=levels_data(text.progress(old_judgements)),
                )
            )
    Judgement.objects.bulk_create(judgements, batch_size=2000)
    Snapshot.objects.bulk_create(snapshots, batch_size=500)
    _scale_evidence(plans, current, judgements)
    return {
        "seeded": len(batch),
        "skipped": len(taken),
        "assessments": len(previous) + len(current),
        "judgements": len(judgements),
        "snapshots": len(snapshots),
    }
