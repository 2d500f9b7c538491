"""The Quality Mark: applications, the assessor's review aspect by aspect, awards and the audit trail.

Lifecycle (see README.md): submitted -> allocated -> in review -> decided (awarded / not yet).
An award then lasts three years (current -> expired) unless revoked. A "not yet" application may be
followed by a resubmission (``parent``) that is reviewed on its gaps only.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from uplift.evidence.filetypes import kind_for

# Service level: a decision within 4 weeks of submission.
DECISION_DAYS = 28
# A "not yet" school may resubmit its gaps within 6 months of the decision.
RESUBMIT_DAYS = 183
# An award lasts 3 years from the decision.
AWARD_YEARS = 3
# A school may renew its award in its last 6 months (and at any time after it has expired).
RENEWAL_MONTHS = 6

# Letters and digits that cannot be confused when read off paper (no 0/O, 1/I/L).
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for an assessor"
    ALLOCATED = "allocated", "Allocated to an assessor"
    IN_REVIEW = "in_review", "In review"
    MODERATION = "moderation", "In moderation"
    AWARDED = "awarded", "Awarded"
    NOT_YET = "not_yet", "Not yet"


OPEN_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ALLOCATED,
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.MODERATION,
)
# While the assessor may still record and change aspect outcomes.
REVIEWABLE_STATUSES = (ApplicationStatus.ALLOCATED, ApplicationStatus.IN_REVIEW)
DECIDED_STATUSES = (ApplicationStatus.AWARDED, ApplicationStatus.NOT_YET)


class Application(models.Model):
    """One application for the Quality Mark, with a frozen copy of what the school submitted.

    ``snapshot`` = {"framework": {"slug", "version", "title"}, "threshold": 4, "phase": "primary",
    "aspects": [{"slug", "title", "dimension_slug", "dimension_title", "level", "statement",
    "current_position", "evidence_commentary", "improvement_actions", "to_review": bool,
    "evidence": [{"id", "title", "kind"}]}]}. It never changes after submission. Each cited evidence
    item is copied at submission (``FrozenEvidence``, file included), so neither editing nor deleting
    it in the school's library changes what the assessor reads.

    ``renews`` is the award this application renews (applied for while it is current, or after it has
    expired); the new award follows on from it.
    """

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="qm_applications")
    assessment = models.ForeignKey(
        "assessments.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(default=dict)
    statement = models.TextField("statement from the headteacher or a senior leader")
    consent_to_publish = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED)
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    due_by = models.DateTimeField()
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="qm_assessing"
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    # The "not yet" application this one resubmits (its accepted aspects are carried over).
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="resubmissions")
    # The award this application renews (a renewal starts from the school's current judgements).
    renews = models.ForeignKey("Award", null=True, blank=True, on_delete=models.PROTECT, related_name="renewals")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_summary = models.TextField(blank=True)
    # Moderation: the assessor's proposed outcome waits for a second assessor before it is released.
    proposed_outcome = models.CharField(max_length=12, blank=True, choices=ApplicationStatus.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="qm_moderating"
    )
    # None until the moderator has looked; False = a disagreement, for a programme manager to resolve.
    moderation_agrees = models.BooleanField(null=True, blank=True)
    moderation_comment = models.TextField(blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    # Moderation is over for this application (agreed, or resolved by a manager): the next decision is released.
    moderation_done = models.BooleanField(default=False)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            # One open application per school at a time.
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(status__in=["submitted", "allocated", "in_review", "moderation"]),
                name="qm_one_open_application_per_school",
            )
        ]

    def __str__(self) -> str:
        return f"Quality Mark application {self.pk} from {self.school}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_reviewable(self) -> bool:
        return self.status in REVIEWABLE_STATUSES

    @property
    def has_disagreement(self) -> bool:
        return self.status == ApplicationStatus.MODERATION and self.moderation_agrees is False

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and timezone.now() > self.due_by

    @property
    def age_days(self) -> int:
        return (timezone.now() - self.submitted_at).days

    @property
    def aspects(self) -> list[dict]:
        return list(self.snapshot.get("aspects", []))

    @property
    def aspects_to_review(self) -> list[dict]:
        return [aspect for aspect in self.aspects if aspect.get("to_review", True)]

    def aspect(self, slug: str) -> dict | None:
        return next((aspect for aspect in self.aspects if aspect["slug"] == slug), None)

    @property
    def resubmit_until(self) -> date | None:
        if self.status != ApplicationStatus.NOT_YET or self.decided_at is None:
            return None
        return (self.decided_at + timedelta(days=RESUBMIT_DAYS)).date()


def frozen_evidence_upload_to(instance: FrozenEvidence, filename: str) -> str:
    """A random, unguessable name: the copy is private and served only by ``qualitymark:evidence``."""
    kind = kind_for(instance.content_type)
    suffix = f".{kind.extension}" if kind else ""
    return f"qualitymark/evidence/{secrets.token_urlsafe(24)}{suffix}"


class FrozenEvidence(models.Model):
    """A copy of one evidence item as it was when the application was submitted (file included).

    ``source_pk`` is the library item's id, as cited in the snapshot; the library item may since have
    been edited or deleted - this copy is what the assessor reads. A resubmission's carried aspects
    share their copies' stored files with the earlier application (files are never deleted here).
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="frozen_evidence")
    source_pk = models.PositiveIntegerField()
    kind = models.CharField(max_length=4)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True)
    file = models.FileField(upload_to=frozen_evidence_upload_to, max_length=255, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    url = models.URLField(max_length=2000, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "source_pk"], name="qm_one_copy_per_evidence_item")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def opens_inline(self) -> bool:
        kind = kind_for(self.content_type)
        return bool(kind and kind.inline)


