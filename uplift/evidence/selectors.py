"""Reads of the evidence library, scoped to one school (access is checked by the caller first)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet

from uplift.evidence.models import EvidenceItem, EvidenceKind, split_tags, tag_filter

if TYPE_CHECKING:
    from uplift.schools.models import School

__all__ = ["LibraryFilters", "library_for", "library_tags", "usage_for"]


@dataclass(frozen=True)
class LibraryFilters:
    kind: str = ""
    tag: str = ""
    q: str = ""


def _judgements() -> QuerySet:
    """Every judgement, reached through the relation the self-assessment declares on an item
    (``Judgement.evidence``, ``related_name="judgements"``): the assessments app sits above evidence, so
    evidence reads its judgements without importing it."""
    return EvidenceItem._meta.get_field("judgements").related_model.objects.all()


def _current_judgements() -> Prefetch:
    """Where items are used: the aspects of the school's *current* assessment they are attached to.

    Older assessments (earlier cycles or framework versions) keep their attachments for history,
    but "used in" answers the question a lead asks today.
    """
    return Prefetch(
        "judgements",
        queryset=_judgements()
        .filter(assessment__is_current=True)
        .select_related("aspect__dimension")
        .order_by("aspect__order"),
        to_attr="current_judgements",
    )


def library_for(school: School, filters: LibraryFilters | None = None) -> QuerySet[EvidenceItem]:
    """The school's evidence items, newest first, each with ``current_judgements`` prefetched.

    Used by the library page and by the aspect page's picker (``library_for(school)``).
    """
    items = EvidenceItem.objects.filter(school=school).select_related("added_by")
    if filters is not None:
        if filters.kind in EvidenceKind.values:
            items = items.filter(kind=filters.kind)
        if filters.tag.strip():
            items = items.filter(tag_filter(filters.tag))
        if filters.q.strip():
            query = filters.q.strip()
            items = items.filter(Q(title__icontains=query) | Q(description__icontains=query))
    return items.prefetch_related(_current_judgements())


def library_tags(school: School) -> list[str]:
    """Every tag used in the school's library, sorted without regard to case."""
    seen: dict[str, str] = {}
    for value in EvidenceItem.objects.filter(school=school).exclude(tags="").values_list("tags", flat=True):
        for tag in split_tags(value):
            seen.setdefault(tag.casefold(), tag)
    return sorted(seen.values(), key=str.casefold)


def usage_for(item: EvidenceItem) -> list:
    """The judgements (current assessment) an item is attached to, in framework order."""
    return list(
        _judgements()
        .filter(evidence=item, assessment__is_current=True)
        .select_related("aspect__dimension")
        .order_by("aspect__order")
    )
