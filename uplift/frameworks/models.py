"""The quality framework as data: versions, dimensions, aspects and their level statements.

A framework version is loaded once from a YAML file (see ``schema.py`` and ``services.framework_load``)
and never edited afterwards: judgements and snapshots point at its rows, so old versions stay readable.
Exactly one version is current at a time; schools' current assessments follow it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class FrameworkQuerySet(models.QuerySet["Framework"]):
    def current(self) -> Framework | None:
        """The current framework version, or None before any has been loaded."""
        return self.filter(is_current=True).first()


class Framework(models.Model):
    slug = models.SlugField(max_length=80)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    published_on = models.DateField()
    threshold_level = models.PositiveSmallIntegerField(help_text="The Quality Mark standard (level 4 in the CQF).")
    # {"1": "Introductory", ...}: JSON keys are strings.
    level_names = models.JSONField(default=dict)
    is_current = models.BooleanField(default=False)
    loaded_at = models.DateTimeField(default=timezone.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="framework_slug_version_unique"),
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="one_current_framework"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    def level_name(self, level: int | None) -> str:
        if level is None:
            return ""
        return self.level_names.get(str(level), f"Level {level}")


class Dimension(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="dimensions")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "slug"], name="dimension_slug_unique")]

    def __str__(self) -> str:
        return self.title


class Aspect(models.Model):
    """One aspect ("benchmark") of a dimension. ``order`` runs across the whole framework."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="aspects")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="aspects")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    order = models.PositiveSmallIntegerField()
    # The statements changed in this version: schools that judged it before re-confirm it.
    changed = models.BooleanField(default=False)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "slug"], name="aspect_slug_unique")]

    def __str__(self) -> str:
        return self.title


class MappingKind(models.TextChoices):
    KEPT = "kept", "Kept"
    RENAMED = "renamed", "Renamed"
    SPLIT = "split", "Split"
    MERGED = "merged", "Merged"


class AspectMapping(models.Model):
    """Where the judgements on ``previous`` (an aspect of the version before) went in this version."""

    aspect = models.ForeignKey(Aspect, on_delete=models.CASCADE, related_name="previous_mappings")
    previous = models.ForeignKey(Aspect, on_delete=models.CASCADE, related_name="next_mappings")
    kind = models.CharField(max_length=10, choices=MappingKind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["aspect", "previous"], name="aspect_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.previous.slug} → {self.aspect.slug} ({self.kind})"


class LevelStatement(models.Model):
    """What an aspect looks like at one level, with the actions and evidence that lead on from it.

    Either ``statement`` is set (the same for every school) or both phase versions are.
    """

    aspect = models.ForeignKey(Aspect, on_delete=models.CASCADE, related_name="statements")
    level = models.PositiveSmallIntegerField()
    statement = models.TextField(blank=True)
    statement_primary = models.TextField(blank=True)
    statement_secondary = models.TextField(blank=True)
    actions = models.JSONField(default=list)
    evidence = models.JSONField(default=list)
    cpd_topics = models.JSONField(default=list)
    is_threshold = models.BooleanField(default=False)

    class Meta:
        ordering = ["aspect", "level"]
        constraints = [models.UniqueConstraint(fields=["aspect", "level"], name="level_statement_unique")]

    def __str__(self) -> str:
        return f"{self.aspect.slug} level {self.level}"

    def statement_for(self, phase: str | None) -> str:
        """The wording a school of ``phase`` ("primary"/"secondary"; None shows both) reads."""
        if self.statement:
            return self.statement
        if phase == "primary":
            return self.statement_primary
        if phase == "secondary":
            return self.statement_secondary
        return f"Primary: {self.statement_primary}\nSecondary: {self.statement_secondary}"


class CpdTopic(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="cpd_topics")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["framework", "title"]
        constraints = [models.UniqueConstraint(fields=["framework", "slug"], name="cpd_topic_slug_unique")]

    def __str__(self) -> str:
        return self.title
