"""Writes to the CPD ledger. Each is one transaction.

Rules:
- an activity's app records its attendees through ``entries_sync_source`` (or one teacher through
  ``entry_record_from_source``): verified time, one entry per (teacher, source kind, source id). Recording
  again updates the entry (title, date, minutes, school) and brings back a withdrawn one; a teacher no longer
  among the attendees has their entry withdrawn. So calling it after every change of attendance is safe;
- a teacher claims external CPD (``entry_claim``): a title, who ran it, a date that is not in the future and
  at most ``CLAIM_MAX_AGE_DAYS`` ago, 15 minutes to ``CLAIM_MAX_MINUTES``, a school among their own (or none),
  optional framework dimensions and aspects of one framework; the same title on the same day twice is refused;
- a teacher withdraws their own claim (``entry_withdraw``); verified entries are withdrawn only by their source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from uplift.accounts.access import roles_for
from uplift.cpd.models import Entry, SourceKind
from uplift.frameworks.models import Aspect, Dimension

if TYPE_CHECKING:
    from uplift.accounts.models import User
    from uplift.schools.models import School

CLAIM_MIN_MINUTES = 15
# A week of full days: longer programmes are claimed one part at a time.
CLAIM_MAX_MINUTES = 5 * 7 * 60
CLAIM_MAX_AGE_DAYS = 3 * 365
MAX_SOURCE_MINUTES = 24 * 60


@dataclass(frozen=True)
class Attendee:
    """One person who took part in an activity, and the school they took part for."""

    teacher: User
    school: School | None


@dataclass(frozen=True)
class SyncResult:
    recorded: int
    withdrawn: int


def _check_source(*, kind: str, source_id: int, title: str, minutes: int) -> None:
    if kind not in SourceKind.values or kind == SourceKind.EXTERNAL:
        raise ValueError(f"Not a verified source kind: {kind!r}")
    if not source_id or source_id < 0:
        raise ValueError("A source activity needs its id")
    if not title.strip():
        raise ValueError("A source activity needs a title")
    if not 0 < minutes <= MAX_SOURCE_MINUTES:
        raise ValueError(f"A source activity lasts 1 to {MAX_SOURCE_MINUTES} minutes, not {minutes}")


def _upsert(
    *, teacher: User, school: School | None, kind: str, source_id: int, title: str, on: dt.date, minutes: int
) -> tuple[Entry, bool]:
    """The one entry for (teacher, kind, source_id), created or brought up to date; True if anything changed."""
    now = timezone.now()
    entry = Entry.objects.select_for_update().filter(teacher=teacher, source_kind=kind, source_id=source_id).first()
    values = {"school": school, "title": title.strip()[:200], "on": on, "minutes": minutes}
    if entry is None:
        entry = Entry.objects.create(
            teacher=teacher,
            source_kind=kind,
            source_id=source_id,
            verified=True,
            created_at=now,
            updated_at=now,
            **values,
        )
        return entry, True
    wanted = (school.pk if school else None, values["title"], on, minutes)
    changed = entry.is_withdrawn or (entry.school_id, entry.title, entry.on, entry.minutes) != wanted
    if changed:
        for name, value in values.items():
            setattr(entry, name, value)
        entry.withdrawn_at = entry.withdrawn_by = None
        entry.updated_at = now
        entry.save()
    return entry, changed


@transaction.atomic
def entry_record_from_source(
    *, teacher: User, school: School | None, kind: str, source_id: int, title: str, on: dt.date, minutes: int
) -> Entry:
    """Record (or bring up to date) one teacher's verified time for one activity. Idempotent."""
    _check_source(kind=kind, source_id=source_id, title=title, minutes=minutes)
    entry, _changed = _upsert(
        teacher=teacher, school=school, kind=kind, source_id=source_id, title=title, on=on, minutes=minutes
    )
    return entry