class ReviewOutcome(models.TextChoices):
    MEETS = "meets", "Meets the standard"
    NOT_YET = "not_yet", "Not yet"


class AspectReview(models.Model):
    """The assessor's judgement on one aspect of an application.

    ``carried`` marks an aspect accepted in the previous application and carried into a resubmission
    (not reviewed again).
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    aspect_slug = models.SlugField(max_length=80)
    outcome = models.CharField(max_length=8, choices=ReviewOutcome.choices)
    comment = models.TextField(blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)
    carried = models.BooleanField(default=False)

    class Meta:
        ordering = ["application", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "aspect_slug"], name="qm_one_review_per_aspect")]

    def __str__(self) -> str:
        return f"{self.aspect_slug}: {self.get_outcome_display()}"


def add_years(day: date, years: int) -> date:
    """``day`` plus whole years (29 February becomes 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months (negative to go back), keeping the day of the month where it exists,
    else the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def subtract_months(day: date, months: int) -> date:
    return add_months(day, -months)


class AwardQuerySet(models.QuerySet["Award"]):
    def current(self, today: date | None = None) -> AwardQuerySet:
        """Awards in force today: not revoked, not expired."""
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True, expires_on__gte=today)

    def not_superseded(self) -> AwardQuerySet:
        """Without the awards already followed by a renewal's (unrevoked) award."""
        successors = Award.objects.filter(revoked_at__isnull=True, application__renews__isnull=False)
        return self.exclude(pk__in=successors.values("application__renews"))


class Award(models.Model):
    """A Quality Mark awarded to a school: numbered, valid three years from the decision."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="qm_awards")
    # Frozen at award: the certificate and register state the name the school had then.
    school_name = models.CharField(max_length=200)
    number = models.CharField(max_length=20, unique=True)
    awarded_on = models.DateField()
    expires_on = models.DateField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=500, blank=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["-awarded_on", "-pk"]

    def __str__(self) -> str:
        return f"Quality Mark {self.number} ({self.school_name})"

    @staticmethod
    def new_number() -> str:
        body = "".join(secrets.choice(_ALPHABET) for _ in range(8))
        return f"UQM-{body[:4]}-{body[4:]}"

    @staticmethod
    def expiry_for(awarded_on: date) -> date:
        """The last day the award is valid: the day before its third anniversary."""
        return add_years(awarded_on, AWARD_YEARS) - timedelta(days=1)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return timezone.localdate() > self.expires_on

    @property
    def is_current(self) -> bool:
        return not self.is_revoked and not self.is_expired

    @property
    def status_label(self) -> str:
        if self.is_revoked:
            return "Revoked"
        return "Expired" if self.is_expired else "Current"

    @property
    def renewal_opens_on(self) -> date:
        """The first day the school may apply to renew this award."""
        return subtract_months(self.expires_on, RENEWAL_MONTHS)

    def get_verification_url(self) -> str:
        return settings.SITE_URL + reverse("qualitymark:verify", args=[self.number])


class AuditAction(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    RESUBMITTED = "resubmitted", "Resubmitted"
    ALLOCATED = "allocated", "Allocated"
    REASSIGNED = "reassigned", "Reassigned"
    REVIEWED = "reviewed", "Aspect reviewed"
    PROPOSED = "proposed", "Sent to moderation"
    MODERATED = "moderated", "Moderated"
    RESOLVED = "resolved", "Moderation resolved"
    DECIDED = "decided", "Decided"
    AWARDED = "awarded", "Awarded"
    REMINDED = "reminded", "Expiry reminder sent"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class AuditEvent(models.Model):
    """Who did what to an application, and when. Written by every service; never edited."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="audit_events")
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"


# Reminders before an award expires, in months (most urgent last).
REMINDER_MONTHS = (6, 3, 1)


class AwardReminder(models.Model):
    """A reminder sent to the school ``months`` before its award expires (each is sent once)."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="reminders")
    months = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["award", "-months"]
        constraints = [models.UniqueConstraint(fields=["award", "months"], name="qm_one_reminder_per_stage")]

    def __str__(self) -> str:
        return f"{self.months}-month reminder for {self.award.number}"
