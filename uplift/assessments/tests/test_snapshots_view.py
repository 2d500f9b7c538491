import pytest
from django.urls import reverse

from uplift.assessments.models import Assessment, Snapshot, SnapshotKind
from uplift.assessments.services import snapshot_record
from uplift.assessments.tests.profile_data import assess, clear_averages_cache  # noqa: F401 - autouse fixture
from uplift.frameworks.models import Framework
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


def snapshots_url(cast: Cast) -> str:
    return reverse("assessments:snapshots", args=[cast.school_a.urn])


def new_cycle_url(cast: Cast) -> str:
    return reverse("assessments:new_cycle", args=[cast.school_a.urn])


@pytest.mark.parametrize("role", ["lead", "teacher", "governor", "trust_lead", "advisor"])
def test_readers_see_the_snapshots(cast: Cast, framework: Framework, client_for, role) -> None:
    assessment = assess(cast.school_a, framework, level=3)
    snapshot_record(assessment=assessment, name="Baseline", by=cast.lead)

    response = client_for(getattr(cast, role)).get(snapshots_url(cast))

    assert response.status_code == 200
    assert "Baseline" in response.text


def test_only_members_who_may_write_see_the_form(cast: Cast, framework: Framework, client_for) -> None:
    assert "Record snapshot" in client_for(cast.teacher).get(snapshots_url(cast)).text
    assert "Record snapshot" not in client_for(cast.governor).get(snapshots_url(cast)).text
    assert "Record snapshot" not in client_for(cast.trust_lead).get(snapshots_url(cast)).text


def test_teacher_records_a_named_snapshot_of_the_current_levels(cast: Cast, framework: Framework, client_for) -> None:
    assess(cast.school_a, framework, level=3, aspects={"leadership-vision": 1})

    response = client_for(cast.teacher).post(snapshots_url(cast), {"name": "  Baseline "})

    assert response.status_code == 302
    snapshot = Snapshot.objects.get()
    assert snapshot.name == "Baseline"
    assert snapshot.kind == SnapshotKind.MANUAL
    assert snapshot.created_by == cast.teacher
    assert snapshot.data["aspects"]["leadership-vision"] == 1
    assert snapshot.data["dimensions"]["leadership"] == 1


def test_a_snapshot_before_any_judgement_starts_the_assessment(cast: Cast, framework: Framework, client_for) -> None:
    client_for(cast.lead).post(snapshots_url(cast), {"name": "Baseline"})

    snapshot = Snapshot.objects.get()
    assert snapshot.assessment.school == cast.school_a
    assert set(snapshot.data["aspects"].values()) == {None}


def test_a_snapshot_needs_a_name(cast: Cast, framework: Framework, client_for) -> None:
    response = client_for(cast.lead).post(snapshots_url(cast), {"name": "   "})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter a name for the snapshot" in response.text
    assert not Snapshot.objects.exists()


@pytest.mark.parametrize("role", ["governor", "trust_lead", "manager", "advisor"])
def test_readers_cannot_record_a_snapshot(cast: Cast, framework: Framework, client_for, role) -> None:
    response = client_for(getattr(cast, role)).post(snapshots_url(cast), {"name": "Baseline"})

    assert response.status_code == 403
    assert not Snapshot.objects.exists()


@pytest.mark.parametrize("role", ["lead_b", "outsider", "trust_lead_b", "other_advisor"])
def test_outsiders_get_404_and_record_nothing(cast: Cast, framework: Framework, client_for, role) -> None:
    client = client_for(getattr(cast, role))

    assert client.get(snapshots_url(cast)).status_code == 404
    assert client.post(snapshots_url(cast), {"name": "Baseline"}).status_code == 404
    assert not Snapshot.objects.exists()


def test_snapshots_of_earlier_cycles_stay_listed(cast: Cast, framework: Framework, client_for) -> None:
    old = assess(cast.school_a, framework, level=2, is_current=False)
    snapshot_record(assessment=old, name="Last year", by=cast.lead)
    current = assess(cast.school_a, framework, level=3, cycle=2)
    snapshot_record(assessment=current, name="This autumn", by=cast.lead)

    text = client_for(cast.governor).get(snapshots_url(cast)).text

    assert "Last year" in text
    assert "This autumn" in text


# --- a new cycle -------------------------------------------------------------------------------


def test_new_cycle_asks_for_confirmation_first(cast: Cast, framework: Framework, client_for) -> None:
    assess(cast.school_a, framework, level=3)

    response = client_for(cast.lead).get(new_cycle_url(cast))

    assert response.status_code == 200
    assert "Start a new assessment cycle?" in response.text
    assert Assessment.objects.filter(school=cast.school_a).count() == 1


def test_new_cycle_copies_the_latest_judgements_forward(cast: Cast, framework: Framework, client_for) -> None:
    old = assess(cast.school_a, framework, level=3)

    response = client_for(cast.teacher).post(new_cycle_url(cast))

    assert response.status_code == 302
    assert response.url == reverse("assessments:overview", args=[cast.school_a.urn])
    current = Assessment.objects.get(school=cast.school_a, is_current=True)
    assert current.cycle == 2
    assert current.carried_from == old
    assert set(current.judgements.values_list("level", flat=True)) == {3}


@pytest.mark.parametrize("role", ["governor", "trust_lead", "manager"])
def test_readers_cannot_start_a_new_cycle(cast: Cast, framework: Framework, client_for, role) -> None:
    assess(cast.school_a, framework, level=3)
    client = client_for(getattr(cast, role))

    assert client.get(new_cycle_url(cast)).status_code == 403
    assert client.post(new_cycle_url(cast)).status_code == 403
    assert Assessment.objects.filter(school=cast.school_a).count() == 1


@pytest.mark.parametrize("role", ["lead_b", "outsider"])
def test_outsiders_cannot_start_a_new_cycle(cast: Cast, framework: Framework, client_for, role) -> None:
    assert client_for(getattr(cast, role)).post(new_cycle_url(cast)).status_code == 404
    assert not Assessment.objects.exists()


def test_query_count_does_not_grow_with_the_number_of_snapshots(
    cast: Cast, framework: Framework, client_for, django_assert_max_num_queries
) -> None:
    client = client_for(cast.lead)
    old = assess(cast.school_a, framework, level=2, is_current=False)
    snapshot_record(assessment=old, name="First", by=cast.lead)
    with django_assert_max_num_queries(100) as few:
        client.get(snapshots_url(cast))

    current = assess(cast.school_a, framework, level=3, cycle=2)
    for n in range(6):
        snapshot_record(assessment=current, name=f"Term {n}", by=cast.teacher)
    with django_assert_max_num_queries(len(few)):
        response = client.get(snapshots_url(cast))
    assert response.text.count("Compare with now") == 7
