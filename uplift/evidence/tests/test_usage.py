"""Where an item is used: the aspects of the current assessment it is attached to (Judgement.evidence)."""

import pytest
from django.urls import reverse

from uplift.assessments.services import judgement_save
from uplift.evidence.selectors import library_for
from uplift.evidence.tests.factories import EvidenceItemFactory
from uplift.frameworks.models import Aspect
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import framework_spec


@pytest.fixture
def attached(cast):
    framework_load(spec=framework_spec())
    item = EvidenceItemFactory(school=cast.school_a, title="Curriculum plan")
    for slug in ("curriculum-1", "teaching-2"):
        judgement_save(
            school=cast.school_a,
            aspect=Aspect.objects.get(framework__is_current=True, slug=slug),
            level=3,
            current_position="",
            evidence_commentary="",
            improvement_actions="",
            evidence_ids=[item.pk],
            by=cast.lead,
            expected_version=0,
        )
    return item


def test_library_for_lists_the_aspects_each_item_is_attached_to(cast, attached):
    EvidenceItemFactory(school=cast.school_a, title="Unused")
    items = {item.title: item for item in library_for(cast.school_a)}
    assert [j.aspect.slug for j in items["Curriculum plan"].current_judgements] == ["curriculum-1", "teaching-2"]
    assert items["Unused"].current_judgements == []


def test_library_and_detail_pages_show_where_it_is_used(cast, client_for, attached):
    client = client_for(cast.governor)
    library = client.get(reverse("evidence:library", args=[cast.school_a.urn])).content.decode()
    detail = client.get(reverse("evidence:detail", args=[cast.school_a.urn, attached.pk])).content.decode()
    for page in (library, detail):
        assert "Curriculum 1" in page and "Teaching 2" in page
    assert "Attached to 2 aspects" in detail


def test_delete_page_warns_that_it_is_attached(cast, client_for, attached):
    page = client_for(cast.lead).get(reverse("evidence:delete", args=[cast.school_a.urn, attached.pk])).content.decode()
    assert "This evidence is attached to 2 aspects" in page
