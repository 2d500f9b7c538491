"""People, their memberships (roles) and the ways they join.

Roles are memberships, never flags: a person is a school lead *of a school*, a trust lead *of a
trust*, an advisor *in a region*. Each role enum is ordered so that a higher value includes the
lower ones.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    # Staff may open the Django admin site; this is an operator flag, not a programme role.
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class SchoolRole(models.IntegerChoices):
    """Roles within one school, ordered: a higher role includes the lower ones."""

    GOVERNOR = 10, "Governor (read only)"
    TEACHER = 20, "Teacher"
    SENIOR_LEADER = 30, "Senior leader"
    LEAD = 40, "School computing lead"


# Who may change the school's own work (assessment, evidence, actions).
SCHOOL_WRITE_ROLE = SchoolRole.TEACHER
# Who may manage the school's members (approve requests, invite, change roles).
SCHOOL_MANAGE_ROLE = SchoolRole.SENIOR_LEADER


class SchoolMembership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_memberships")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="memberships")
    role = models.IntegerField(choices=SchoolRole.choices, default=SchoolRole.TEACHER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "school"], name="one_membership_per_school")]
        ordering = ["-role", "user__full_name"]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.school}"


class TrustRole(models.IntegerChoices):
    TRUST_LEAD = 10, "Trust lead"


class TrustMembership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trust_memberships")
    trust = models.ForeignKey("schools.Trust", on_delete=models.CASCADE, related_name="memberships")
    role = models.IntegerField(choices=TrustRole.choices, default=TrustRole.TRUST_LEAD)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "trust"], name="one_membership_per_trust")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} of {self.trust}"


class ProgrammeRole(models.TextChoices):
    """Programme roles. Each may be scoped to a region or a hub; unscoped means national."""

    ADVISOR = "advisor", "Advisor"
    ASSESSOR = "assessor", "Quality Mark assessor"
    HUB_LEAD = "hub_lead", "Hub lead"
    MANAGER = "manager", "Programme manager"


class ProgrammeMembership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_memberships")
    role = models.CharField(max_length=20, choices=ProgrammeRole.choices)
    region = models.ForeignKey("schools.Region", null=True, blank=True, on_delete=models.CASCADE)
    hub = models.ForeignKey("hubs.Hub", null=True, blank=True, on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region", "hub"], name="unique_programme_role"),
            models.CheckConstraint(condition=~Q(role="hub_lead") | Q(hub__isnull=False), name="hub_lead_needs_hub"),
        ]

    def __str__(self) -> str:
        scope = self.hub or self.region or "England"
        return f"{self.user} – {self.get_role_display()} ({scope})"


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Not approved"
    WITHDRAWN = "withdrawn", "Withdrawn"


class JoinRequest(models.Model):
    """A person asks to join a school. Who approves depends on whether the school has a lead yet."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="join_requests")
    role = models.IntegerField(choices=SchoolRole.choices)
    job_title = models.CharField(max_length=120, blank=True)
    message = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school"],
                condition=Q(status="pending"),
                name="one_pending_request_per_school",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} asks to join {self.school}"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def usable(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A single-use link inviting someone to a school. Only the token's hash is stored."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.IntegerField(choices=SchoolRole.choices, default=SchoolRole.TEACHER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.school}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        """Return (token for the link, hash to store)."""
        token = secrets.token_urlsafe(32)
        return token, _hash_token(token)

    @staticmethod
    def hash(token: str) -> str:
        return _hash_token(token)

    @staticmethod
    def default_expiry() -> timezone.datetime:
        return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "Accepted"
        if self.revoked_at:
            return "Cancelled"
        if self.is_expired:
            return "Expired"
        return "Waiting"


class ApiToken(models.Model):
    """A personal API token. The secret is shown once; only its hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_secret() -> tuple[str, str, str]:
        """Return (secret shown once, prefix kept for display, hash kept for look-up)."""
        secret = "upl_" + secrets.token_urlsafe(32)
        return secret, secret[:10], _hash_token(secret)

    @staticmethod
    def hash(secret: str) -> str:
        return _hash_token(secret)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
