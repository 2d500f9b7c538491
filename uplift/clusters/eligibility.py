"""Computing Clusters' own rule for applying to a cohort: a school takes part in one cluster at a time.

Registered with the cohorts app's eligibility checks (``cohorts.selectors.register_check``) in
``ClustersConfig.ready``: cohorts sits below clusters and never imports it.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.dateformat import format as date_format

from uplift.clusters.models import Cluster, ClusterStatus
from uplift.cohorts.selectors import Check
from uplift.schools.models import School


def active_cluster(school: School) -> Cluster | None:
    """The confirmed (running) cluster the school belongs to, or None."""
    return (
        Cluster.objects.filter(members__school=school, status=ClusterStatus.CONFIRMED)
        .order_by("-confirmed_at", "-pk")
        .first()
    )


def not_in_cluster_check(school: School) -> Check:
    label = "Not already in a running cluster"
    cluster = active_cluster(school)
    if cluster is None:
        return Check("not_in_cluster", label, True)
    until = f", which runs until {date_format(cluster.ends_on, 'j F Y')}" if cluster.ends_on else ""
    return Check(
        "not_in_cluster",
        label,
        False,
        text=f"Your school is already in {cluster.name}{until}. A school takes part in one cluster at a time.",
        link=reverse("clusters:workspace", args=[cluster.pk]),
        link_text=f"Open {cluster.name}",
    )
