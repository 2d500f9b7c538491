import pytest
from django.urls import reverse

from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "link"),
    [
        ("governor", "/schools/100001/quality-mark/"),
        ("assessor", "/quality-mark/assessor/"),
        ("manager", "/quality-mark/manage/"),
    ],
)
def test_the_home_page_links_to_the_quality_mark_for_each_role(cast: Cast, client_for, role: str, link: str):
    page = client_for(getattr(cast, role)).get(reverse("pages:home")).text

    assert f'href="{link}"' in page


def test_people_without_a_part_in_it_get_no_quality_mark_links(cast: Cast, client_for) -> None:
    page = client_for(cast.advisor).get(reverse("pages:home")).text

    assert "/quality-mark/assessor/" not in page
    assert "/quality-mark/manage/" not in page
