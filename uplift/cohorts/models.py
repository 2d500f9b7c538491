"""Computing Clusters cohorts and the schools' applications to join one.

A programme manager creates a cohort (its application window, start, funding and support allowances,
matching rules). Eligible schools apply during the window; the applications become the matching
engine's input (uplift/clusters), and the confirmed clusters then run for ``months`` from ``starts_on``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from uplift.lib.versioning import Versioned

#: Default funding for one cluster's 12 months of support (pounds).
DEFAULT_FUNDING = Decimal("15000.00")
#: Most priority dimensions a school may name when it applies.
MAX_PRIORITIES = 3


class Cohort(Versioned):
    name = models.CharField(max_length=120, unique=True, help_text='For example "October 2027".')
    # A regional cohort takes applications from its region's schools and is managed by that region's programme
    # managers too; a national one (no region) takes every school and is managed by national managers.
    region = models.ForeignKey(
        "schools.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cohorts",
        help_text="Leave blank for a national cohort.",
    )
    applications_open = models.DateField()
    applications_close = models.DateField()
    starts_on = models.DateField()
    months = models.PositiveSmallIntegerField(default=12)
    # Money: each confirmed cluster's budget, and how many clusters the programme funds (a hard maximum).
    funding_per_cluster = models.DecimalField(max_digits=9, decimal_places=2, default=DEFAULT_FUNDING)
    funded_clusters = models.PositiveIntegerField(
        null=True, blank=True, help_text="The most clusters this cohort can fund. Leave blank for no limit."
    )
    # Matching rules (the engine's --max-km, --cluster-cost, --lam, --penalty).
    max_km = models.FloatField(default=25.0)
    cost_per_cluster = models.FloatField(default=0.0)
    travel_weight = models.FloatField(default=0.1)
    unassigned_penalty = models.FloatField(default=10.0)
    # Support allowances copied to each cluster when it is confirmed.
    coaching_hours = models.PositiveSmallIntegerField(default=30)
    coaching_sessions = models.PositiveSmallIntegerField(default=5)
    bespoke_days = models.PositiveSmallIntegerField(default=9)
    output_days = models.PositiveSmallIntegerField(default=3)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Set when the manager confirms the clusters; the cohort's matching is then closed.
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(applications_close__gte=models.F("applications_open")), name="cohort_window_in_order"
            ),
            models.CheckConstraint(condition=Q(max_km__gt=0), name="cohort_max_km_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.applications_open <= today <= self.applications_close and self.confirmed_at is None


class CohortApplicationStatus(models.TextChoices):
    AWAITING_CONSENT = "awaiting_consent", "Waiting for a senior leader's consent"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    MATCHED = "matched", "Matched to a cluster"
    NOT_MATCHED = "not_matched", "Not matched"


class CohortApplication(Versioned):
    """A school's application to a cohort. ``needs`` is the school's need per dimension (slug -> 0..3,
    the mean over the dimension's aspects of max(0, 4 - level)) from its current assessment, recorded
    when it applied and refreshed when matching runs."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="applications")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="cohort_applications")
    status = models.CharField(
        max_length=20, choices=CohortApplicationStatus.choices, default=CohortApplicationStatus.AWAITING_CONSENT
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(default=timezone.now)
    # Up to MAX_PRIORITIES dimension slugs, most important first.
    priority_dimensions = models.JSONField(default=list)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consented_at = models.DateTimeField(null=True, blank=True)
    # Schools it already works with (e.g. in its trust) and would like to be matched with.
    preferred_schools = models.ManyToManyField("schools.School", blank=True, related_name="+")
    preferences_note = models.TextField(blank=True)
    assessment = models.ForeignKey(
        "assessments.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    needs = models.JSONField(default=dict)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cohort", "school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "school"],
                condition=~Q(status="withdrawn"),
                name="one_live_application_per_school_and_cohort",
            )
        ]

    def __str__(self) -> str:
        return f"{self.school} → {self.cohort}"
