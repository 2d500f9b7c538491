"""end_snapshot_record, end_snapshot_remind, cluster_finish."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from uplift.assessments.models import SnapshotKind
from uplift.clusters.models import ClusterMember, ClusterStatus
from uplift.clusters.tests.factories import live_cluster
from uplift.frameworks.models import Framework
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import framework_spec
from uplift.impact.models import ClusterClosure, EndSnapshotReminder
from uplift.impact.services import cluster_finish, end_snapshot_record, end_snapshot_remind
from uplift.impact.tests.helpers import frozen, record_baseline, set_levels
from uplift.lib.versioning import StaleEdit
from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(cast: Cast) -> Framework:
    return framework_load(spec=framework_spec())


def test_a_member_school_records_its_end_snapshot_from_its_current_assessment(cast: Cast, small: Framework) -> None:
    cluster = live_cluster(cast)
    record_baseline(cluster, cast.school_a, {"leadership": 2, "curriculum": 1}, cast.lead)
    set_levels(cast.school_a, {"leadership": 3, "curriculum": 3}, cast.lead)

    snapshot = end_snapshot_record(cluster=cluster, school=cast.school_a, by=cast.teacher)

    member = ClusterMember.objects.get(cluster=cluster, school=cast.school_a)
    assert member.end_snapshot == snapshot
    assert snapshot.kind == SnapshotKind.END_OF_PROGRAMME
    assert snapshot.created_by == cast.teacher
    assert snapshot.data["dimensions"]["leadership"] == 3
    assert snapshot.data["dimensions"]["curriculum"] == 3
    assert member.baseline_snapshot.data["dimensions"]["curriculum"] == 1


def test_recording_again_replaces_the_link_and_keeps_the_older_snapshot(cast: Cast, small: Framework) -> None:
    cluster = live_cluster(cast)
    set_levels(cast.school_a, {"leadership": 2}, cast.lead)
    first = end_snapshot_record(cluster=cluster, school=cast.school_a, by=cast.lead)
    set_levels(cast.school_a, {"leadership": 4}, cast.lead)

    second = end_snapshot_record(cluster=cluster, school=cast.school_a, by=cast.lead)

    member = ClusterMember.objects.get(cluster=cluster, school=cast.school_a)
    assert member.end_snapshot == second != first
    assert second.data["dimensions"]["leadership"] == 4
    first.refresh_from_db()  # still in the school's history


def test_a_school_outside_the_cluster_or_without_an_assessment_is_refused(cast: Cast, small: Framework) -> None:
    cluster = live_cluster(cast)
    outsider = SchoolFactory()
    with pytest.raises(ValidationError, match="is not a member of"):
        end_snapshot_record(cluster=cluster, school=outsider, by=cast.lead)
    with pytest.raises(ValidationError, match="has no self-assessment yet"):
        end_snapshot_record(cluster=cluster, school=cast.school_a, by=cast.lead)
    assert not ClusterMember.objects.filter(end_snapshot__isnull=False).exists()


def test_no_end_snapshot_once_the_cluster_has_finished(cast: Cast, small: Framework) -> None:
    cluster = live_cluster(cast, status=ClusterStatus.FINISHED)
    set_levels(cast.school_a, {"leadership": 2}, cast.lead)
    with pytest.raises(ValidationError, match="final"):
        end_snapshot_record(cluster=cluster, school=cast.school_a, by=cast.lead)


def test_finishing_is_refused_while_schools_have_not_recorded_unless_a_reason_is_given(
    cast: Cast, small: Framework
) -> None:
    cluster = live_cluster(cast)
    set_levels(cast.school_a, {"leadership": 3}, cast.lead)
    end_snapshot_record(cluster=cluster, school=cast.school_a, by=cast.lead)
    others = sorted(m.school.name for m in cluster.members.exclude(school=cast.school_a))

    with pytest.raises(ValidationError) as refused:
        cluster_finish(cluster=cluster, by=cast.manager)
    message = refused.value.message_dict["reason"][0]
    assert message.startswith("2 schools have not recorded an end-of-programme snapshot")
    assert all(name in message for name in others)
    cluster.refresh_from_db()
    assert (cluster.status, cluster.finished_at) == (ClusterStatus.CONFIRMED, None)

    cluster_finish(cluster=cluster, by=cast.manager, reason="  Two schools left in the spring term.  ")

    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.FINISHED
    assert cluster.finished_at is not None
    closure = ClusterClosure.objects.get(cluster=cluster)
    assert (closure.reason, closure.missing_schools, closure.finished_by) == (
        "Two schools left in the spring term.",
        others,
        cast.manager,
    )
    with pytest.raises(ValidationError, match="already finished"):
        cluster_finish(cluster=cluster, by=cast.manager, reason="again")


def test_a_cluster_where_everyone_recorded_finishes_without_a_reason(cast: Cast, small: Framework) -> None:
    cluster = live_cluster(cast)
    for member in cluster.members.all():
        member.end_snapshot = frozen(member.school, small, {"leadership": 3})
        member.save()

    finished = cluster_finish(cluster=cluster, by=cast.manager, expected_version=cluster.version)

    assert finished.status == ClusterStatus.FINISHED
    assert finished.version == cluster.version + 1
    assert ClusterClosure.objects.get(cluster=cluster).missing_schools == []


def test_a_stale_finish_is_refused(cast: Cast, small: Framework) -> None:
    cluster = live_cluster(cast)
    with pytest.raises(StaleEdit):
        cluster_finish(cluster=cluster, by=cast.manager, reason="r", expected_version=cluster.version - 1)
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.CONFIRMED


def test_reminders_go_to_the_staff_of_schools_that_have_not_recorded(
    cast: Cast, small: Framework, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    cluster = live_cluster(cast)
    other = cluster.members.exclude(school=cast.school_a).first()
    other.end_snapshot = frozen(other.school, small, {"leadership": 3})
    other.save()

    with django_capture_on_commit_callbacks(execute=True):
        reminders = end_snapshot_remind(cluster=cluster, by=cast.advisor)

    # School A (lead, head, teacher; never the governor) is reminded; the third school has nobody on Uplift.
    assert [r.member.school for r in reminders] == [cast.school_a]
    assert EndSnapshotReminder.objects.get().recipients == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in (cast.lead, cast.head, cast.teacher))
    assert cast.school_a.name in mailoutbox[0].subject
    assert f"/clusters/{cluster.pk}/impact/" in mailoutbox[0].body
