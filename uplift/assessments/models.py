"""A school's self-assessment against the framework: judgements per aspect, and snapshots of them.

Lifecycle: a school has at most one *current* assessment, on the current framework. It is created
by the first save (``services.judgement_save``). Publishing a new framework version moves each
school to a new Assessment on that version (``carried_from`` the old one, which is kept unchanged
for history); starting a new cycle does the same with ``cycle + 1``. Snapshots freeze the levels
at a moment (a named baseline, a submission, the end of a programme) and never change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from uplift.lib.versioning import VersionedStamped


class Assessment(models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="assessments")
    framework = models.ForeignKey("frameworks.Framework", on_delete=models.PROTECT, related_name="assessments")
    cycle = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_current = models.BooleanField(default=True)
    # The assessment this one was copied from (a new framework version or a new cycle).
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )

    class Meta:
        ordering = ["school", "-cycle", "-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["school"], condition=Q(is_current=True), name="one_current_assessment_per_school"
            ),
            models.UniqueConstraint(fields=["school", "framework", "cycle"], name="assessment_cycle_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.school}, cycle {self.cycle} ({self.framework})"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Judgement(VersionedStamped):
    """A school's best-fit level for one aspect, with its commentary and attached evidence.

    ``version`` goes up by one on every save: a save that names an older version is a conflict
    (someone else saved in between) and is refused rather than silently overwriting their work.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="judgements")
    aspect = models.ForeignKey("frameworks.Aspect", on_delete=models.PROTECT, related_name="judgements")
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    current_position = models.TextField(blank=True)
    evidence_commentary = models.TextField(blank=True)
    improvement_actions = models.TextField(blank=True)
    evidence = models.ManyToManyField("evidence.EvidenceItem", blank=True, related_name="judgements")
    # The framework's statements changed (or the aspect was split/merged) since the school judged it.
    needs_review = models.BooleanField(default=False)
    # The page (one rendering of the aspect form) that made the last save: its own autosave is never
    # a conflict for the same page's "Save".
    saved_from = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["assessment", "aspect__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "aspect"], name="one_judgement_per_aspect")]

    def __str__(self) -> str:
        return f"{self.aspect.slug}: level {self.level or '-'}"

    @property
    def is_complete(self) -> bool:
        """A level is chosen and all three commentary boxes are filled."""
        return self.level is not None and all(
            text.strip() for text in (self.current_position, self.evidence_commentary, self.improvement_actions)
        )

    @property
    def is_started(self) -> bool:
        return self.level is not None or any(
            text.strip() for text in (self.current_position, self.evidence_commentary, self.improvement_actions)
        )


class SnapshotKind(models.TextChoices):
    MANUAL = "manual", "Recorded by the school"
    SUBMITTED = "submitted", "Submitted assessment"
    END_OF_PROGRAMME = "end_of_programme", "End of programme"
    PROGRAMME_BASELINE = "programme_baseline", "Programme baseline"


class Snapshot(models.Model):
    """The levels of an assessment frozen at a moment.

    ``data`` = {"aspects": {aspect_slug: level | None}, "dimensions": {dimension_slug: level | None},
    "framework": {"slug": ..., "version": ...}, "percent": overall progress}. It reads without the
    framework rows, so snapshots stay comparable across framework versions.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="snapshots")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=SnapshotKind.choices, default=SnapshotKind.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.created_at:%d %B %Y})"
