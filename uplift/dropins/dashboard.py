"""Home page links for drop-ins and coaching (registered in ``DropinsConfig.ready``)."""

from __future__ import annotations

from django.urls import reverse

from uplift.accounts.models import SCHOOL_WRITE_ROLE, ProgrammeMembership, ProgrammeRole, SchoolMembership
from uplift.clusters.models import ClusterStatus


def school_links(membership: SchoolMembership) -> list[tuple[str, str]]:
    """Staff (teacher or above) of a school in a running cluster: the drop-ins they may book."""
    if membership.role < SCHOOL_WRITE_ROLE:
        return []
    if not membership.school.cluster_memberships.filter(cluster__status=ClusterStatus.CONFIRMED).exists():
        return []
    return [("CPD drop-ins", reverse("dropins:list")), ("Your coaching", reverse("coaching:mine"))]


def programme_links(role: str, memberships: list[ProgrammeMembership]) -> list[tuple[str, str]]:
    if role == ProgrammeRole.ADVISOR:
        return [("CPD drop-ins", reverse("dropins:list")), ("Your coaching", reverse("coaching:mine"))]
    if role == ProgrammeRole.MANAGER:
        return [("CPD drop-ins", reverse("dropins:list"))]
    return []
