"""Writes at the end of a cluster's programme: end snapshots, reminders, finishing the cluster.

- ``end_snapshot_record``: a member school freezes its current assessment as its end-of-programme
  snapshot (``assessments.services.snapshot_record``, kind ``end_of_programme``) and it is linked on
  its ``ClusterMember.end_snapshot``. Recording again while the cluster runs replaces the link (the
  older snapshot stays in the school's history); once the cluster is finished it is final.
- ``end_snapshot_remind``: emails the staff of member schools that have not recorded one yet.
- ``cluster_finish``: a programme manager finishes the cluster. Refused while any school has no end
  snapshot, unless the manager gives a reason (kept on ``ClusterClosure``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from uplift.accounts.models import SCHOOL_WRITE_ROLE, SchoolMembership, User
from uplift.assessments.models import Snapshot, SnapshotKind
from uplift.assessments.selectors import current_assessment
from uplift.assessments.services import snapshot_record
from uplift.clusters.models import Cluster, ClusterMember, ClusterStatus
from uplift.impact import emails
from uplift.impact.models import ClusterClosure, EndSnapshotReminder
from uplift.lib.versioning import lock_fresh
from uplift.schools.models import School

__all__ = ["cluster_finish", "end_snapshot_record", "end_snapshot_remind"]

REASON_MAX = 2000


def _member(cluster: Cluster, school: School) -> ClusterMember:
    member = ClusterMember.objects.select_for_update().filter(cluster=cluster, school=school).first()
    if member is None:
        raise ValidationError(f"{school.name} is not a member of {cluster.name}.")
    return member


@transaction.atomic
def end_snapshot_record(*, cluster: Cluster, school: School, by: User | None) -> Snapshot:
    """Freeze ``school``'s current assessment as its end-of-programme snapshot for ``cluster``.

    Raises ``ValidationError`` when the cluster is not running (a proposal, or already finished), the
    school is not a member, or the school has no assessment to freeze. The caller checks that ``by``
    may write to the school (``get_school_for_user(..., write=True)``).
    """
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if cluster.status == ClusterStatus.FINISHED:
        raise ValidationError("The cluster has finished: its end-of-programme snapshots are final.")
    if cluster.status != ClusterStatus.CONFIRMED:
        raise ValidationError("End-of-programme snapshots are recorded only for a confirmed cluster.")
    member = _member(cluster, school)
    assessment = current_assessment(school)
    if assessment is None:
        raise ValidationError(
            f"{school.name} has no self-assessment yet. Judge your school's aspects first, then record "
            "the end-of-programme snapshot."
        )
    snapshot = snapshot_record(
        assessment=assessment,
        name=f"End of programme: {cluster.name}"[:120],
        kind=SnapshotKind.END_OF_PROGRAMME,
        by=by,
    )
    member.end_snapshot = snapshot
    member.save(update_fields=["end_snapshot"])
    return snapshot


def _school_writers(school: School) -> list[User]:
    return [
        membership.user
        for membership in SchoolMembership.objects.filter(
            school=school, role__gte=SCHOOL_WRITE_ROLE, user__is_active=True
        )
        .select_related("user")
        .order_by("-role", "user__email")
    ]


@transaction.atomic
def end_snapshot_remind(*, cluster: Cluster, by: User | None) -> list[EndSnapshotReminder]:
    """Email the staff (teacher or above) of each member school without an end snapshot.

    Returns one ``EndSnapshotReminder`` per school reminded (none when every school has recorded, or
    the cluster is not running; a school with no staff on Uplift is skipped and not counted).
    """
    if cluster.status != ClusterStatus.CONFIRMED:
        raise ValidationError("Reminders are sent only while the cluster is running.")
    reminders = []
    for member in cluster.members.filter(end_snapshot__isnull=True).select_related("school"):
        people = _school_writers(member.school)
        if not people:
            continue
        reminders.append(
            EndSnapshotReminder.objects.create(
                member=member, sent_by=by, sent_at=timezone.now(), recipients=len(people)
            )
        )
        transaction.on_commit(
            lambda member=member, people=people: emails.email_end_snapshot_reminder(
                cluster=cluster, school=member.school, to=people, by=by
            )
        )
    return reminders


@transaction.atomic
def cluster_finish(
    *, cluster: Cluster, by: User | None, reason: str = "", expected_version: int | None = None
) -> Cluster:
    """Finish a confirmed cluster (status *finished*, ``finished_at`` now) and record how.

    Refused (``ValidationError`` on ``reason``) while any member school has no end-of-programme
    snapshot, unless ``reason`` says why the cluster finishes without it. A save naming an older
    ``expected_version`` than the cluster's is refused (``StaleEdit``: someone changed the cluster meanwhile;
    None: no page, no check).
    """
    if expected_version is None:
        cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    else:
        cluster = lock_fresh(Cluster, pk=cluster.pk, expected_version=expected_version)
    if cluster.status == ClusterStatus.FINISHED:
        raise ValidationError("The cluster has already finished.")
    if cluster.status != ClusterStatus.CONFIRMED:
        raise ValidationError("Only a confirmed cluster can be finished.")
    reason = reason.strip()
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"Keep the reason to {REASON_MAX} characters or fewer."})
    missing = list(
        cluster.members.filter(end_snapshot__isnull=True)
        .order_by("school__name")
        .values_list("school__name", flat=True)
    )
    if missing and not reason:
        names = ", ".join(missing)
        raise ValidationError(
            {
                "reason": f"{len(missing)} school{'s have' if len(missing) > 1 else ' has'} not recorded an "
                f"end-of-programme snapshot ({names}). Wait for them, or give a reason to finish without it."
            }
        )
    now = timezone.now()
    cluster.status = ClusterStatus.FINISHED
    cluster.finished_at = now
    cluster.save(update_fields=["status", "finished_at", *cluster.bump(by=by)])
    ClusterClosure.objects.update_or_create(
        cluster=cluster,
        defaults={"finished_by": by, "finished_at": now, "reason": reason, "missing_schools": missing},
    )
    return cluster
