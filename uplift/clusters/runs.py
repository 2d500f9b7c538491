"""Running the matching engine for a cohort: the engine's inputs (dimension slugs, phases, each application's
row, the run's parameters) and executing a queued ``MatchRun`` (``matching_execute``: the background task
``uplift.clusters.tasks.run_matching`` calls it; ``services.matching_start`` queues it).

It writes only what the run produces (its progress, the proposed clusters, the unassigned schools) and imports
neither the services that start runs nor the tasks that carry them, so the dependency points one way:
services -> tasks -> runs.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Mapping, Sequence

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from uplift.clusters.matching import MatchParams, SchoolInput, match
from uplift.clusters.matching.objective import NEED_DIMS, NEED_LABELS
from uplift.clusters.models import Cluster, ClusterMember, ClusterStatus, MatchRun, MatchRunStatus
from uplift.cohorts.models import Cohort, CohortApplication, CohortApplicationStatus
from uplift.schools.models import Phase, School

logger = logging.getLogger(__name__)

#: How often (seconds) the task writes the engine's progress to the run.
PROGRESS_EVERY = 0.5
PHASE_LABELS = {"primary": "Primary", "secondary": "Secondary", "all-through": "All-through"}

# Inputs ---------------------------------------------------------------------------------------------------


def dimension_slugs() -> list[str]:
    """The current framework's dimension slugs in the engine's order (dimension ``order`` 1..7 = the engine's
    ``NEED_DIMS``); the engine's own names when no framework with 7 dimensions is loaded."""
    from uplift.frameworks.models import Framework

    framework = Framework.objects.current()
    if framework is not None:
        slugs = list(framework.dimensions.order_by("order").values_list("slug", flat=True))
        if len(slugs) == len(NEED_DIMS):
            return slugs
    return list(NEED_DIMS)


def dimension_titles() -> dict[str, str]:
    """{slug: title} for the current framework's dimensions (the engine's labels as a fallback)."""
    from uplift.frameworks.models import Framework

    titles = dict(zip(NEED_DIMS, NEED_LABELS, strict=True))
    framework = Framework.objects.current()
    if framework is not None:
        titles.update(dict(framework.dimensions.values_list("slug", "title")))
    return titles


def engine_phase(phase: str) -> str:
    """The matching phase of a GIAS phase: primary, secondary or all-through (others keep their own)."""
    if phase in {Phase.NURSERY, Phase.PRIMARY, Phase.MIDDLE_PRIMARY}:
        return "primary"
    if phase in {Phase.MIDDLE_SECONDARY, Phase.SECONDARY, Phase.SIXTEEN_PLUS}:
        return "secondary"
    if phase == Phase.ALL_THROUGH:
        return "all-through"
    return phase or "unknown"


def phase_label(phase: str) -> str:
    return PHASE_LABELS.get(phase, phase.replace("_", " ").capitalize())


def _need(value: object) -> float:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return min(3.0, max(0.0, x)) if np.isfinite(x) else 0.0


def school_input(application: CohortApplication, slugs: Sequence[str]) -> SchoolInput | None:
    """The engine's row for an application (None when the school has no location on the register)."""
    school = application.school
    if school.easting is None or school.northing is None:
        return None
    needs = application.needs or {}
    return SchoolInput(
        id=school.urn,
        phase=engine_phase(school.phase),
        easting=float(school.easting),
        northing=float(school.northing),
        needs=tuple(_need(needs.get(slug)) for slug in slugs),
    )


def matching_params(cohort: Cohort, *, seed: int = 0, schools: int = 0) -> dict:
    """The engine's parameters for the cohort (recorded on the run). The time limit grows with the cohort:
    a few seconds for a regional cohort, a minute for a national one (the benchmark's default)."""
    return {
        "max_km": cohort.max_km,
        "lam": cohort.travel_weight,
        "penalty": cohort.unassigned_penalty,
        "cluster_cost": cohort.cost_per_cluster,
        "max_clusters": cohort.funded_clusters,
        "seed": seed,
        "time_limit": round(min(60.0, 5.0 + schools / 200), 1),
    }


def _params(run_params: Mapping) -> MatchParams:
    return MatchParams(
        max_km=float(run_params["max_km"]),
        lam=float(run_params["lam"]),
        penalty=float(run_params["penalty"]),
        cluster_cost=float(run_params["cluster_cost"]),
        seed=int(run_params["seed"]),
        time_limit=float(run_params["time_limit"]),
        max_clusters=run_params.get("max_clusters"),
    )


def _refresh_needs(applications: Sequence[CohortApplication]) -> None:
    """Bring each application's needs up to date from the school's current assessment, when the cohorts app
    provides ``school_needs`` (it may not yet); a school whose needs cannot be read keeps what it applied with."""
    try:
        from uplift.cohorts.needs import school_needs  # type: ignore[import-not-found]
    except ImportError:
        return
    for application in applications:
        try:
            needs = school_needs(application.school)
        except Exception:
            logger.exception("Could not refresh the needs of %s", application.school)
            continue
        if needs and needs != application.needs:
            application.needs = dict(needs)
            application.save(update_fields=["needs"])


