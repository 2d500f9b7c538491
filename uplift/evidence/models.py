"""The school's evidence library: files, links and notes, collected once and attached to many aspects.

An item belongs to one school and outlives framework versions: judgements point at it
(``Judgement.evidence``, reverse name ``judgements``), never the other way round.
Files are private. They are kept on Django's default storage under a random name and are only ever
served by ``evidence:download`` after an access check; nothing links to the storage location.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from uplift.evidence.filetypes import kind_for


class EvidenceKind(models.TextChoices):
    FILE = "file", "File"
    LINK = "link", "Link"
    NOTE = "note", "Note"


def evidence_upload_to(instance: EvidenceItem, filename: str) -> str:
    """A random, unguessable name under the school's folder; the uploader's name is kept in the row."""
    kind = kind_for(instance.content_type)
    suffix = f".{kind.extension}" if kind else ""
    return f"evidence/{instance.school_id}/{secrets.token_urlsafe(24)}{suffix}"


def split_tags(value: str) -> list[str]:
    """Tags as a list, from the stored (or typed) comma-separated text."""
    return [tag.strip() for tag in value.split(",") if tag.strip()]


def normalise_tags(value: str | list[str]) -> str:
    """Trim, collapse spaces, drop duplicates regardless of case (keeping the first spelling)."""
    items = split_tags(value) if isinstance(value, str) else [str(item) for item in value]
    seen: dict[str, str] = {}
    for item in items:
        tag = " ".join(item.split())
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return ", ".join(seen.values())


def tag_filter(tag: str) -> Q:
    """Items carrying ``tag`` (whole tag, any case). Plain text lookups, so SQLite and PostgreSQL agree."""
    tag = " ".join(tag.split())
    return (
        Q(tags__iexact=tag)
        | Q(tags__istartswith=f"{tag}, ")
        | Q(tags__iendswith=f", {tag}")
        | Q(tags__icontains=f", {tag}, ")
    )


class EvidenceItem(models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="evidence_items")
    kind = models.CharField(max_length=4, choices=EvidenceKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # When the evidence dates from (a lesson, a policy's approval), not when it was uploaded.
    date = models.DateField(default=timezone.localdate)
    # Normalised comma-separated text ("KS2, curriculum map"); see normalise_tags.
    tags = models.CharField(max_length=500, blank=True)
    file = models.FileField(upload_to=evidence_upload_to, max_length=255, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    # Detected from the content when uploaded (see filetypes.sniff), never taken from the browser.
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    url = models.URLField(max_length=2000, blank=True, validators=[URLValidator(schemes=["http", "https"])])
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-created_at", "-pk"]
        indexes = [models.Index(fields=["school", "-date"], name="evidence_school_date")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="file") & ~Q(file=""))
                | (Q(kind="link") & ~Q(url=""))
                | (Q(kind="note") & ~Q(note="")),
                name="evidence_has_content_for_kind",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return split_tags(self.tags)

    @property
    def file_label(self) -> str:
        kind = kind_for(self.content_type)
        return kind.label if kind else "File"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def opens_inline(self) -> bool:
        kind = kind_for(self.content_type)
        return bool(kind and kind.inline)
