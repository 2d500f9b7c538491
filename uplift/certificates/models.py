"""Certificates a school earns along the way, each with a unique number anyone can verify."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

# Letters and digits that cannot be confused when read off paper (no 0/O, 1/I/L).
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class CertificateKind(models.TextChoices):
    COMMITMENT = "commitment", "Certificate of Commitment"
    PROGRESS = "progress", "Certificate of Progress"


class Certificate(models.Model):
    number = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=20, choices=CertificateKind.choices)
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="certificates")
    # Frozen at issue: the certificate states the name the school had then.
    school_name = models.CharField(max_length=200)
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    progress_percent = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [models.UniqueConstraint(fields=["school", "kind"], name="one_certificate_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @staticmethod
    def new_number() -> str:
        body = "".join(secrets.choice(_ALPHABET) for _ in range(8))
        return f"UPL-{body[:4]}-{body[4:]}"

    def get_verification_url(self) -> str:
        return settings.SITE_URL + reverse("certificates:verify", args=[self.number])
