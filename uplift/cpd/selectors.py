"""Reads of the CPD ledger: a teacher's record by academic year, a school's staff, the programme's totals.

Only active (not withdrawn) entries count. Verified and self-reported minutes are always reported separately
(the programme's KPIs count verified time; a teacher sees both). "Trained" is the DfE's measure: at least
``TRAINED_MINUTES`` (5 hours) in one academic year, summed across every source; ``trained_verified`` counts
verified time only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from uplift.accounts.models import User
from uplift.cpd.models import TRAINED_MINUTES, Entry, SourceKind, format_minutes
from uplift.lib.dates import academic_year_label, academic_year_of

if TYPE_CHECKING:
    import datetime as dt

    from uplift.accounts.access import ManagerScope
    from uplift.schools.models import School


@dataclass(frozen=True)
class Minutes:
    """Minutes of CPD, verified and self-reported apart."""

    verified: int = 0
    self_reported: int = 0

    @property
    def total(self) -> int:
        return self.verified + self.self_reported

    @property
    def trained(self) -> bool:
        return self.total >= TRAINED_MINUTES

    @property
    def trained_verified(self) -> bool:
        return self.verified >= TRAINED_MINUTES

    @property
    def to_trained(self) -> int:
        """Minutes still needed to reach "trained" (0 once there)."""
        return max(0, TRAINED_MINUTES - self.total)

    @property
    def total_label(self) -> str:
        return format_minutes(self.total)

    @property
    def verified_label(self) -> str:
        return format_minutes(self.verified)

    @property
    def self_reported_label(self) -> str:
        return format_minutes(self.self_reported)


def _sums() -> dict[str, Coalesce]:
    return {
        "verified_minutes": Coalesce(Sum("minutes", filter=Q(verified=True)), Value(0), output_field=IntegerField()),
        "self_minutes": Coalesce(Sum("minutes", filter=Q(verified=False)), Value(0), output_field=IntegerField()),
    }


@dataclass(frozen=True)
class YearRecord:
    """One academic year of a teacher's record: totals and the entries (newest first)."""

    year: int
    minutes: Minutes
    entries: list[Entry] = field(default_factory=list)

    @property
    def label(self) -> str:
        return academic_year_label(self.year)


def teacher_entries(*, teacher: User) -> QuerySet[Entry]:
    """The teacher's active entries, newest first, with their school and framework links (3 queries)."""
    return (
        Entry.objects.active()
        .filter(teacher=teacher)
        .select_related("school")
        .prefetch_related("dimensions", "aspects")
        .order_by("-on", "-pk")
    )


def teacher_record(*, teacher: User, current_year: int) -> list[YearRecord]:
    """The teacher's record by academic year, newest first; ``current_year`` is always present (empty or not)."""
    years: dict[int, list[Entry]] = {current_year: []}
    for entry in teacher_entries(teacher=teacher):
        years.setdefault(entry.academic_year, []).append(entry)
    out = []
    for year in sorted(years, reverse=True):
        entries = years[year]
        minutes = Minutes(
            verified=sum(e.minutes for e in entries if e.verified),
            self_reported=sum(e.minutes for e in entries if not e.verified),
        )
        out.append(YearRecord(year=year, minutes=minutes, entries=entries))
    return out


def teacher_year_minutes(*, teacher: User, year: int) -> Minutes:
    """The teacher's minutes in academic year ``year`` (1 query)."""
    sums = Entry.objects.active().in_year(year).filter(teacher=teacher).aggregate(**_sums())
    return Minutes(verified=sums["verified_minutes"], self_reported=sums["self_minutes"])


def is_trained(*, teacher: User, year: int) -> bool:
    """Whether the teacher reached 5 hours (``TRAINED_MINUTES``) of CPD in academic year ``year``."""
    return teacher_year_minutes(teacher=teacher, year=year).trained


def current_academic_year(today: dt.date) -> int:
    return academic_year_of(today)


@dataclass(frozen=True)
class StaffRow:
    teacher: User
    minutes: Minutes
    entries: int


