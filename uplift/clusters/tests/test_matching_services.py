"""Matching services end to end on a small synthetic cohort (tasks run immediately in tests)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from uplift.clusters import runs, selectors, services
from uplift.clusters.models import Cluster, ClusterMember, ClusterStatus, MatchRun, MatchRunStatus
from uplift.clusters.tests.permissions_matching import add_school, matching_cohort, needs_of
from uplift.cohorts.models import CohortApplicationStatus
from uplift.cohorts.tests.factories import CohortApplicationFactory, CohortFactory
from uplift.lib.versioning import StaleEdit
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


def proposed(cohort) -> list[Cluster]:
    return list(Cluster.objects.filter(cohort=cohort, status=ClusterStatus.PROPOSED).order_by("number"))


def seen(cohort) -> dict[int, int]:
    return {c.pk: c.version for c in proposed(cohort)}


def members(cluster: Cluster) -> set[int]:
    return set(cluster.members.values_list("school__urn", flat=True))


def test_a_run_proposes_valid_explained_clusters(cast: Cast) -> None:
    cohort = matching_cohort(cast)
    run = services.matching_start(cohort, by=cast.manager, seed=3)
    assert run.status == MatchRunStatus.SUCCEEDED, run.message
    assert run.progress == 100
    assert run.params["seed"] == 3 and run.params["max_km"] == cohort.max_km
    assert run.task_id
    clusters = proposed(cohort)
    assert len(clusters) == 2
    for cluster in clusters:
        assert 3 <= cluster.members.count() <= 6
        assert cluster.phase == "Primary"
        assert cluster.meeting_school is not None
        assert cluster.focus and set(cluster.focus) <= set(services.dimension_slugs())
        assert cluster.explanation["problems"] == []
        for member in cluster.members.all():
            assert member.reason
            assert member.km_to_meeting <= cohort.max_km
            assert member.application is not None
    focuses = sorted(c.focus[0] for c in clusters)
    assert focuses == ["curriculum", "leadership"]
    # The all-through school has nobody to cluster with, and says so.
    assert len(run.unassigned) == 1
    assert "no other all-through school within 25 km" in run.unassigned[0]["reason"]
    assert selectors.proposal(cohort).ok


def test_the_same_seed_gives_the_same_proposal(cast: Cast) -> None:
    cohort = matching_cohort(cast)
    services.matching_start(cohort, by=cast.manager, seed=7)
    first = sorted(sorted(members(c)) for c in proposed(cohort))
    services.matching_start(cohort, by=cast.manager, seed=7)
    assert sorted(sorted(members(c)) for c in proposed(cohort)) == first
    # The first proposal was discarded, not deleted, and numbers are reused.
    assert Cluster.objects.filter(cohort=cohort, status=ClusterStatus.DISCARDED).count() == 2
    assert [c.number for c in proposed(cohort)] == [1, 2]


def test_matching_refuses_non_managers_confirmed_cohorts_running_runs_and_small_cohorts(cast: Cast) -> None:
    cohort = matching_cohort(cast)
    with pytest.raises(PermissionDenied):
        services.matching_start(cohort, by=cast.advisor)
    services.matching_start(cohort, by=cast.manager, enqueue=False)
    with pytest.raises(ValidationError, match="already running"):
        services.matching_start(cohort, by=cast.manager)
    MatchRun.objects.update(status=MatchRunStatus.FAILED)
    small = CohortFactory()
    for application in cohort.applications.all()[:2]:
        CohortApplicationFactory(cohort=small, school=application.school)
    with pytest.raises(ValidationError, match="at least 3 submitted applications; this cohort has 2"):
        services.matching_start(small, by=cast.manager)
    cohort.confirmed_at = timezone.now()
    cohort.save()
    with pytest.raises(ValidationError, match="confirmed"):
        services.matching_start(cohort, by=cast.manager)


def test_a_failing_run_is_recorded_as_failed(cast: Cast) -> None:
    cohort = matching_cohort(cast)
    run = services.matching_start(cohort, by=cast.manager, enqueue=False)
    MatchRun.objects.filter(pk=run.pk).update(params={**run.params, "max_km": "far"})
    run = services.matching_execute(run.pk)
    assert run.status == MatchRunStatus.FAILED
    assert run.message.startswith("Matching failed")
    assert not proposed(cohort)


def test_progress_is_written_while_the_engine_runs(cast: Cast) -> None:
    cohort = matching_cohort(cast)
    run = services.matching_start(cohort, by=cast.manager, enqueue=False)
    writer = runs._ProgressWriter(run)
    writer(0.42, "improving")
    run.refresh_from_db()
    assert (run.progress, run.message) == (42, "improving")
    writer(0.5, "too soon")  # throttled
    run.refresh_from_db()
    assert run.progress == 42


def test_moving_a_school_rechecks_both_clusters(cast: Cast) -> None:
    cohort = matching_cohort(cast)
    services.matching_start(cohort, by=cast.manager)
    a, b = proposed(cohort)
    before = seen(cohort)
    school = a.members.exclude(school=a.meeting_school).first().school
    moved_to = services.proposal_move(
        cohort=cohort, school=school, to_cluster=b, from_cluster_pk=a.pk, seen=before, by=cast.manager
    )
    a.refresh_from_db()
    assert moved_to.pk == b.pk
    assert school.urn in members(b) and school.urn not in members(a)
    assert (a.version, moved_to.version) == (before[a.pk] + 1, before[b.pk] + 1)
    # 4 -> 3 and 4 -> 5 schools, all within 25 km: the rules still hold; distances and reasons are recomputed.
    assert a.explanation["problems"] == [] and moved_to.explanation["problems"] == []
    member = moved_to.members.get(school=school)
    assert 10 < member.km_to_meeting < 25
    assert member.reason.endswith("km from the meeting school")
    assert "leadership" in moved_to.explanation["mean_need"]
    assert selectors.proposal(cohort).ok


def test_moves_out_and_back_in_and_stale_edits_are_refused(cast: Cast) -> None:
    cohort = matching_cohort(cast)
    run = services.matching_start(cohort, by=cast.manager)
    a, b = proposed(cohort)
    before = seen(cohort)
    school = a.members.exclude(school=a.meeting_school).first().school
    services.proposal_move(
        cohort=cohort, school=school, to_cluster=None, from_cluster_pk=a.pk, seen=before, by=cast.manager
    )
    a.refresh_from_db()
    run.refresh_from_db()
    assert a.version == before[a.pk] + 1
    assert any(u["school"] == school.urn and "moved out of Cluster" in u["reason"] for u in run.unassigned)
    check = selectors.proposal(cohort)
    a_row = next(r for r in check.clusters if r.cluster.pk == a.pk)
    assert a_row.problems == [] and len(a_row.members) == 3
    # A second edit from the page opened before the first is refused, and changes nothing.
    other = a.members.exclude(school=a.meeting_school).first().school
    with pytest.raises(StaleEdit):
        services.proposal_move(
            cohort=cohort, school=other, to_cluster=b, from_cluster_pk=a.pk, seen=before, by=cast.manager
        )
    assert other.urn in members(a)
    # Back in from the unassigned.
    services.proposal_move(
        cohort=cohort, school=school, to_cluster=a, from_cluster_pk=None, seen=seen(cohort), by=cast.manager
    )
    run.refresh_from_db()
    assert school.urn in members(a)
    assert all(u["school"] != school.urn for u in run.unassigned)
    # Moving it where it already is is refused.
    with pytest.raises(ValidationError, match="already there"):
        services.proposal_move(
            cohort=cohort, school=school, to_cluster=a, from_cluster_pk=a.pk, seen=seen(cohort), by=cast.manager
        )


def test_a_breach_blocks_confirming_until_fixed(cast: Cast) -> None:
    cohort = matching_cohort(cast)
    services.matching_start(cohort, by=cast.manager)
    a, _ = proposed(cohort)
    # Two schools out of a 4-school cluster leave it with 2: a breach.
    for school in [m.school for m in a.members.exclude(school=a.meeting_school)][:2]:
        services.proposal_move(
            cohort=cohort, school=school, to_cluster=None, from_cluster_pk=a.pk, seen=seen(cohort), by=cast.manager
        )
    a.refresh_from_db()
    assert a.explanation["problems"] == ["Has 2 schools: a cluster needs 3 to 6."]
    assert not selectors.proposal(cohort).ok
    with pytest.raises(ValidationError, match="Has 2 schools"):
        services.proposal_confirm(cohort=cohort, seen=seen(cohort), by=cast.manager)
    assert not Cluster.objects.filter(cohort=cohort, status=ClusterStatus.CONFIRMED).exists()


def test_mixing_phases_and_distance_are_breaches(cast: Cast) -> None:
    cohort = matching_cohort(cast)
    services.matching_start(cohort, by=cast.manager)
    a, _ = proposed(cohort)
    far = add_school(cohort, cast.school_a, 60, 0, needs_of(1, 1, 1), phase="secondary")
    ClusterMember.objects.create(cluster=a, school=far, application=far.cohort_applications.get())
    evaluation = services.evaluate(a)
    assert any("Mixes phases (Primary, Secondary)" in p for p in evaluation.problems)
    assert any(f"{far.name} is" in p and "(the most is 25 km)" in p for p in evaluation.problems)


def test_split_and_merge(cast: Cast) -> None:
    cohort = matching_cohort(cast)
    services.matching_start(cohort, by=cast.manager)
    a, b = proposed(cohort)
    moving = [m.school for m in a.members.all()][:2]
    new = services.proposal_split(cluster=a, schools=moving, seen=seen(cohort), by=cast.manager)
    assert new.number == 3 and members(new) == {s.urn for s in moving}
    a.refresh_from_db()
    assert a.explanation["problems"] == ["Has 2 schools: a cluster needs 3 to 6."]
    assert new.explanation["problems"] == ["Has 2 schools: a cluster needs 3 to 6."]
    with pytest.raises(ValidationError, match="Leave at least one school"):
        services.proposal_split(
            cluster=a, schools=[m.school for m in a.members.all()], seen=seen(cohort), by=cast.manager
        )
    merged = services.proposal_merge(cluster=a, other=new, seen=seen(cohort), by=cast.manager)
    assert len(members(merged)) == 4 and merged.explanation["problems"] == []
    assert not Cluster.objects.filter(pk=new.pk).exists()
    # Merging the two groups (8 schools) breaks the size rule.
    merged = services.proposal_merge(cluster=merged, other=b, seen=seen(cohort), by=cast.manager)
    assert "Has 8 schools: a cluster needs 3 to 6." in merged.explanation["problems"]


def test_the_funded_maximum_is_checked(cast: Cast) -> None:
    cohort = matching_cohort(cast)
    services.matching_start(cohort, by=cast.manager)
    cohort.funded_clusters = 1
    cohort.save()
    data = selectors.proposal(cohort)
    assert not data.ok and "funds at most 1" in data.problems[0]
    with pytest.raises(ValidationError, match="funds at most 1"):
        services.proposal_confirm(cohort=cohort, seen=seen(cohort), by=cast.manager)


def test_the_engine_respects_the_funded_maximum(cast: Cast) -> None:
    cohort = matching_cohort(cast, funded_clusters=1)
    run = services.matching_start(cohort, by=cast.manager)
    assert len(proposed(cohort)) == 1
    assert any("funded maximum of 1" in u["reason"] for u in run.unassigned)


def test_confirming(cast: Cast, framework, mailoutbox, django_capture_on_commit_callbacks) -> None:
    from uplift.assessments.models import SnapshotKind
    from uplift.assessments.services import assessment_start

    cohort = matching_cohort(cast)
    services.matching_start(cohort, by=cast.manager)
    assessment_start(school=cast.school_a, by=cast.lead)
    with django_capture_on_commit_callbacks(execute=True):
        clusters = services.proposal_confirm(cohort=cohort, seen=seen(cohort), by=cast.manager)
    cohort.refresh_from_db()
    assert cohort.confirmed_at is not None
    for cluster in clusters:
        cluster.refresh_from_db()
        assert cluster.status == ClusterStatus.CONFIRMED
        assert cluster.budget == cohort.funding_per_cluster
        assert (cluster.coaching_hours, cluster.bespoke_days, cluster.output_days) == (30, 9, 3)
        assert cluster.kickoff_on == cohort.starts_on
        assert cluster.midpoint_on == services.add_months(cohort.starts_on, 6)
        assert cluster.ends_on == services.add_months(cohort.starts_on, 12)
    mine = ClusterMember.objects.get(school=cast.school_a, cluster__status=ClusterStatus.CONFIRMED)
    assert mine.baseline_snapshot.kind == SnapshotKind.PROGRAMME_BASELINE
    assert mine.baseline_snapshot.data["needs"]["leadership"] == 3.0
    statuses = dict(cohort.applications.values_list("school__urn", "status"))
    assert statuses[cast.school_a.urn] == CohortApplicationStatus.MATCHED
    assert sorted(statuses.values()).count(CohortApplicationStatus.NOT_MATCHED) == 1
    # The cast's advisor covers the North West, where both clusters meet.
    assert {c.advisor for c in clusters} == {cast.advisor}
    recipients = {m.to[0] for m in mailoutbox}
    assert {"lead@example.test", "head@example.test", "advisor@example.test"} <= recipients
    assert "teacher@example.test" not in recipients
    lead_mail = next(m for m in mailoutbox if m.to == ["lead@example.test"])
    # The lead's school is listed and exactly one member is marked as where the cluster meets.
    assert "Brookside Primary School" in lead_mail.body
    assert lead_mail.body.count(" (the meeting school)") == 1
    # Nothing more can change.
    with pytest.raises(ValidationError, match="confirmed"):
        services.proposal_confirm(cohort=cohort, seen={}, by=cast.manager)
    with pytest.raises(ValidationError, match="confirmed"):
        services.matching_start(cohort, by=cast.manager)


def test_confirming_refuses_a_stale_page(cast: Cast) -> None:
    cohort = matching_cohort(cast)
    services.matching_start(cohort, by=cast.manager)
    stale = seen(cohort)
    a, _ = proposed(cohort)
    a.version += 1
    a.save()
    with pytest.raises(StaleEdit):
        services.proposal_confirm(cohort=cohort, seen=stale, by=cast.manager)


def test_a_school_that_withdrew_after_matching_must_be_moved_out_before_confirming(cast: Cast) -> None:
    cohort = matching_cohort(cast)
    services.matching_start(cohort, by=cast.manager)
    member = ClusterMember.objects.filter(cluster__cohort=cohort, application__isnull=False).first()
    member.application.status = CohortApplicationStatus.WITHDRAWN
    member.application.save()

    with pytest.raises(ValidationError, match="withdrew its application"):
        services.proposal_confirm(cohort=cohort, by=cast.manager)
    assert not Cluster.objects.filter(cohort=cohort, status=ClusterStatus.CONFIRMED).exists()


def test_advisors_are_allocated_by_region_and_capacity(cast: Cast) -> None:
    from uplift.accounts.models import ProgrammeRole
    from uplift.accounts.tests.factories import ProgrammeMembershipFactory, UserFactory
    from uplift.clusters.models import AdvisorCapacity
    from uplift.clusters.tests.factories import ClusterFactory

    AdvisorCapacity.objects.create(user=cast.advisor, max_clusters=1)
    national = UserFactory(full_name="Nadia National")
    ProgrammeMembershipFactory(user=national, role=ProgrammeRole.ADVISOR)
    AdvisorCapacity.objects.create(user=national, max_clusters=1)
    cohort = CohortFactory()
    north = [
        ClusterFactory(cohort=cohort, status=ClusterStatus.CONFIRMED, meeting_school=cast.school_a) for _ in range(3)
    ]
    london = ClusterFactory(cohort=cohort, status=ClusterStatus.CONFIRMED, meeting_school=cast.school_b)
    left = services.advisors_allocate([*north, london])
    # North West: the regional advisor first, then the national one; then nobody has room.
    assert north[0].advisor == cast.advisor
    assert north[1].advisor == national
    assert north[2].advisor is None
    # London: the other advisor covers it (the North West advisor never would).
    assert london.advisor == cast.other_advisor
    assert left == [north[2]]


def test_reassigning_an_advisor(cast: Cast, mailoutbox, django_capture_on_commit_callbacks) -> None:
    from uplift.clusters.models import AdvisorCapacity
    from uplift.clusters.tests.factories import live_cluster

    cluster = live_cluster(cast, "own")
    with pytest.raises(ValidationError, match="not an advisor"):
        services.cluster_advisor_set(
            cluster=cluster, advisor=cast.lead, expected_version=cluster.version, by=cast.manager
        )
    AdvisorCapacity.objects.create(user=cast.other_advisor, max_clusters=0)
    with pytest.raises(ValidationError, match="Assign anyway"):
        services.cluster_advisor_set(
            cluster=cluster, advisor=cast.other_advisor, expected_version=cluster.version, by=cast.manager
        )
    with django_capture_on_commit_callbacks(execute=True):
        cluster = services.cluster_advisor_set(
            cluster=cluster,
            advisor=cast.other_advisor,
            expected_version=cluster.version,
            by=cast.manager,
            over_capacity=True,
        )
    assert cluster.advisor == cast.other_advisor
    assert [m.to for m in mailoutbox] == [["advisor.b@example.test"]]
    with pytest.raises(StaleEdit):
        services.cluster_advisor_set(cluster=cluster, advisor=cast.advisor, expected_version=1, by=cast.manager)
    with pytest.raises(PermissionDenied):
        services.cluster_advisor_set(
            cluster=cluster, advisor=cast.advisor, expected_version=cluster.version, by=cast.advisor
        )


def test_add_months() -> None:
    import datetime as dt

    assert services.add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert services.add_months(dt.date(2027, 10, 1), 12) == dt.date(2028, 10, 1)


def test_a_run_finishing_after_the_cohort_was_confirmed_saves_nothing(cast: Cast) -> None:
    cohort = matching_cohort(cast)
    run = services.matching_start(cohort, by=cast.manager, enqueue=False)
    cohort.confirmed_at = timezone.now()
    cohort.save()
    run = services.matching_execute(run.pk)
    assert run.status == MatchRunStatus.FAILED and "confirmed while matching ran" in run.message
    assert not proposed(cohort)


def test_the_demo_can_run_matching_without_a_worker(cast: Cast) -> None:
    cohort = matching_cohort(cast)
    run = services.matching_run_now(cohort, by=cast.manager, seed=1)
    assert run.status == MatchRunStatus.SUCCEEDED and len(proposed(cohort)) == 2
    clusters = services.proposal_confirm(cohort=cohort, by=cast.manager)
    assert [c.status for c in clusters] == [ClusterStatus.CONFIRMED] * 2


def test_unassigned_reasons_name_schools_rather_than_numbers(cast: Cast) -> None:
    application = CohortApplicationFactory(school=cast.school_b)
    reason = services._with_names(
        f"only one other secondary school ({cast.school_b.urn}) within 25 km, and (123) is not applying",
        {cast.school_b.urn: application},
    )
    assert reason == "only one other secondary school (Riverside Academy) within 25 km, and (123) is not applying"
