"""Bespoke intervention days: professional learning for a member school's specific challenge.

A cluster has ``Cluster.bespoke_days`` days (9 by default), of which ``Cluster.output_days`` (3) are
output days - days spent producing something the cluster keeps and shares (a scheme of work, a
curriculum map, a case study). Each day is logged for one member school with its type, length (a full
or half day) and who delivered it. A day may carry a cost, recorded in the same transaction as a
"Bespoke days" spend in the cluster's funding ledger (``ledger_entry``).

Rules (``uplift/bespoke/services.py``): days used never go beyond the allowance, nor output days beyond
theirs, except by a programme manager who explicitly records the day beyond the allowance.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from uplift.lib.versioning import VersionedStamped


class DayType(models.TextChoices):
    CURRICULUM_DESIGN = "curriculum_design", "Curriculum design"
    EMBEDDING_PEDAGOGY = "embedding_pedagogy", "Embedding pedagogy"
    OBSERVATION = "observation", "Classroom observation and feedback"
    SUBJECT_TEAM = "subject_team", "Subject-team meeting"
    OTHER = "other", "Other"


class Length(models.TextChoices):
    FULL = "full", "A full day"
    HALF = "half", "Half a day"


LENGTH_DAYS = {Length.FULL: Decimal("1"), Length.HALF: Decimal("0.5")}


class BespokeDay(VersionedStamped):
    cluster = models.ForeignKey("clusters.Cluster", on_delete=models.CASCADE, related_name="bespoke_days_logged")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="bespoke_days")
    on = models.DateField("date")
    day_type = models.CharField("type", max_length=24, choices=DayType.choices)
    description = models.CharField(max_length=200, blank=True)
    is_output_day = models.BooleanField("output day", default=False)
    length = models.CharField(max_length=4, choices=Length.choices, default=Length.FULL)
    delivered_by = models.CharField(max_length=120)
    notes = models.TextField(blank=True)
    # The day's cost in the funding ledger, when it has one.
    ledger_entry = models.OneToOneField(
        "funding.LedgerEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="bespoke_day"
    )
    # True when a manager recorded this day beyond the cluster's allowance.
    beyond_allowance = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.type_label} at {self.school} on {self.on}"

    @property
    def days(self) -> Decimal:
        return LENGTH_DAYS[Length(self.length)]

    @property
    def type_label(self) -> str:
        if self.day_type == DayType.OTHER and self.description:
            return f"Other: {self.description}"
        return self.get_day_type_display()