@dataclass(frozen=True)
class SchoolCpd:
    """A school's CPD in one academic year: each member of staff with time recorded for the school."""

    school: School
    year: int
    rows: list[StaffRow]

    @property
    def label(self) -> str:
        return academic_year_label(self.year)

    @property
    def minutes(self) -> Minutes:
        return Minutes(
            verified=sum(row.minutes.verified for row in self.rows),
            self_reported=sum(row.minutes.self_reported for row in self.rows),
        )

    @property
    def trained(self) -> int:
        return sum(1 for row in self.rows if row.minutes.trained)

    @property
    def trained_verified(self) -> int:
        return sum(1 for row in self.rows if row.minutes.trained_verified)


# Coaching is discreet (uplift/coaching/models.py): who is being coached is not shown to other staff, so a
# school's view of its staff's CPD leaves coaching sessions out; they count in the coachee's own record and in
# the programme's totals.
PRIVATE_TO_THE_TEACHER = (SourceKind.COACHING,)


def _school_entries(school: School, year: int) -> QuerySet[Entry]:
    return Entry.objects.active().in_year(year).filter(school=school).exclude(source_kind__in=PRIVATE_TO_THE_TEACHER)


def school_cpd(*, school: School, year: int) -> SchoolCpd:
    """Each teacher's minutes recorded for ``school`` in ``year`` (time taken while at the school; coaching
    left out, ``PRIVATE_TO_THE_TEACHER``), most first (2 queries)."""
    rows = _school_entries(school, year).values("teacher").annotate(entries=Count("pk"), **_sums()).order_by()
    by_teacher = {row["teacher"]: row for row in rows}
    people = User.objects.in_bulk(list(by_teacher))
    staff = [
        StaffRow(
            teacher=people[pk],
            minutes=Minutes(verified=row["verified_minutes"], self_reported=row["self_minutes"]),
            entries=row["entries"],
        )
        for pk, row in by_teacher.items()
    ]
    staff.sort(key=lambda row: (-row.minutes.total, row.teacher.full_name, row.teacher.pk))
    return SchoolCpd(school=school, year=year, rows=staff)


def school_entries(*, school: School, year: int) -> QuerySet[Entry]:
    """Every active entry recorded for the school in ``year`` (for its export; coaching left out), by date
    then teacher."""
    return _school_entries(school, year).select_related("teacher").order_by("on", "teacher__full_name", "pk")


@dataclass(frozen=True)
class ProgrammeTotals:
    """The programme's CPD in one academic year (the CAS Network of Excellence's KPIs: hours, teachers,
    schools), verified and self-reported apart."""

    year: int
    minutes: Minutes
    teachers: int
    teachers_verified: int
    trained: int
    trained_verified: int
    schools: int

    @property
    def label(self) -> str:
        return academic_year_label(self.year)


def programme_totals(*, year: int, scope: ManagerScope | None = None) -> ProgrammeTotals:
    """Totals over every active entry of ``year`` (only schools ``scope`` covers, when a regional manager
    asks; entries without a school count nationally only). Three aggregate queries, whatever the size."""
    entries = Entry.objects.active().in_year(year)
    if scope is not None and not scope.national:
        entries = entries.filter(scope.schools("school__"))
    sums = entries.aggregate(
        **_sums(),
        teachers=Count("teacher", distinct=True),
        teachers_verified=Count("teacher", distinct=True, filter=Q(verified=True)),
        schools=Count("school", distinct=True),
    )
    # Teachers at 5 hours or more: a GROUP BY ... HAVING counted by the database (no rows come back).
    trained = entries.values("teacher").annotate(total=Sum("minutes")).filter(total__gte=TRAINED_MINUTES).count()
    trained_verified = (
        entries.filter(verified=True)
        .values("teacher")
        .annotate(total=Sum("minutes"))
        .filter(total__gte=TRAINED_MINUTES)
        .count()
    )
    return ProgrammeTotals(
        year=year,
        minutes=Minutes(verified=sums["verified_minutes"], self_reported=sums["self_minutes"]),
        teachers=sums["teachers"],
        teachers_verified=sums["teachers_verified"],
        trained=trained,
        trained_verified=trained_verified,
        schools=sums["schools"],
    )
