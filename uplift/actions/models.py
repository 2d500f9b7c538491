"""Tracked improvement actions: what the school will do, who owns it, and by when.

An action is linked to a dimension (and usually an aspect) of the framework version that was current
when it was made. Dimension slugs are fixed across versions, so the plan filters by slug and old
actions stay in the plan when a new version is published.

``version`` goes up by one on every change: an edit naming an older version is a conflict (someone
else changed the action in between) and is refused rather than overwriting their change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from uplift.lib.versioning import VersionedStamped


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
STATUS_COLOURS = {
    ActionStatus.PLANNED: "grey",
    ActionStatus.IN_PROGRESS: "blue",
    ActionStatus.DONE: "green",
    ActionStatus.DROPPED: "yellow",
}


class ActionQuerySet(models.QuerySet["Action"]):
    def open(self) -> ActionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: object | None = None) -> ActionQuerySet:
        """Open actions whose due date has passed."""
        return self.open().filter(due_date__lt=today or timezone.localdate())


class Action(VersionedStamped):
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="actions")
    title = models.CharField("what", max_length=200)
    detail = models.TextField(blank=True)
    # A member of the school when set; kept (not deleted) if the person later leaves.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_actions"
    )
    due_date = models.DateField()
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    dimension = models.ForeignKey("frameworks.Dimension", on_delete=models.PROTECT, related_name="actions")
    aspect = models.ForeignKey(
        "frameworks.Aspect", null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    # A CpdTopic slug of the framework (slugs are stable across versions, like dimension slugs).
    cpd_topic = models.SlugField(max_length=80, blank=True)
    # Set when the action is agreed in a Computing Cluster's action plan with the school (the advisor's plan).
    cluster = models.ForeignKey(
        "clusters.Cluster", null=True, blank=True, on_delete=models.SET_NULL, related_name="agreed_actions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["school", "status", "due_date"], name="action_school_status_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()

    @property
    def status_colour(self) -> str:
        return "red" if self.is_overdue else STATUS_COLOURS[ActionStatus(self.status)]
