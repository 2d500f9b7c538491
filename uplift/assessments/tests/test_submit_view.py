import pytest
from django.urls import reverse

from uplift.assessments.models import Snapshot, SnapshotKind
from uplift.assessments.selectors import current_assessment
from uplift.assessments.services import judgement_save
from uplift.frameworks.models import Aspect, Framework
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import framework_spec
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(cast: Cast) -> Framework:
    return framework_load(spec=framework_spec())


def complete_all(cast: Cast, framework: Framework, *, skip: int = 0) -> None:
    for aspect in list(Aspect.objects.filter(framework=framework).order_by("order"))[skip:]:
        judgement_save(
            school=cast.school_a, aspect=aspect, level=4, current_position="a", evidence_commentary="b",
            improvement_actions="c", evidence_ids=[], by=cast.lead, expected_version=0,
        )  # fmt: skip


def submit_url(cast: Cast) -> str:
    return reverse("assessments:submit", args=[cast.school_a.urn])


def test_a_complete_assessment_is_submitted_with_a_snapshot(cast: Cast, small: Framework, client_for) -> None:
    complete_all(cast, small)
    client = client_for(cast.teacher)
    assert "Submit the self-assessment" in client.get(reverse("assessments:overview", args=[cast.school_a.urn])).text

    response = client.post(submit_url(cast), follow=True)

    assert "Self-assessment submitted" in response.text
    assert "Submitted on" in response.text
    assert current_assessment(cast.school_a).submitted_by == cast.teacher
    assert Snapshot.objects.get().kind == SnapshotKind.SUBMITTED


def test_an_incomplete_assessment_is_not_submitted(cast: Cast, small: Framework, client_for) -> None:
    complete_all(cast, small, skip=2)
    client = client_for(cast.lead)
    assert (
        "Submit the self-assessment" not in client.get(reverse("assessments:overview", args=[cast.school_a.urn])).text
    )

    response = client.post(submit_url(cast), follow=True)

    assert "2 still to do" in response.text
    assert not Snapshot.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("governor", 403), ("trust_lead", 403), ("lead_b", 404)])
def test_only_writers_submit(cast: Cast, small: Framework, client_for, role: str, status: int) -> None:
    complete_all(cast, small)
    assert client_for(getattr(cast, role)).post(submit_url(cast)).status_code == status
    assert not Snapshot.objects.exists()
