import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from uplift.assessments.tests.profile_data import assess, clear_averages_cache  # noqa: F401 - autouse fixture
from uplift.frameworks.models import Aspect, Framework
from uplift.schools.models import Phase
from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


def profile_url(cast: Cast) -> str:
    return reverse("assessments:profile", args=[cast.school_a.urn])


@pytest.mark.parametrize(
    "role", ["lead", "head", "teacher", "governor", "trust_lead", "manager", "advisor", "hub_lead"]
)
def test_people_who_may_see_the_school_see_its_profile(cast: Cast, framework: Framework, client_for, role) -> None:
    assess(cast.school_a, framework, level=3)

    response = client_for(getattr(cast, role)).get(profile_url(cast))

    assert response.status_code == 200
    assert 'role="img"' in response.text
    assert "Levels by dimension" in response.text
    assert "Leadership and Vision" in response.text


@pytest.mark.parametrize("role", ["lead_b", "teacher_b", "outsider", "trust_lead_b", "other_advisor", "hub_lead_b"])
def test_people_outside_the_school_get_404(cast: Cast, framework: Framework, client_for, role) -> None:
    assert client_for(getattr(cast, role)).get(profile_url(cast)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(cast: Cast, framework: Framework, client_for) -> None:
    response = client_for(None).get(profile_url(cast))

    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_trust_lead_reads_the_profile_without_the_controls_to_change_it(cast: Cast, framework, client_for) -> None:
    new_cycle = reverse("assessments:new_cycle", args=[cast.school_a.urn])

    assert new_cycle not in client_for(cast.trust_lead).get(profile_url(cast)).text
    assert new_cycle not in client_for(cast.governor).get(profile_url(cast)).text
    assert new_cycle in client_for(cast.teacher).get(profile_url(cast)).text


def test_a_school_that_has_not_started_sees_a_blank_profile(cast: Cast, framework: Framework, client_for) -> None:
    response = client_for(cast.lead).get(profile_url(cast))

    assert response.status_code == 200
    assert "Choose a level for some aspects to see suggested next steps" in response.text
    assert "27 aspects still have no level" in response.text


def test_averages_are_hidden_until_five_schools_have_completed_the_dimension(
    cast: Cast, framework: Framework, client_for
) -> None:
    assess(cast.school_a, framework, level=2)
    for _ in range(3):
        assess(SchoolFactory(phase=Phase.SECONDARY), framework, level=4)

    hidden = client_for(cast.lead).get(profile_url(cast)).text
    assert "Not enough schools to show" in hidden
    assert "(4 schools)" not in hidden

    assess(SchoolFactory(phase=Phase.SECONDARY), framework, level=4)
    cache.clear()  # the averages are cached for a few minutes

    shown = client_for(cast.lead).get(profile_url(cast)).text
    assert '3.6 <span class="u-secondary-text">(5 schools)</span>' in shown


def test_the_table_holds_the_school_levels_and_the_threshold(cast: Cast, framework: Framework, client_for) -> None:
    assess(cast.school_a, framework, level=3, dimensions={"careers": 5}, aspects={"leadership-vision": 1})

    text = client_for(cast.lead).get(profile_url(cast)).text

    assert "Quality Mark standard" in text
    assert "Careers Education" in text
    # Leadership's level is its lowest aspect (1); its mean is higher.
    leadership_row = text[text.index("Leadership and Vision</th>") :][:400]
    assert ">1</td>" in leadership_row


def test_the_chart_says_when_it_draws_a_mean_or_an_empty_dimension(
    cast: Cast, framework: Framework, client_for
) -> None:
    # Leadership half judged (the chart draws its mean); the other dimensions have no levels (drawn at the centre).
    assess(cast.school_a, framework, level=3, only={"leadership-vision", "leadership-subject-lead"})

    text = client_for(cast.lead).get(profile_url(cast)).text

    assert "the chart shows the mean of the levels chosen so far" in text
    assert "A dimension with no levels chosen yet is drawn at the centre." in text


def test_a_fully_judged_profile_needs_no_note_under_the_chart(cast: Cast, framework: Framework, client_for) -> None:
    assess(cast.school_a, framework, level=3)

    text = client_for(cast.lead).get(profile_url(cast)).text

    assert "the chart shows the mean" not in text
    assert "drawn at the centre" not in text


def test_next_steps_and_areas_for_development_start_from_the_lowest_aspects(
    cast: Cast, framework: Framework, client_for
) -> None:
    assess(cast.school_a, framework, level=4, aspects={"leadership-vision": 1})

    text = client_for(cast.lead).get(profile_url(cast)).text

    assert "Hold a short staff discussion on why computing matters" in text  # leadership-vision, level 1
    areas = text[text.index("Areas for development") :]
    assert areas.index("Shared vision for computing") < areas.index("Next steps")


def count_profile_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_schools_or_judged_aspects(
    cast: Cast, framework: Framework, client_for, django_assert_max_num_queries
) -> None:
    client = client_for(cast.lead)
    aspects = list(Aspect.objects.filter(framework=framework).values_list("slug", flat=True))
    assess(cast.school_a, framework, level=3, only=set(aspects[:2]))
    for _ in range(2):
        assess(SchoolFactory(), framework, level=3)
    small = count_profile_queries(client, profile_url(cast))

    cache.clear()
    cast.school_a.assessments.all().delete()
    assess(cast.school_a, framework, level=2)
    for _ in range(25):
        assess(SchoolFactory(), framework, level=4)
    with django_assert_max_num_queries(small):
        assert client.get(profile_url(cast)).status_code == 200
