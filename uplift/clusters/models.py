"""Computing Clusters: matching runs, the clusters they propose, and the confirmed clusters' 12 months.

Lifecycle: a manager runs matching for a cohort (``MatchRun``, a background task); the run's
proposal is a set of ``Cluster`` rows with status *proposed*, which the manager may edit (move a
school, split, merge) and then confirm. Confirming makes the cohort's clusters *confirmed*, copies
the cohort's budget and allowances onto each, records each member's baseline, allocates advisors and
notifies the schools. A confirmed cluster runs from ``kickoff_on`` to ``ends_on`` and is *finished*
once its impact has been recorded. The support itself lives in its own apps (workgroups, coaching,
dropins, bespoke, funding), each keyed by the cluster.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from uplift.lib.versioning import Versioned


class MatchRunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class MatchRun(models.Model):
    """One run of the matching engine over a cohort's submitted applications."""

    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE, related_name="match_runs")
    status = models.CharField(max_length=12, choices=MatchRunStatus.choices, default=MatchRunStatus.QUEUED)
    # 0..100, written by the background task as the engine reports progress.
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    # The engine's parameters (max_km, lam, penalty, cluster_cost, max_clusters, seed, time_limit).
    params = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    objective = models.FloatField(null=True, blank=True)
    # [{"school": urn, "reason": "..."}] for schools the run could not place.
    unassigned = models.JSONField(default=list)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Matching run {self.pk} for {self.cohort}"


class ClusterStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    FINISHED = "finished", "Finished"
    DISCARDED = "discarded", "Discarded"


class Cluster(Versioned):
    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE, related_name="clusters")
    run = models.ForeignKey(MatchRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="clusters")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=120)
    phase = models.CharField(max_length=40)
    status = models.CharField(max_length=12, choices=ClusterStatus.choices, default=ClusterStatus.PROPOSED)
    # Dimension slugs of highest mean need, most needed first (the cluster's shared focus).
    focus = models.JSONField(default=list)
    # The engine's explanation: mean need per dimension, spread, distances, cost.
    explanation = models.JSONField(default=dict)
    meeting_school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="advised_clusters"
    )
    # Budget and allowances, copied from the cohort when confirmed.
    budget = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    coaching_hours = models.PositiveSmallIntegerField(default=30)
    coaching_sessions = models.PositiveSmallIntegerField(default=5)
    bespoke_days = models.PositiveSmallIntegerField(default=9)
    output_days = models.PositiveSmallIntegerField(default=3)
    # Timeline.
    kickoff_on = models.DateField(null=True, blank=True)
    midpoint_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "number"], condition=~Q(status="discarded"), name="cluster_number_unique_in_cohort"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_live(self) -> bool:
        """Confirmed or finished: a real cluster with a workspace (not a proposal)."""
        return self.status in (ClusterStatus.CONFIRMED, ClusterStatus.FINISHED)


class ClusterMember(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="members")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="cluster_memberships")
    application = models.ForeignKey(
        "cohorts.CohortApplication", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    km_to_meeting = models.FloatField(default=0.0)
    reason = models.TextField(blank=True)
    # Frozen when the cluster is confirmed (levels per dimension and needs) and at the end.
    baseline_snapshot = models.ForeignKey(
        "assessments.Snapshot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    end_snapshot = models.ForeignKey(
        "assessments.Snapshot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cluster", "school__name"]
        constraints = [models.UniqueConstraint(fields=["cluster", "school"], name="one_membership_per_cluster")]

    def __str__(self) -> str:
        return f"{self.school} in {self.cluster}"


class AdvisorCapacity(models.Model):
    """How many clusters an advisor can run at once (their region is their programme membership's)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cluster_capacity")
    max_clusters = models.PositiveSmallIntegerField(default=3)

    def __str__(self) -> str:
        return f"{self.user}: up to {self.max_clusters} clusters"