def _submitted(cohort: Cohort):
    return CohortApplication.objects.filter(cohort=cohort, status=CohortApplicationStatus.SUBMITTED)


class _ProgressWriter:
    """Writes the engine's progress (0..1) to the run as 0..100, at most every ``PROGRESS_EVERY`` seconds."""

    def __init__(self, run: MatchRun) -> None:
        self.run = run
        self.last = 0.0
        self.percent = -1

    def __call__(self, fraction: float, message: str) -> None:
        now = time.monotonic()
        percent = max(0, min(99, int(fraction * 100)))
        if percent == self.percent or now - self.last < PROGRESS_EVERY:
            return
        self.last, self.percent = now, percent
        MatchRun.objects.filter(pk=self.run.pk).update(progress=percent, message=message[:300])


def matching_execute(run_pk: int) -> MatchRun:
    """Run the engine for a queued run and save its proposal; a failure marks the run failed, with the reason."""
    run = MatchRun.objects.select_related("cohort").get(pk=run_pk)
    if run.status != MatchRunStatus.QUEUED:
        return run
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRunStatus.RUNNING, started_at=timezone.now(), progress=0, message="Starting"
    )
    try:
        _execute(run)
    except Exception as exc:
        logger.exception("Matching run %s failed", run.pk)
        MatchRun.objects.filter(pk=run.pk).update(
            status=MatchRunStatus.FAILED, finished_at=timezone.now(), message=f"Matching failed: {exc}"[:300]
        )
    run.refresh_from_db()
    return run


def _execute(run: MatchRun) -> None:
    cohort = run.cohort
    applications = list(_submitted(cohort).select_related("school", "school__region").order_by("school__urn"))
    _refresh_needs(applications)
    slugs = dimension_slugs()
    inputs, by_urn, unplaced = [], {}, []
    for application in applications:
        row = school_input(application, slugs)
        by_urn[application.school.urn] = application
        if row is None:
            unplaced.append(
                {"school": application.school.urn, "reason": "no location on the register (easting and northing)"}
            )
        else:
            inputs.append(row)
    params = _params(run.params)
    proposal = match(inputs, params, on_progress=_ProgressWriter(run)) if inputs else None
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().get(pk=run.pk)
        if Cohort.objects.select_for_update().get(pk=cohort.pk).confirmed_at is not None:
            raise ValidationError("the cohort's clusters were confirmed while matching ran")
        Cluster.objects.filter(cohort=cohort, status=ClusterStatus.PROPOSED).update(
            status=ClusterStatus.DISCARDED, version=F("version") + 1
        )
        if proposal is not None:
            for number, engine_cluster in enumerate(proposal.clusters, start=1):
                _save_engine_cluster(cohort, run, number, engine_cluster, by_urn, slugs)
            unassigned = [
                {"school": urn, "reason": _with_names(reason, by_urn)} for urn, reason in proposal.unassigned.items()
            ]
            run.objective = float(proposal.objective)
        else:
            unassigned = []
        run.unassigned = sorted(unassigned + unplaced, key=lambda u: u["school"])
        run.status = MatchRunStatus.SUCCEEDED
        run.progress = 100
        run.finished_at = timezone.now()
        clusters = len(proposal.clusters) if proposal else 0
        run.message = f"Done: {clusters} cluster{'s' if clusters != 1 else ''}, {len(run.unassigned)} unassigned"
        run.save()


def _save_engine_cluster(cohort, run, number, engine_cluster, by_urn, slugs) -> Cluster:
    label_index = {label: i for i, label in enumerate(NEED_LABELS)}
    meeting = by_urn[engine_cluster.meeting_school].school
    cluster = Cluster.objects.create(
        cohort=cohort,
        run=run,
        number=number,
        name=_cluster_name(number, meeting),
        phase=phase_label(engine_cluster.phase),
        status=ClusterStatus.PROPOSED,
        focus=[slugs[label_index[label]] for label in engine_cluster.focus],
        explanation={
            "mean_need": {slugs[i]: round(engine_cluster.mean_need[d], 3) for i, d in enumerate(NEED_DIMS)},
            "cost": round(engine_cluster.cost, 3),
            "distance_km": round(sum(engine_cluster.km_to_meeting.values()), 2),
            "problems": [],
        },
        meeting_school=meeting,
    )
    ClusterMember.objects.bulk_create(
        ClusterMember(
            cluster=cluster,
            school=by_urn[urn].school,
            application=by_urn[urn],
            km_to_meeting=round(engine_cluster.km_to_meeting[urn], 3),
            reason=engine_cluster.member_reasons[urn],
        )
        for urn in engine_cluster.members
    )
    return cluster


def _cluster_name(number: int, meeting: School | None) -> str:
    place = (meeting.town or meeting.name) if meeting else ""
    return f"Cluster {number}: {place}"[:120] if place else f"Cluster {number}"


def _with_names(reason: str, by_urn: Mapping[int, CohortApplication]) -> str:
    """The engine names schools by id (their URN, in brackets); the manager reads their names."""

    def name(match: re.Match) -> str:
        application = by_urn.get(int(match.group(1)))
        return f"({application.school.name})" if application is not None else match.group(0)

    return re.sub(r"\((\d+)\)", name, reason)
