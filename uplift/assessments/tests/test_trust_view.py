import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from uplift.assessments.models import Judgement
from uplift.assessments.tests.profile_data import assess, clear_averages_cache  # noqa: F401 - autouse fixture
from uplift.frameworks.models import Framework
from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


def trust_url(cast: Cast) -> str:
    return reverse("assessments:trust", args=[cast.trust_a.pk])


def rows_of(text: str) -> list[str]:
    body = text[text.index("<tbody>") : text.index("</tbody>")]
    return body.split("<tr>")[1:]


@pytest.fixture
def trust_schools(cast: Cast, framework: Framework) -> dict:
    """School A (level 3 everywhere, careers 1) and two more trust schools: Alder (5) and Birch (not started)."""
    assess(cast.school_a, framework, level=3, dimensions={"careers": 1})
    alder = SchoolFactory(name="Alder Academy", trust=cast.trust_a)
    assess(alder, framework, level=5, incomplete={"leadership-vision"})
    birch = SchoolFactory(name="Birch Primary", trust=cast.trust_a)
    return {"alder": alder, "birch": birch}


@pytest.mark.parametrize("role", ["trust_lead", "manager"])
def test_trust_leads_and_managers_see_the_schools_side_by_side(cast, trust_schools, client_for, role) -> None:
    response = client_for(getattr(cast, role)).get(trust_url(cast))

    assert response.status_code == 200
    rows = rows_of(response.text)
    assert [("Alder" in r, "Birch" in r, "Brookside" in r) for r in rows] == [
        (True, False, False),
        (False, True, False),
        (False, False, True),
    ]
    assert reverse("assessments:profile", args=[cast.school_a.urn]) in rows[2]
    assert "96%" in rows[0]  # 26 of 27 aspects complete
    assert "Not started" in rows[1]


@pytest.mark.parametrize("role", ["trust_lead_b", "lead", "teacher", "governor", "advisor", "outsider"])
def test_others_get_404(cast: Cast, framework: Framework, client_for, role) -> None:
    client = client_for(getattr(cast, role))

    assert client.get(trust_url(cast)).status_code == 404
    assert client.get(reverse("assessments:trust_csv", args=[cast.trust_a.pk])).status_code == 404


def test_sorting_by_a_dimension_descending_puts_schools_without_a_level_last(cast, trust_schools, client_for) -> None:
    text = client_for(cast.trust_lead).get(trust_url(cast), {"sort": "-careers"}).text

    rows = rows_of(text)
    assert "Alder" in rows[0]
    assert "Brookside" in rows[1]
    assert "Birch" in rows[2]
    assert 'aria-sort="descending"' in text
    assert 'href="?sort=careers"' in text  # selecting the sorted column again reverses it


def test_sorting_by_last_activity(cast: Cast, trust_schools, client_for) -> None:
    Judgement.objects.filter(assessment__school=cast.school_a).update(updated_at=timezone.now() + timedelta(days=1))

    rows = rows_of(client_for(cast.trust_lead).get(trust_url(cast), {"sort": "-activity"}).text)

    assert "Brookside" in rows[0]


def test_an_unknown_sort_falls_back_to_name(cast: Cast, trust_schools, client_for) -> None:
    response = client_for(cast.trust_lead).get(trust_url(cast), {"sort": "password"})

    assert response.status_code == 200
    assert "Alder" in rows_of(response.text)[0]


def test_a_trust_lead_opens_a_school_profile_read_only(cast: Cast, trust_schools, client_for) -> None:
    client = client_for(cast.trust_lead)
    response = client.get(reverse("assessments:profile", args=[cast.school_a.urn]))

    assert response.status_code == 200
    assert reverse("assessments:new_cycle", args=[cast.school_a.urn]) not in response.text
    assert client.post(reverse("assessments:snapshots", args=[cast.school_a.urn]), {"name": "x"}).status_code == 403


def test_the_table_exports_as_csv_in_the_chosen_order(cast: Cast, trust_schools, client_for) -> None:
    response = client_for(cast.trust_lead).get(
        reverse("assessments:trust_csv", args=[cast.trust_a.pk]), {"sort": "-progress"}
    )

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["School", "URN", "Leadership and Vision"]
    assert rows[0][-2:] == ["Progress (%)", "Last activity"]
    assert [row[0] for row in rows[1:]] == ["Brookside Primary School", "Alder Academy", "Birch Primary"]
    brookside = rows[1]
    assert brookside[1] == str(cast.school_a.urn)
    assert brookside[2] == "3"  # leadership
    assert brookside[-2] == "100"


def test_query_count_does_not_grow_with_the_number_of_schools(
    cast: Cast, framework: Framework, client_for, django_assert_max_num_queries
) -> None:
    client = client_for(cast.trust_lead)
    assess(cast.school_a, framework, level=3)
    with django_assert_max_num_queries(100) as small:
        client.get(trust_url(cast))

    for _ in range(12):
        assess(SchoolFactory(trust=cast.trust_a), framework, level=4)
    with django_assert_max_num_queries(len(small)):
        response = client.get(trust_url(cast))
    assert len(rows_of(response.text)) == 13
