"""Optimistic concurrency: an edit names the version it started from, and a stale one is refused.

A page (or API client) sends back the ``version`` it was shown. The service locks the row, compares,
and refuses the save with ``StaleEdit`` when someone else saved in between, so nothing is silently
overwritten; a fresh save moves the row to the next version (``bump``)::

    @transaction.atomic
    def workgroup_update(*, workgroup: Workgroup, name: str, expected_version: int, by: User) -> Workgroup:
        current = lock_fresh(Workgroup, pk=workgroup.pk, expected_version=expected_version)
        current.name = name
        current.save(update_fields=["name", *current.bump(by=by)])
        return current

How to make a model edit-safe: ``docs/edit-safe.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

__all__ = [
    "REMOVED_MESSAGE",
    "STALE_MESSAGE",
    "StaleEdit",
    "Versioned",
    "VersionedStamped",
    "check_fresh",
    "lock_fresh",
]

#: What a person sees when their save is refused because someone else saved first.
STALE_MESSAGE = (
    "Someone else changed this after you opened it, so your change was not saved. "
    "Open it again to see their change, then make yours."
)
#: ... and when the record they were changing has been removed meanwhile.
REMOVED_MESSAGE = "Someone else removed this after you opened it, so your change was not saved."


class Versioned(models.Model):
    """A record whose edits are checked against the version they started from.

    ``version`` goes up by one on every change (``bump``). A model that also records who changed it
    and when uses ``VersionedStamped``; one that declares its own ``updated_at`` (or ``updated_by``)
    has it stamped by ``bump`` all the same.
    """

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def bump(self, *, by: AbstractBaseUser | None) -> list[str]:
        """Move to the next version, stamped with ``by`` and now where the model has ``updated_by`` /
        ``updated_at``. Returns the fields it set, for ``save(update_fields=[..., *row.bump(by=by)])``."""
        self.version += 1
        changed = ["version"]
        if _has_field(self, "updated_at"):
            self.updated_at = timezone.now()
            changed.append("updated_at")
        if _has_field(self, "updated_by"):
            self.updated_by = by
            changed.append("updated_by")
        return changed


class VersionedStamped(Versioned):
    """``Versioned``, with who made the last change (None: nobody signed in, or they were deleted) and when."""

    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


def _has_field(instance: models.Model, name: str) -> bool:
    try:
        instance._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


class StaleEdit(ValidationError):
    """A save named an older version than the one stored (or the record is gone): nothing was written.

    ``theirs`` is the record as it is now (None when it was removed), for pages that show it or move
    the form on to its version; ``yours`` what the person tried to save, when the service passes it.
    A ``ValidationError``, so a form shows it in its error summary like any other refusal.
    """

    def __init__(self, theirs: models.Model | None = None, *, yours: object = None, removed: bool = False) -> None:
        self.theirs = theirs
        self.yours = yours
        self.removed = removed
        super().__init__(REMOVED_MESSAGE if removed else STALE_MESSAGE, code="removed" if removed else "stale")

    def __str__(self) -> str:
        return self.message


def check_fresh[M: Versioned](instance: M, *, expected_version: int | None, yours: object = None) -> M:
    """``instance`` (already locked by the caller) if it is still at ``expected_version``, else ``StaleEdit``."""
    if instance.version != expected_version:
        raise StaleEdit(instance, yours=yours)
    return instance


def lock_fresh[M: Versioned](
    source: type[M] | QuerySet[M], *, pk: int, expected_version: int, yours: object = None
) -> M:
    """Lock the row ``pk`` for the rest of the transaction and return it, if it is still at
    ``expected_version``; otherwise raise ``StaleEdit`` (``removed`` when the row is gone).

    ``source`` is the model, or a queryset of it (e.g. with ``select_related``). Only the row itself is
    locked (``of=("self",)``): PostgreSQL cannot lock the nullable side of an outer join. Call it inside
    ``transaction.atomic`` (every service is).
    """
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    try:
        current = queryset.select_for_update(of=("self",)).get(pk=pk)
    except queryset.model.DoesNotExist:
        raise StaleEdit(yours=yours, removed=True) from None
    return check_fresh(current, expected_version=expected_version, yours=yours)
