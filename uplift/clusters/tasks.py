"""Background tasks for Computing Clusters: the matching run (``services.matching_start`` enqueues it; it runs
``runs.matching_execute``) and the emails about confirmed clusters (``proposal_confirm`` enqueues them: a
national cohort means thousands). Services import this module; it never imports the services."""

from __future__ import annotations

from django.tasks import task


@task()
def run_matching(run_pk: int) -> dict[str, object]:
    """Run the matching engine for a queued ``MatchRun`` and save its proposal (see ``matching_execute``)."""
    from uplift.clusters.runs import matching_execute

    run = matching_execute(run_pk)
    return {"run": run.pk, "status": run.status, "message": run.message}


@task()
def notify_confirmed(cluster_pks: list[int]) -> int:
    """Email the member schools' leaders and the advisors of newly confirmed clusters (one email a person)."""
    from uplift.clusters.emails import email_clusters_confirmed

    email_clusters_confirmed(cluster_pks=cluster_pks)
    return len(cluster_pks)
