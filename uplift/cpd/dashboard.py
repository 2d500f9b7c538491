"""Home page links for the CPD ledger (registered in ``CpdConfig.ready``)."""

from __future__ import annotations

from django.urls import reverse

from uplift.accounts.models import (
    SCHOOL_MANAGE_ROLE,
    SCHOOL_WRITE_ROLE,
    ProgrammeMembership,
    ProgrammeRole,
    SchoolMembership,
)


def school_links(membership: SchoolMembership) -> list[tuple[str, str]]:
    """Staff (teacher or above): their own CPD; the school's leaders: their staff's CPD too."""
    links: list[tuple[str, str]] = []
    if membership.role >= SCHOOL_WRITE_ROLE:
        links.append(("My CPD", reverse("cpd:mine")))
    if membership.role >= SCHOOL_MANAGE_ROLE:
        links.append(("Staff CPD", reverse("cpd:school", args=[membership.school.urn])))
    return links


def programme_links(role: str, memberships: list[ProgrammeMembership]) -> list[tuple[str, str]]:
    if role == ProgrammeRole.MANAGER:
        return [("Programme CPD totals", reverse("cpd:programme"))]
    return []
