"""The CPD ledger: one entry per (teacher, source activity), in minutes.

Every source of CPD lands here: courses, drop-ins, coaching sessions, workgroup and network meetings (recorded
by the app that owns the activity, so *verified*) and external CPD a teacher claims themselves (*self-reported*).
Time is in minutes, never credits (a pathway that counts credits derives them). Each entry keeps the school
the teacher was at when they took it, so a school's totals do not move when a teacher changes school.

An entry from a source is keyed by (teacher, source kind, source id): recording the same activity again
updates the one entry (idempotent); an activity the teacher turns out not to have attended is *withdrawn*
(kept, with the time, so recording it again brings it back). Withdrawn entries count nowhere.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from uplift.lib.dates import academic_year_bounds, academic_year_of

# The DfE's measure: a teacher is "trained" with 5 or more hours of CPD in one academic year.
TRAINED_MINUTES = 300


class SourceKind(models.TextChoices):
    COURSE = "course", "Course"
    DROPIN = "dropin", "CPD implementation drop-in"
    COACHING = "coaching", "Coaching session"
    WORKGROUP_MEETING = "workgroup_meeting", "Workgroup meeting"
    NETWORK_MEETING = "network_meeting", "Network meeting"
    EXTERNAL = "external", "External CPD (claimed)"


class EntryQuerySet(models.QuerySet["Entry"]):
    def active(self) -> EntryQuerySet:
        """Entries that count (not withdrawn)."""
        return self.filter(withdrawn_at__isnull=True)

    def in_year(self, year: int) -> EntryQuerySet:
        """Entries dated in academic year ``year`` (1 September ``year`` - 31 August ``year + 1``)."""
        first, last = academic_year_bounds(year)
        return self.filter(on__gte=first, on__lte=last)


class Entry(models.Model):
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_entries")
    # The school the teacher was at when they took it (None: no school, e.g. a claim by someone between posts).
    school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="cpd_entries"
    )
    source_kind = models.CharField(max_length=20, choices=SourceKind.choices)
    # The activity's primary key in its own app (a drop-in, a coaching session...); None for an external claim.
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(max_length=200)
    provider = models.CharField(max_length=200, blank=True)
    on = models.DateField()
    minutes = models.PositiveIntegerField()
    verified = models.BooleanField()
    # What the teacher learned (a claim) - read by the teacher and their school's leaders.
    notes = models.TextField(blank=True)
    dimensions = models.ManyToManyField("frameworks.Dimension", blank=True, related_name="+")
    aspects = models.ManyToManyField("frameworks.Aspect", blank=True, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name_plural = "entries"
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "source_kind", "source_id"],
                condition=Q(source_id__isnull=False),
                name="cpd_one_entry_per_teacher_and_source",
            ),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="cpd_entry_has_minutes"),
            # An external claim is self-reported and has no source row; every other source is verified.
            models.CheckConstraint(
                condition=(Q(source_kind="external") & Q(verified=False) & Q(source_id__isnull=True))
                | (~Q(source_kind="external") & Q(verified=True) & Q(source_id__isnull=False)),
                name="cpd_entry_source_matches_verification",
            ),
        ]
        indexes = [
            models.Index(fields=["teacher", "on"], name="cpd_entry_teacher_on"),
            models.Index(fields=["school", "on"], name="cpd_entry_school_on"),
            models.Index(fields=["on"], name="cpd_entry_on"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.minutes} min, {self.on:%-d %B %Y})"

    @property
    def academic_year(self) -> int:
        return academic_year_of(self.on)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_withdrawable(self) -> bool:
        """Only a teacher's own claim is withdrawn by hand; verified time follows its source."""
        return not self.verified and not self.is_withdrawn

    @property
    def hours(self) -> str:
        return format_minutes(self.minutes)


def format_minutes(minutes: int) -> str:
    """``90`` -> ``"1 h 30 min"``, ``300`` -> ``"5 h"``, ``45`` -> ``"45 min"``."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")
