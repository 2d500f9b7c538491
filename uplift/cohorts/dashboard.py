"""Computing Clusters links on the home page cards (registered in ``CohortsConfig.ready``)."""

from __future__ import annotations

from django.urls import reverse

from uplift.accounts.models import ProgrammeMembership, ProgrammeRole, SchoolMembership


def school_links(membership: SchoolMembership) -> list[tuple[str, str]]:
    return [("Computing Clusters", reverse("cohorts:school", args=[membership.school.urn]))]


def programme_links(role: str, memberships: list[ProgrammeMembership]) -> list[tuple[str, str]]:
    if role == ProgrammeRole.MANAGER:
        return [("Cluster cohorts", reverse("cohorts:list"))]
    return []
