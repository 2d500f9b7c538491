"""The cluster workspace's links on the home page cards (registered in ``ClustersConfig.ready``)."""

from __future__ import annotations

from django.urls import reverse

from uplift.accounts.models import SCHOOL_WRITE_ROLE, ProgrammeMembership, ProgrammeRole, SchoolMembership


def school_links(membership: SchoolMembership) -> list[tuple[str, str]]:
    """ "Your cluster" for the school's staff (teacher or above), only while the school is in a live cluster."""
    from uplift.clusters.selectors_workspace import school_live_cluster

    if membership.role < SCHOOL_WRITE_ROLE:
        return []
    cluster = school_live_cluster(membership.school)
    if cluster is None:
        return []
    return [("Your cluster", reverse("clusters:workspace", args=[cluster.pk]))]


def programme_links(role: str, memberships: list[ProgrammeMembership]) -> list[tuple[str, str]]:
    if role == ProgrammeRole.ADVISOR:
        return [("Your clusters", reverse("clusters:index"))]
    if role == ProgrammeRole.MANAGER:
        return [("Clusters", reverse("clusters:index")), ("Advisors and capacity", reverse("clusters:advisors"))]
    return []
