"""get_evidence_for_user: the access rule for one evidence item."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from uplift.evidence.access import get_evidence_for_user
from uplift.evidence.tests.factories import EvidenceItemFactory


@pytest.fixture
def item(cast):
    return EvidenceItemFactory(school=cast.school_a)


def test_members_read_and_teachers_write(cast, item):
    for role in ("lead", "head", "teacher", "governor", "trust_lead", "advisor"):
        assert get_evidence_for_user(getattr(cast, role), cast.school_a.urn, item.pk) == item
    for role in ("lead", "head", "teacher"):
        assert get_evidence_for_user(getattr(cast, role), cast.school_a.urn, item.pk, write=True) == item


@pytest.mark.parametrize("role", ["governor", "trust_lead", "advisor", "manager"])
def test_readers_may_not_change_it(cast, item, role):
    with pytest.raises(PermissionDenied):
        get_evidence_for_user(getattr(cast, role), cast.school_a.urn, item.pk, write=True)


@pytest.mark.parametrize("role", ["lead_b", "teacher_b", "outsider"])
def test_other_schools_people_get_404(cast, item, role):
    with pytest.raises(Http404):
        get_evidence_for_user(getattr(cast, role), cast.school_a.urn, item.pk)


def test_item_under_wrong_urn_is_404_for_someone_who_sees_both(cast, item):
    with pytest.raises(Http404):
        get_evidence_for_user(cast.manager, cast.school_b.urn, item.pk)
