import pytest
from django.urls import reverse

from uplift.assessments.services import judgement_save
from uplift.evidence.models import EvidenceItem
from uplift.frameworks.models import Aspect, Framework
from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


def overview_url(cast: Cast) -> str:
    return reverse("assessments:overview", args=[cast.school_a.urn])


def fill(school, user, aspects, level: int = 4, text: str = "Written") -> None:
    for aspect in aspects:
        judgement_save(
            school=school,
            aspect=aspect,
            level=level,
            current_position=text,
            evidence_commentary=text,
            improvement_actions=text,
            evidence_ids=[],
            by=user,
            expected_version=0,
        )


@pytest.mark.parametrize(
    "role", ["lead", "head", "teacher", "governor", "trust_lead", "manager", "advisor", "hub_lead"]
)
def test_people_who_may_see_the_school_see_the_task_list(
    cast: Cast, framework: Framework, client_for, role: str
) -> None:
    response = client_for(getattr(cast, role)).get(overview_url(cast))

    assert response.status_code == 200
    assert "Self-assessment" in response.text
    assert "Leadership and Vision" in response.text
    assert "Not started" in response.text


@pytest.mark.parametrize("role", ["lead_b", "teacher_b", "outsider", "trust_lead_b", "other_advisor", "hub_lead_b"])
def test_people_of_other_schools_get_404(cast: Cast, framework: Framework, client_for, role: str) -> None:
    assert client_for(getattr(cast, role)).get(overview_url(cast)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(cast: Cast, framework: Framework, client_for) -> None:
    response = client_for(None).get(overview_url(cast))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_the_task_list_shows_progress_levels_and_who_edited(cast: Cast, framework: Framework, client_for) -> None:
    leadership = list(Aspect.objects.filter(framework=framework, dimension__slug="leadership").order_by("order"))
    fill(cast.school_a, cast.teacher, leadership[:-1], level=3)

    response = client_for(cast.governor).get(overview_url(cast))

    text = response.text
    assert "In progress" in text
    assert f"{len(leadership) - 1} of {len(leadership)} aspects complete" in text
    assert "Last edited by Theo Teacher" in text
    assert "What is missing for the Quality Mark" in text
    assert "level 3 is below the Quality Mark standard (level 4)" in text


def test_a_school_with_every_aspect_at_the_standard_is_shown_as_eligible(
    cast: Cast, framework: Framework, client_for
) -> None:
    fill(cast.school_a, cast.lead, Aspect.objects.filter(framework=framework), level=4)

    response = client_for(cast.lead).get(overview_url(cast))

    assert "Ready for the Quality Mark" in response.text


def test_needs_review_aspects_are_tagged(cast: Cast, framework: Framework, client_for) -> None:
    aspect = Aspect.objects.filter(framework=framework).first()
    fill(cast.school_a, cast.lead, [aspect])
    aspect.judgements.update(needs_review=True)

    response = client_for(cast.lead).get(overview_url(cast))

    assert "Updated since you last reviewed" in response.text


def test_the_query_count_does_not_grow_with_aspects_or_schools(
    cast: Cast, framework: Framework, client_for, django_assert_max_num_queries
) -> None:
    aspects = list(Aspect.objects.filter(framework=framework))
    fill(cast.school_a, cast.lead, aspects[:3])
    client = client_for(cast.lead)
    with django_assert_max_num_queries(12) as few:
        client.get(overview_url(cast))
    fill(cast.school_a, cast.teacher, aspects[3:])
    for n in range(5):
        school = SchoolFactory()
        fill(school, cast.lead, aspects[:5])
        EvidenceItem.objects.create(school=school, kind="note", title=f"Note {n}", note="x")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(overview_url(cast))
    assert response.status_code == 200
