import pytest
from django.urls import reverse

from uplift.frameworks.models import Aspect, Framework, LevelStatement
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["outsider", "lead", "governor", "manager", "assessor"])
def test_anyone_signed_in_reads_the_whole_framework(cast: Cast, framework: Framework, client_for, role: str) -> None:
    response = client_for(getattr(cast, role)).get(reverse("frameworks:current"))

    assert response.status_code == 200
    text = response.text
    assert framework.title in text
    for dimension in framework.dimensions.all():
        assert dimension.title in text
    aspect = Aspect.objects.filter(framework=framework).last()
    assert aspect.title in text
    assert text.count("Quality Mark standard</strong>") == Aspect.objects.filter(framework=framework).count()
    some = LevelStatement.objects.filter(aspect=aspect, level=5).get()
    assert (some.statement or some.statement_primary)[:40] in text.replace("&#x27;", "'")


def test_anonymous_visitors_are_sent_to_sign_in(framework: Framework, client_for) -> None:
    response = client_for(None).get(reverse("frameworks:current"))
    assert response.status_code == 302


def test_no_framework_loaded_is_404(cast: Cast, client_for) -> None:
    assert client_for(cast.lead).get(reverse("frameworks:current")).status_code == 404


def test_the_page_runs_a_fixed_number_of_queries(
    cast: Cast, framework: Framework, client_for, django_assert_max_num_queries
) -> None:
    client = client_for(cast.lead)
    with django_assert_max_num_queries(10):
        client.get(reverse("frameworks:current"))
