"""SchoolQuerySet.search: how people find their school by name, town, URN or postcode."""

import pytest

from uplift.schools.models import School
from uplift.schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def found(query: str) -> set[str]:
    return set(School.objects.search(query).values_list("name", flat=True))


def test_apostrophes_are_ignored_in_the_query_and_the_name():
    SchoolFactory(name="St Mary\u2019s Church of England Primary School", town="Preston")
    SchoolFactory(name="St Mary's Catholic Academy", town="Leeds")
    SchoolFactory(name="St Marks Primary School", town="Leeds")
    marys = {"St Mary\u2019s Church of England Primary School", "St Mary's Catholic Academy"}

    assert found("st marys") == marys
    assert found("St Mary's") == marys
    assert found("St Mary\u2019s") == marys


def test_every_word_must_be_in_the_name_or_the_town():
    SchoolFactory(name="Oakfield Primary School", town="Preston", postcode="PR1 1AA")
    SchoolFactory(name="Oakfield Academy", town="Leeds", postcode="LS1 1AA")

    assert found("oakfield preston") == {"Oakfield Primary School"}
    assert found("Oakfield") == {"Oakfield Primary School", "Oakfield Academy"}
    assert found("oakfield york") == set()


def test_postcode_and_urn_still_find_the_school():
    school = SchoolFactory(name="Oakfield Primary School", town="Preston", postcode="PR1 1AA")

    assert found("pr1 1aa") == {"Oakfield Primary School"}
    assert found("PR11") == {"Oakfield Primary School"}
    assert found(str(school.urn)) == {"Oakfield Primary School"}
    assert found("'") == set()
