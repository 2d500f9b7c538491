import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from uplift.frameworks.models import Framework
from uplift.qualitymark.models import Application
from uplift.qualitymark.selectors import manager_queue
from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.cast import Cast

from .helpers import decide, make_eligible, new_assessor, review_all, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(cast: Cast, small: Framework) -> tuple[Application, Application]:
    """School A applied on 1 March (with the cast's assessor), school B on 20 March (with Bea)."""
    make_eligible(cast.school_a, cast.lead, small)
    make_eligible(cast.school_b, cast.lead_b, small)
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        first = submit(cast.school_a, cast.lead)
    new_assessor("bea@example.test", "Bea Assessor")
    with time_machine.travel(dt.datetime(2027, 3, 20, 9, tzinfo=dt.UTC), tick=False):
        second = submit(cast.school_b, cast.lead_b)
    return first, second


def test_the_manager_queue_flags_overdue_applications(cast: Cast, two, client_for) -> None:
    first, _second = two
    with time_machine.travel(dt.datetime(2027, 4, 2, 9, tzinfo=dt.UTC), tick=False):
        page = client_for(cast.manager).get(reverse("qualitymark:manager_queue")).text
        overdue = list(manager_queue(overdue=True))

    assert overdue == [first]
    assert page.count("Overdue") == 1
    assert page.index("Brookside Primary School") < page.index("Riverside Academy")  # oldest first


def test_the_manager_queue_filters_by_assessor_and_status_and_sorts(cast: Cast, two) -> None:
    first, second = two
    bea = second.assessor

    assert list(manager_queue(assessor_id=bea.pk)) == [second]
    assert list(manager_queue(sort="newest")) == [second, first]
    decide(first)
    assert list(manager_queue()) == [second]
    assert list(manager_queue(status="awarded")) == [first]
    assert list(manager_queue(status="all", sort="school")) == [first, second]


def test_the_manager_queue_page_applies_its_filters(cast: Cast, two, client_for) -> None:
    first, second = two
    review_all(first)

    page = (
        client_for(cast.manager)
        .get(reverse("qualitymark:manager_queue"), {"assessor": second.assessor.pk, "status": "open"})
        .text
    )

    assert "Riverside Academy" in page
    assert "Brookside Primary School" not in page


def test_the_assessor_queue_lists_their_work_with_progress(cast: Cast, two, client_for) -> None:
    first, _second = two
    review_all(first)

    page = client_for(cast.assessor).get(reverse("qualitymark:assessor_queue")).text

    assert "Brookside Primary School" in page
    assert f"{len(first.aspects)} of {len(first.aspects)} aspects" in page
    assert "Riverside Academy" not in page


def _queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_queues_run_a_fixed_number_of_queries(cast: Cast, client_for) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            Application.objects.create(
                school=SchoolFactory(trust=None),
                statement="x",
                due_by="2030-01-01T00:00Z",
                assessor=cast.assessor,
                status="allocated",
                snapshot={"aspects": [{"slug": "a", "title": "A", "to_review": True}]},
            )

    add(2)
    manager = client_for(cast.manager)
    few = _queries_for(manager, reverse("qualitymark:manager_queue"))
    add(5)
    many = _queries_for(manager, reverse("qualitymark:manager_queue"))
    assessor = client_for(cast.assessor)
    assessor_few = _queries_for(assessor, reverse("qualitymark:assessor_queue"))
    add(5)
    assessor_many = _queries_for(assessor, reverse("qualitymark:assessor_queue"))

    assert few == many
    assert assessor_few == assessor_many
