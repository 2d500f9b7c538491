"""Helpers for the impact tests: levels per dimension, baselines and end snapshots."""

from __future__ import annotations

from uplift.accounts.models import User
from uplift.assessments.models import Assessment, Judgement, Snapshot
from uplift.assessments.selectors import current_assessment
from uplift.assessments.services import judgement_save, snapshot_record
from uplift.clusters.models import Cluster, ClusterMember
from uplift.frameworks.models import Aspect, Framework
from uplift.schools.models import School


def set_levels(school: School, levels: dict[str, int], by: User) -> None:
    """Judge every aspect of each named dimension at its level (with commentary), through the service."""
    for aspect in Aspect.objects.filter(framework__is_current=True, dimension__slug__in=levels).select_related(
        "dimension"
    ):
        existing = Judgement.objects.filter(
            assessment__school=school, assessment__is_current=True, aspect=aspect
        ).first()
        judgement_save(
            school=school,
            aspect=aspect,
            level=levels[aspect.dimension.slug],
            current_position="Where we are",
            evidence_commentary="What shows it",
            improvement_actions="Next steps",
            evidence_ids=[],
            by=by,
            expected_version=existing.version if existing else 0,
        )


def record_baseline(cluster: Cluster, school: School, levels: dict[str, int], by: User) -> Snapshot:
    """Judge the school at ``levels`` and link a snapshot of it as its baseline (as confirming does)."""
    set_levels(school, levels, by)
    snapshot = snapshot_record(assessment=current_assessment(school), name="Programme baseline", by=by)
    ClusterMember.objects.filter(cluster=cluster, school=school).update(baseline_snapshot=snapshot)
    return snapshot


def frozen(school: School, framework: Framework, dimensions: dict[str, int | None]) -> Snapshot:
    """A snapshot holding exactly ``dimensions`` (for report arithmetic, without judging every aspect)."""
    assessment = Assessment.objects.filter(school=school, is_current=True).first() or Assessment.objects.create(
        school=school, framework=framework
    )
    return Snapshot.objects.create(assessment=assessment, name="Frozen", data={"dimensions": dimensions})