@transaction.atomic
def entries_sync_source(
    *,
    kind: str,
    source_id: int,
    title: str,
    on: dt.date,
    minutes: int,
    attendees: Iterable[Attendee],
    dimensions: Sequence[Dimension] = (),
) -> SyncResult:
    """Make the ledger hold exactly ``attendees`` for one activity: each gets a verified entry (created or
    updated), everyone else's entry for it is withdrawn, and an empty ``attendees`` withdraws them all (a
    cancelled activity). ``dimensions`` (e.g. a workgroup's focus) are added to new entries. Idempotent."""
    _check_source(kind=kind, source_id=source_id, title=title, minutes=minutes)
    recorded = 0
    kept: list[int] = []
    for attendee in {a.teacher.pk: a for a in attendees}.values():
        entry, changed = _upsert(
            teacher=attendee.teacher,
            school=attendee.school,
            kind=kind,
            source_id=source_id,
            title=title,
            on=on,
            minutes=minutes,
        )
        if changed and dimensions:
            entry.dimensions.add(*dimensions)
        kept.append(entry.pk)
        recorded += int(changed)
    withdrawn = (
        Entry.objects.filter(source_kind=kind, source_id=source_id, withdrawn_at__isnull=True)
        .exclude(pk__in=kept)
        .update(withdrawn_at=timezone.now())
    )
    return SyncResult(recorded=recorded, withdrawn=withdrawn)


@dataclass(frozen=True)
class Claim:
    """What a teacher typed to claim external CPD."""

    title: str
    provider: str
    on: dt.date | None
    minutes: int | None
    school: School | None = None
    notes: str = ""
    dimensions: Sequence[Dimension] = ()
    aspects: Sequence[Aspect] = ()


def _validate_claim(*, teacher: User, claim: Claim) -> None:
    errors: dict[str, str] = {}
    if not claim.title.strip():
        errors["title"] = "Enter the title of the CPD"
    if not claim.provider.strip():
        errors["provider"] = "Enter who ran the CPD"
    today = timezone.localdate()
    if claim.on is None:
        errors["on"] = "Enter the date you took the CPD"
    elif claim.on > today:
        errors["on"] = "The date must be today or in the past"
    elif claim.on < today - dt.timedelta(days=CLAIM_MAX_AGE_DAYS):
        errors["on"] = "Claim CPD from the last 3 years"
    if claim.minutes is None or not CLAIM_MIN_MINUTES <= claim.minutes <= CLAIM_MAX_MINUTES:
        errors["minutes"] = (
            f"Enter a length between {CLAIM_MIN_MINUTES} minutes and {CLAIM_MAX_MINUTES // 60} hours, in minutes"
        )
    if claim.school is not None and claim.school.pk not in roles_for(teacher).schools:
        errors["school"] = "Choose one of your own schools"
    frameworks = {d.framework_id for d in claim.dimensions} | {a.framework_id for a in claim.aspects}
    if len(frameworks) > 1:
        errors["dimensions"] = "Choose dimensions and aspects of one framework"
    if (
        "title" not in errors
        and "on" not in errors
        and Entry.objects.active()
        .filter(teacher=teacher, source_kind=SourceKind.EXTERNAL, title__iexact=claim.title.strip(), on=claim.on)
        .exists()
    ):
        errors["title"] = "You have already claimed CPD with this title on this date"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def entry_claim(*, teacher: User, claim: Claim) -> Entry:
    """A teacher's self-reported external CPD (see the module docstring for the rules)."""
    _validate_claim(teacher=teacher, claim=claim)
    entry = Entry.objects.create(
        teacher=teacher,
        school=claim.school,
        source_kind=SourceKind.EXTERNAL,
        source_id=None,
        title=claim.title.strip()[:200],
        provider=claim.provider.strip()[:200],
        on=claim.on,
        minutes=claim.minutes,
        verified=False,
        notes=claim.notes.strip(),
        recorded_by=teacher,
    )
    entry.dimensions.set(claim.dimensions)
    entry.aspects.set(claim.aspects)
    return entry


@transaction.atomic
def entry_withdraw(*, entry: Entry, by: User) -> Entry:
    """Withdraw a self-reported claim (it stops counting; it stays in the ledger's history)."""
    current = Entry.objects.select_for_update().get(pk=entry.pk)
    if current.verified:
        raise ValidationError("Verified CPD is changed by the activity it came from, not withdrawn by hand.")
    if current.is_withdrawn:
        raise ValidationError("This claim is already withdrawn.")
    current.withdrawn_at = timezone.now()
    current.withdrawn_by = by
    current.updated_at = current.withdrawn_at
    current.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    return current
