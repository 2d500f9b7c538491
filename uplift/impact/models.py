"""The end of a cluster's programme: who was reminded to record an end snapshot, and how it finished.

The snapshots themselves are ``assessments.Snapshot`` rows linked from ``clusters.ClusterMember``
(``baseline_snapshot`` at confirmation, ``end_snapshot`` here). These two small records keep what the
cluster model has no room for: the reminders sent, and the manager's reason when a cluster is finished
before every school has recorded its end snapshot.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class EndSnapshotReminder(models.Model):
    """One reminder to a member school to record its end-of-programme snapshot."""

    member = models.ForeignKey("clusters.ClusterMember", on_delete=models.CASCADE, related_name="end_reminders")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    # How many people were emailed (the school's staff who may record it).
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Reminder to {self.member.school} ({self.sent_at:%d %B %Y})"


class ClusterClosure(models.Model):
    """How a cluster was finished: by whom, and why early when end snapshots were missing."""

    cluster = models.OneToOneField("clusters.Cluster", on_delete=models.CASCADE, related_name="closure")
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(default=timezone.now)
    # Required when any member school had no end snapshot; the names of those schools at the time.
    reason = models.TextField(blank=True)
    missing_schools = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.cluster} finished {self.finished_at:%d %B %Y}"
