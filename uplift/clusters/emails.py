"""Emails about Computing Clusters' matching, rendered here and sent by the background task
(``uplift.accounts.tasks.send_email``), like the accounts and Quality Mark emails."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from uplift.accounts.models import SCHOOL_MANAGE_ROLE, User
from uplift.accounts.tasks import send_email
from uplift.clusters.models import Cluster


def _send(*, to: Sequence[User], template: str, context: dict[str, object]) -> None:
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"clusters/matching/emails/{template}_subject.txt", context).split())
    for person in to:
        body = render_to_string(f"clusters/matching/emails/{template}.txt", {**context, "person": person})
        send_email.enqueue(to=[person.email], subject=subject, body=body)


def workspace_link(cluster: Cluster) -> str:
    """The cluster's workspace (its overview), or the site's home while the workspace has no page."""
    try:
        return settings.SITE_URL + reverse("clusters:workspace", args=[cluster.pk])
    except NoReverseMatch:
        return settings.SITE_URL + "/"


def school_leaders(cluster: Cluster) -> list[User]:
    """The computing leads and senior leaders of the cluster's member schools."""
    return list(
        User.objects.filter(
            is_active=True,
            school_memberships__school__cluster_memberships__cluster=cluster,
            school_memberships__role__gte=SCHOOL_MANAGE_ROLE,
        )
        .distinct()
        .order_by("email")
    )


def _cluster(pk: int) -> Cluster | None:
    return (
        Cluster.objects.select_related("cohort", "advisor", "meeting_school")
        .prefetch_related("members__school")
        .filter(pk=pk)
        .first()
    )


def email_clusters_confirmed(*, cluster_pks: Sequence[int]) -> None:
    """Tell each member school's leaders which cluster they are in, and each allocated advisor."""
    for pk in cluster_pks:
        cluster = _cluster(pk)
        if cluster is None:
            continue
        context = {"cluster": cluster, "members": list(cluster.members.all()), "link": workspace_link(cluster)}
        _send(to=school_leaders(cluster), template="school_confirmed", context=context)
        if cluster.advisor is not None and cluster.advisor.is_active:
            _send(to=[cluster.advisor], template="advisor_allocated", context=context)


def email_advisor_allocated(*, cluster_pk: int) -> None:
    """Tell a newly assigned advisor about their cluster."""
    cluster = _cluster(cluster_pk)
    if cluster is None or cluster.advisor is None or not cluster.advisor.is_active:
        return
    context = {"cluster": cluster, "members": list(cluster.members.all()), "link": workspace_link(cluster)}
    _send(to=[cluster.advisor], template="advisor_allocated", context=context)
