"""Reads of the register shared by the pages and the API."""

from __future__ import annotations

from django.db.models import QuerySet

from uplift.schools.models import School


def schools_search(
    *,
    q: str = "",
    phase: str = "",
    region: int | str | None = None,
    local_authority: int | str | None = None,
) -> QuerySet[School]:
    """Register entries matching a name fragment, URN or postcode, narrowed by phase, region and LA.

    ``region`` and ``local_authority`` are a primary key or a name (matched case-insensitively).
    Every signed-in person may search the register; callers check that first.
    """
    schools = School.objects.search(q or "").select_related("local_authority", "region", "trust")
    if phase:
        schools = schools.filter(phase=phase)
    if region:
        schools = schools.filter(**_by_key_or_name("region", region))
    if local_authority:
        schools = schools.filter(**_by_key_or_name("local_authority", local_authority))
    return schools.order_by("name", "urn")


def _by_key_or_name(relation: str, value: int | str) -> dict[str, object]:
    if isinstance(value, int) or str(value).isdigit():
        return {f"{relation}_id": int(value)}
    return {f"{relation}__name__iexact": str(value).strip()}
