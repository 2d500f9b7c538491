"""Coaching pages through the test client: nominating, assigning, logging over the allowance."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from uplift.clusters.tests.factories import live_cluster
from uplift.coaching.models import Coaching, CoachingSession
from uplift.coaching.tests.factories import coaching_in, session_in
from uplift.dropins.tests.factories import current_framework

pytestmark = pytest.mark.django_db


def test_a_teacher_nominates_themselves_and_errors_are_summarised(cast, client_for) -> None:
    cluster = live_cluster(cast, "own")
    dimension = current_framework().dimensions.first()
    client = client_for(cast.teacher)
    page = client.get(f"/clusters/{cluster.pk}/coaching/").content.decode()
    assert "Nominate yourself for coaching" in page
    response = client.post(f"/clusters/{cluster.pk}/coaching/nominate/", {"school": cast.school_a.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and "Enter what you want to work on" in body
    response = client.post(
        f"/clusters/{cluster.pk}/coaching/nominate/",
        {"school": cast.school_a.pk, "dimension": dimension.pk, "focus": "Building confidence in my team"},
    )
    coaching = Coaching.objects.get()
    assert response.status_code == 302 and response.url == f"/coaching/{coaching.pk}/"
    assert coaching.coachee == cast.teacher and coaching.focus == "Building confidence in my team"
    # Nominating again goes to the existing coaching.
    assert client.get(f"/clusters/{cluster.pk}/coaching/nominate/").url == f"/coaching/{coaching.pk}/"


def test_the_advisor_assigns_a_coach_from_the_programme_advisors(cast, client_for) -> None:
    coaching = coaching_in(live_cluster(cast, "own"), coachee=cast.teacher, school=cast.school_a)
    client = client_for(cast.advisor)
    page = client.get(f"/coaching/{coaching.pk}/coach/").content.decode()
    assert "Otto Advisor" in page and "Mina Manager" not in page
    response = client.post(f"/coaching/{coaching.pk}/coach/", {"coach": cast.manager.pk, "version": 1})
    assert "Choose a coach from the list" in response.content.decode()
    response = client.post(f"/coaching/{coaching.pk}/coach/", {"coach": cast.other_advisor.pk, "version": 1})
    assert response.status_code == 302
    coaching.refresh_from_db()
    assert coaching.coach == cast.other_advisor


def test_the_coach_is_warned_before_going_over_and_may_confirm(cast, client_for) -> None:
    coaching = coaching_in(
        live_cluster(cast, "own"), coachee=cast.teacher, school=cast.school_a, coach=cast.other_advisor
    )
    for _ in range(3):
        session_in(coaching, hours="8")
    client = client_for(cast.other_advisor)
    assert "Log it anyway" not in client.get(f"/coaching/{coaching.pk}/sessions/new/").content.decode()
    data = {"held_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(), "hours": "8", "coach_notes": "x"}
    response = client.post(f"/coaching/{coaching.pk}/sessions/new/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Over the cluster&#x27;s coaching allowance" in body and "32 of its 30 coaching hours" in body
    assert CoachingSession.objects.count() == 3
    assert "Log it anyway" in body
    response = client.post(f"/coaching/{coaching.pk}/sessions/new/", {**data, "confirm_over": "on"})
    assert response.status_code == 302
    assert CoachingSession.objects.filter(over_allowance=True).count() == 1
    # The advisor sees the session flagged, with hours only.
    page = client_for(cast.advisor).get(f"/coaching/{coaching.pk}/").content.decode()
    assert "Over allowance" in page


def test_the_coachee_writes_a_reflection(cast, client_for) -> None:
    coaching = coaching_in(
        live_cluster(cast, "own"), coachee=cast.teacher, school=cast.school_a, coach=cast.other_advisor
    )
    session = session_in(coaching)
    client = client_for(cast.teacher)
    response = client.post(
        f"/coaching/{coaching.pk}/sessions/{session.pk}/reflection/", {"coachee_notes": "Went well", "version": 1}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.coachee_notes == "Went well"


def test_a_session_of_another_coaching_is_404(cast, client_for) -> None:
    cluster = live_cluster(cast, "own")
    mine = coaching_in(cluster, coachee=cast.teacher, school=cast.school_a, coach=cast.other_advisor)
    theirs = coaching_in(cluster, coachee=cast.lead, school=cast.school_a, coach=cast.other_advisor)
    session = session_in(theirs)
    response = client_for(cast.teacher).get(f"/coaching/{mine.pk}/sessions/{session.pk}/reflection/")
    assert response.status_code == 404


def test_my_coaching_lists_both_sides(cast, client_for) -> None:
    coaching_in(live_cluster(cast, "own"), coachee=cast.teacher, school=cast.school_a, coach=cast.other_advisor)
    assert "Theo Teacher" in client_for(cast.other_advisor).get("/coaching/").content.decode()
    assert "Otto Advisor" in client_for(cast.teacher).get("/coaching/").content.decode()


def test_the_cluster_page_does_not_grow_queries_with_coachees(cast, client_for, django_assert_max_num_queries) -> None:
    from uplift.accounts.models import SchoolRole
    from uplift.accounts.tests.factories import SchoolMembershipFactory, UserFactory

    cluster = live_cluster(cast, "own")
    for _ in range(6):
        person = UserFactory()
        SchoolMembershipFactory(user=person, school=cast.school_a, role=SchoolRole.TEACHER)
        session_in(coaching_in(cluster, coachee=person, school=cast.school_a, coach=cast.other_advisor))
    client = client_for(cast.advisor)
    client.get(f"/clusters/{cluster.pk}/coaching/")
    with django_assert_max_num_queries(25):
        assert client.get(f"/clusters/{cluster.pk}/coaching/").status_code == 200
