"""Coaching services: nominating, assigning a coach, logging sessions against the cluster's allowance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from uplift.accounts.models import SchoolRole
from uplift.accounts.tests.factories import SchoolMembershipFactory, UserFactory
from uplift.clusters.models import ClusterStatus
from uplift.clusters.tests.factories import live_cluster
from uplift.coaching import services
from uplift.coaching.models import CoachingSession, CoachingStatus
from uplift.coaching.selectors import coachee_rows, coaching_usage
from uplift.coaching.tests.factories import coaching_in, session_in
from uplift.dropins.tests.factories import current_framework
from uplift.lib.versioning import StaleEdit

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(cast):
    return live_cluster(cast, "own")


@pytest.fixture
def dimension(db):
    return current_framework().dimensions.first()


def nominate(cluster, user, school, dimension, focus="Leading a new scheme of work"):
    return services.coaching_nominate(cluster=cluster, user=user, school=school, dimension=dimension, focus=focus)


class TestNominate:
    def test_a_teacher_of_a_member_school_nominates_themselves(self, cast, cluster, dimension) -> None:
        coaching = nominate(cluster, cast.teacher, cast.school_a, dimension)
        assert coaching.status == CoachingStatus.NOMINATED
        assert coaching.coach is None and coaching.focus == "Leading a new scheme of work"

    def test_a_governor_may_not(self, cast, cluster, dimension) -> None:
        with pytest.raises(ValidationError) as exc:
            nominate(cluster, cast.governor, cast.school_a, dimension)
        assert "school" in exc.value.message_dict

    def test_staff_of_a_school_outside_the_cluster_may_not(self, cast, cluster, dimension) -> None:
        with pytest.raises(ValidationError):
            nominate(cluster, cast.teacher_b, cast.school_b, dimension)

    def test_focus_and_dimension_are_required(self, cast, cluster) -> None:
        with pytest.raises(ValidationError) as exc:
            nominate(cluster, cast.teacher, cast.school_a, None, focus="  ")
        assert set(exc.value.message_dict) == {"focus", "dimension"}

    def test_once_per_cluster_until_closed(self, cast, cluster, dimension) -> None:
        first = nominate(cluster, cast.teacher, cast.school_a, dimension)
        with pytest.raises(ValidationError, match="already nominated"):
            nominate(cluster, cast.teacher, cast.school_a, dimension)
        services.coaching_close(coaching=first, by=cast.teacher)
        assert nominate(cluster, cast.teacher, cast.school_a, dimension).pk != first.pk

    def test_not_once_the_cluster_has_finished(self, cast, cluster, dimension) -> None:
        cluster.status = ClusterStatus.FINISHED
        cluster.save()
        with pytest.raises(ValidationError, match="running"):
            nominate(cluster, cast.teacher, cast.school_a, dimension)


class TestAssignCoach:
    def test_an_advisor_becomes_the_coach_and_both_are_emailed(
        self, cast, cluster, mailoutbox, django_capture_on_commit_callbacks
    ) -> None:
        coaching = coaching_in(cluster, coachee=cast.teacher, school=cast.school_a)
        with django_capture_on_commit_callbacks(execute=True):
            services.coaching_assign_coach(
                coaching=coaching, coach=cast.other_advisor, expected_version=1, by=cast.advisor
            )
        coaching.refresh_from_db()
        assert coaching.coach == cast.other_advisor and coaching.status == CoachingStatus.ACTIVE
        assert coaching.version == 2
        assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.teacher.email, cast.other_advisor.email])

    @pytest.mark.parametrize("role", ["manager", "assessor", "lead"])
    def test_the_coach_must_be_a_programme_advisor(self, cast, cluster, role) -> None:
        coaching = coaching_in(cluster, coachee=cast.teacher, school=cast.school_a)
        with pytest.raises(ValidationError) as exc:
            services.coaching_assign_coach(
                coaching=coaching, coach=getattr(cast, role), expected_version=1, by=cast.advisor
            )
        assert exc.value.message_dict["coach"] == ["Choose a programme advisor as the coach"]

    def test_a_stale_assignment_is_refused(self, cast, cluster) -> None:
        coaching = coaching_in(cluster, coachee=cast.teacher, school=cast.school_a)
        services.coaching_assign_coach(coaching=coaching, coach=cast.advisor, expected_version=1, by=cast.manager)
        with pytest.raises(StaleEdit):
            services.coaching_assign_coach(
                coaching=coaching, coach=cast.other_advisor, expected_version=1, by=cast.advisor
            )
        coaching.refresh_from_db()
        assert coaching.coach == cast.advisor


def log(coaching, coach, hours, *, days_ago=1, confirm_over=False):
    return services.coaching_session_log(
        coaching=coaching,
        held_on=timezone.localdate() - dt.timedelta(days=days_ago),
        hours=Decimal(hours),
        coach_notes="notes",
        by=coach,
        confirm_over=confirm_over,
    )


class TestSessions:
    @pytest.fixture
    def coaching(self, cast, cluster):
        return coaching_in(cluster, coachee=cast.teacher, school=cast.school_a, coach=cast.other_advisor)

    def test_the_coach_logs_a_session(self, cast, coaching) -> None:
        session = log(coaching, cast.other_advisor, "1.5")
        assert session.hours == Decimal("1.5") and not session.over_allowance
        assert coaching_usage(coaching.cluster).used == Decimal("1.5")

    @pytest.mark.parametrize(
        ("hours", "message"),
        [
            ("0", "Enter between 0.5 and 8 hours"),
            ("8.5", "Enter between 0.5 and 8 hours"),
            ("1.2", "Enter hours in half hours, for example 1.5"),
        ],
    )
    def test_hours_are_half_hours_from_half_an_hour_to_eight(self, cast, coaching, hours, message) -> None:
        with pytest.raises(ValidationError) as exc:
            log(coaching, cast.other_advisor, hours)
        assert exc.value.message_dict["hours"] == [message]

    def test_no_sessions_once_the_cluster_has_finished(self, cast, coaching) -> None:
        from uplift.clusters.models import ClusterStatus

        coaching.cluster.status = ClusterStatus.FINISHED
        coaching.cluster.save()
        with pytest.raises(ValidationError, match="coaching hours are closed"):
            log(coaching, cast.other_advisor, "1")

    def test_not_in_the_future(self, cast, coaching) -> None:
        with pytest.raises(ValidationError) as exc:
            log(coaching, cast.other_advisor, "1", days_ago=-1)
        assert "held_on" in exc.value.message_dict

    @pytest.mark.parametrize("role", ["teacher", "advisor", "manager"])
    def test_only_the_coach_logs(self, cast, coaching, role) -> None:
        with pytest.raises(ValidationError):
            log(coaching, getattr(cast, role), "1")

    def test_going_over_the_hours_needs_confirmation(self, cast, coaching) -> None:
        for _ in range(3):
            log(coaching, cast.other_advisor, "8")
        with pytest.raises(services.OverAllowance, match="takes the cluster to 32 of its 30 coaching hours"):
            log(coaching, cast.other_advisor, "8")
        assert CoachingSession.objects.count() == 3
        session = log(coaching, cast.other_advisor, "8", confirm_over=True)
        assert session.over_allowance
        usage = coaching_usage(coaching.cluster)
        assert usage.used == Decimal("32") and usage.over

    def test_the_allowance_is_shared_by_the_clusters_coachees(self, cast, cluster, coaching) -> None:
        other = coaching_in(cluster, coachee=cast.lead, school=cast.school_a, coach=cast.advisor)
        log(coaching, cast.other_advisor, "8")
        log(coaching, cast.other_advisor, "8")
        log(other, cast.advisor, "8")
        with pytest.raises(services.OverAllowance):
            log(other, cast.advisor, "7")
        log(other, cast.advisor, "6")

    def test_going_over_the_sessions_needs_confirmation(self, cast, coaching) -> None:
        for _ in range(5):
            log(coaching, cast.other_advisor, "1")
        with pytest.raises(services.OverAllowance, match="session 6 of the 5 sessions"):
            log(coaching, cast.other_advisor, "1")

    def test_a_session_edit_raising_the_hours_is_checked_too(self, cast, coaching) -> None:
        for _ in range(3):
            log(coaching, cast.other_advisor, "8")
        session = log(coaching, cast.other_advisor, "4")

        def edit(**extra):
            return services.coaching_session_update(
                session=session,
                held_on=session.held_on,
                hours=Decimal("8"),
                coach_notes="x",
                expected_version=1,
                by=cast.other_advisor,
                **extra,
            )

        with pytest.raises(services.OverAllowance):
            edit()
        assert edit(confirm_over=True).over_allowance

    def test_a_stale_edit_is_refused(self, cast, coaching) -> None:
        session = session_in(coaching, notes="first")
        services.coaching_session_reflect(session=session, coachee_notes="mine", expected_version=1, by=cast.teacher)
        with pytest.raises(StaleEdit):
            services.coaching_session_update(
                session=session,
                held_on=session.held_on,
                hours=Decimal("2"),
                coach_notes="second",
                expected_version=1,
                by=cast.other_advisor,
            )
        session.refresh_from_db()
        assert session.coach_notes == "first" and session.coachee_notes == "mine"

    def test_only_the_coachee_reflects(self, cast, coaching) -> None:
        session = session_in(coaching)
        with pytest.raises(ValidationError):
            services.coaching_session_reflect(
                session=session, coachee_notes="x", expected_version=1, by=cast.other_advisor
            )

    def test_rows_for_the_advisor_carry_totals(self, cast, cluster, coaching) -> None:
        session_in(coaching, hours="2")
        session_in(coaching, hours="1.5")
        coaching_in(cluster, coachee=cast.lead, school=cast.school_a)
        rows = coachee_rows(cluster)
        assert [(r.coaching.coachee, r.sessions_held, r.hours_used) for r in rows] == [
            (cast.teacher, 2, Decimal("3.5")),
            (cast.lead, 0, Decimal("0")),
        ]
        assert coaching_usage(cluster).detail == "2 of 5 sessions held; 2 coachees"


def test_a_new_teacher_joining_a_member_school_may_nominate(cast) -> None:
    cluster = live_cluster(cast, "own")
    newcomer = UserFactory()
    SchoolMembershipFactory(user=newcomer, school=cast.school_a, role=SchoolRole.TEACHER)
    dimension = current_framework().dimensions.first()
    assert nominate(cluster, newcomer, cast.school_a, dimension).coachee == newcomer
