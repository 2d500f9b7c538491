"""A cluster's workgroups: 1-2 teachers from each member school working together through a
plan -> implement -> reflect cycle of meetings, each meeting with notes and outputs.

- ``Workgroup``: a cluster's group (name, an optional focus dimension by slug) and its members;
- ``WorkgroupMember``: one teacher (staff of a member school) in a workgroup, at most 2 per school;
- ``Meeting``: a dated meeting at one stage of the cycle, with attendees (from the members) and notes;
- ``Output``: what a meeting produced (title, description, optional link), seen in the cluster's
  workspace or, once published, by every signed-in user (dissemination).

Editable records carry ``version``: a save naming an older version is refused, never overwriting.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from uplift.lib.versioning import Versioned, VersionedStamped


class Workgroup(Versioned):
    cluster = models.ForeignKey("clusters.Cluster", on_delete=models.CASCADE, related_name="workgroups")
    name = models.CharField(max_length=120)
    # A framework dimension slug (stable across framework versions), or blank.
    dimension_slug = models.SlugField(max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cluster", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["cluster", "name"], name="workgroup_name_unique_in_cluster")]

    def __str__(self) -> str:
        return self.name


class WorkgroupMember(models.Model):
    workgroup = models.ForeignKey(Workgroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workgroup_memberships")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["school__name", "user__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["workgroup", "user"], name="one_workgroup_membership")]

    def __str__(self) -> str:
        return f"{self.user} ({self.school}) in {self.workgroup}"


class Stage(models.TextChoices):
    PLAN = "plan", "Plan"
    IMPLEMENT = "implement", "Implement"
    REFLECT = "reflect", "Reflect"


STAGE_COLOURS = {Stage.PLAN: "blue", Stage.IMPLEMENT: "purple", Stage.REFLECT: "teal"}


class Meeting(VersionedStamped):
    workgroup = models.ForeignKey(Workgroup, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    stage = models.CharField(max_length=12, choices=Stage.choices)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="workgroup_meetings")
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.workgroup}: {self.get_stage_display()} meeting on {self.held_on}"

    @property
    def stage_colour(self) -> str:
        return STAGE_COLOURS[Stage(self.stage)]

    @property
    def is_held(self) -> bool:
        return self.held_on <= timezone.localdate()


class Visibility(models.TextChoices):
    CLUSTER = "cluster", "Cluster only"
    PUBLISHED = "published", "Published beyond the cluster"


class OutputQuerySet(models.QuerySet["Output"]):
    def published(self) -> OutputQuerySet:
        return self.filter(visibility=Visibility.PUBLISHED)


class Output(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outputs")
    title = models.CharField(max_length=200)
    description = models.TextField()
    link = models.URLField(max_length=500, blank=True)
    visibility = models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.CLUSTER)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = OutputQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.visibility == Visibility.PUBLISHED
