"""``get_coaching_for_user``: session notes are private to the coach and the coachee."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from uplift.accounts.models import ProgrammeMembership, ProgrammeRole
from uplift.clusters.models import ClusterStatus
from uplift.clusters.tests.factories import live_cluster
from uplift.coaching.access import COACHING_ACTS, get_coaching_for_user
from uplift.coaching.tests.factories import coaching_in, session_in

pytestmark = pytest.mark.django_db

NOTE = "Worried about the heads view of computing"
REFLECTION = "I will raise it at the next SLT meeting"


@pytest.fixture
def coaching(cast):
    """The teacher at school A, coached by the other advisor; the cast's advisor runs the cluster."""
    c = coaching_in(live_cluster(cast, "own"), coachee=cast.teacher, school=cast.school_a, coach=cast.other_advisor)
    session_in(c, notes=NOTE, reflection=REFLECTION)
    return c


def outcome(user, pk, act):
    try:
        get_coaching_for_user(user, pk, act=act)
    except Http404:
        return 404
    except PermissionDenied:
        return 403
    return 200


EXPECTED = {
    # role: {act: status}
    "teacher": {"view": 200, "notes": 200, "log": 403, "reflect": 200, "assign": 403, "close": 200},
    "other_advisor": {"view": 200, "notes": 200, "log": 200, "reflect": 403, "assign": 403, "close": 403},
    "advisor": {"view": 200, "notes": 403, "log": 403, "reflect": 403, "assign": 200, "close": 200},
    "manager": {"view": 200, "notes": 403, "log": 403, "reflect": 403, "assign": 200, "close": 200},
}


@pytest.mark.parametrize("role", ["teacher", "other_advisor", "advisor", "manager"])
def test_each_part_gets_exactly_its_acts(cast, coaching, role) -> None:
    user = getattr(cast, role)
    assert {act: outcome(user, coaching.pk, act) for act in COACHING_ACTS} == EXPECTED[role]


@pytest.mark.parametrize(
    "role", ["lead", "head", "governor", "lead_b", "teacher_b", "trust_lead", "assessor", "hub_lead", "outsider"]
)
def test_everyone_else_does_not_know_it_exists(cast, coaching, role) -> None:
    # Other staff of the same school included: who is being coached is kept discreet.
    for act in COACHING_ACTS:
        assert outcome(getattr(cast, role), coaching.pk, act) == 404


def test_signed_out_visitor_gets_404(coaching) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert outcome(AnonymousUser(), coaching.pk, "view") == 404


def test_the_clusters_advisor_who_is_also_the_coach_reads_the_notes(cast) -> None:
    c = coaching_in(live_cluster(cast, "own"), coachee=cast.lead, school=cast.school_a, coach=cast.advisor)
    assert outcome(cast.advisor, c.pk, "notes") == 200
    assert outcome(cast.advisor, c.pk, "log") == 200


def test_a_coach_who_loses_the_advisor_role_loses_access(cast, coaching) -> None:
    ProgrammeMembership.objects.filter(user=cast.other_advisor, role=ProgrammeRole.ADVISOR).delete()
    assert outcome(cast.other_advisor, coaching.pk, "notes") == 404


def test_a_discarded_cluster_hides_its_coaching_from_all_but_managers(cast, coaching) -> None:
    coaching.cluster.status = ClusterStatus.DISCARDED
    coaching.cluster.save()
    assert outcome(cast.teacher, coaching.pk, "view") == 404
    assert outcome(cast.manager, coaching.pk, "view") == 200
    assert outcome(cast.manager, coaching.pk, "notes") == 403


def test_unknown_act_is_a_programming_error(cast, coaching) -> None:
    with pytest.raises(ValueError):
        get_coaching_for_user(cast.teacher, coaching.pk, act="peek")


def test_unknown_coaching_is_404(cast) -> None:
    assert outcome(cast.manager, 999999, "view") == 404


class TestNotesNeverReachTheAdvisorOrManagers:
    """Pages and API seen by the advisor and managers carry hours, never the notes."""

    @pytest.mark.parametrize("role", ["advisor", "manager"])
    def test_pages_and_api_show_hours_not_notes(self, cast, client_for, coaching, role) -> None:
        client = client_for(getattr(cast, role))
        cluster = coaching.cluster
        for url in (
            f"/clusters/{cluster.pk}/coaching/",
            f"/coaching/{coaching.pk}/",
            f"/api/v1/coaching/clusters/{cluster.pk}",
            f"/clusters/{cluster.pk}/drop-ins/",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            assert NOTE not in body and REFLECTION not in body, url
        page = client.get(f"/coaching/{coaching.pk}/").content.decode()
        assert "Theo Teacher" in page and "2 hours" in page
        api = client.get(f"/api/v1/coaching/clusters/{cluster.pk}").json()
        # A decimal in JSON: "2" from SQLite, "2.0" from PostgreSQL (the column's scale); the value is the same.
        assert Decimal(api["hours_used"]) == Decimal("2")
        assert [c["coachee"] for c in api["coachees"]] == ["Theo Teacher"]
        assert "notes" not in str(api).lower()
        assert client.get(f"/coaching/{coaching.pk}/notes/").status_code == 403
        session = coaching.sessions.get()
        assert client.get(f"/coaching/{coaching.pk}/sessions/{session.pk}/").status_code == 403
        assert client.get(f"/coaching/{coaching.pk}/sessions/{session.pk}/reflection/").status_code == 403

    def test_coach_and_coachee_read_both_notes(self, cast, client_for, coaching) -> None:
        for user in (cast.teacher, cast.other_advisor):
            body = client_for(user).get(f"/coaching/{coaching.pk}/notes/").content.decode()
            assert NOTE in body and REFLECTION in body

    def test_other_staff_see_cluster_totals_only(self, cast, client_for, coaching) -> None:
        client = client_for(cast.lead)
        body = client.get(f"/clusters/{coaching.cluster.pk}/coaching/").content.decode()
        assert "2 of 30 hours" in body
        assert "Theo Teacher" not in body and NOTE not in body
        api = client.get(f"/api/v1/coaching/clusters/{coaching.cluster.pk}").json()
        assert api["coachees"] == []
        assert client.get(f"/coaching/{coaching.pk}/").status_code == 404
