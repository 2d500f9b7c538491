"""The Quality Mark's links on the home page cards (registered in ``QualityMarkConfig.ready``)."""

from __future__ import annotations

from django.urls import reverse

from uplift.accounts.models import ProgrammeMembership, ProgrammeRole, SchoolMembership


def school_links(membership: SchoolMembership) -> list[tuple[str, str]]:
    return [("Quality Mark", reverse("qualitymark:school", args=[membership.school.urn]))]


def programme_links(role: str, memberships: list[ProgrammeMembership]) -> list[tuple[str, str]]:
    if role == ProgrammeRole.ASSESSOR:
        return [("Your Quality Mark reviews", reverse("qualitymark:assessor_queue"))]
    if role == ProgrammeRole.MANAGER:
        return [("Quality Mark applications", reverse("qualitymark:manager_queue"))]
    return []
