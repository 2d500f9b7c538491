"""The primitives every app's access rules are built on: a person's roles read once (``roles_for``) and the
one meaning of a programme manager's scope (``manager_scope`` / ``ManagerScope``)."""

from __future__ import annotations

import pytest

from uplift.accounts.access import ManagerScope, manager_scope, programme_roles, roles_for, school_role
from uplift.accounts.models import ProgrammeRole, SchoolMembership, SchoolRole
from uplift.accounts.tests.factories import ProgrammeMembershipFactory, SchoolMembershipFactory, UserFactory
from uplift.schools.models import School
from uplift.schools.tests.factories import SchoolFactory


def test_roles_are_read_once_however_many_checks(cast, django_assert_num_queries) -> None:
    with django_assert_num_queries(2):  # school memberships, programme memberships (with hubs' LAs)
        for _ in range(3):
            assert school_role(cast.head, cast.school_a) == SchoolRole.SENIOR_LEADER
            assert school_role(cast.head, cast.school_b) is None
            assert programme_roles(cast.head) == set()
            assert manager_scope(cast.head) is None


def test_a_membership_change_is_seen_by_the_next_check(cast) -> None:
    assert school_role(cast.outsider, cast.school_a) is None
    SchoolMembershipFactory(user=cast.outsider, school=cast.school_a, role=SchoolRole.TEACHER)
    assert school_role(cast.outsider, cast.school_a) == SchoolRole.TEACHER
    SchoolMembership.objects.filter(user=cast.outsider).delete()
    assert school_role(cast.outsider, cast.school_a) is None
    ProgrammeMembershipFactory(user=cast.outsider, role=ProgrammeRole.MANAGER, region=cast.region_b)
    assert manager_scope(cast.outsider) == ManagerScope(national=False, region_ids=frozenset({cast.region_b.pk}))


def test_a_signed_out_visitor_has_no_roles(db, django_assert_num_queries) -> None:
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        roles = roles_for(AnonymousUser())
        assert (roles.schools, roles.trust_ids, roles.programme, roles.manager) == ({}, frozenset(), (), None)


def test_a_national_manager_covers_every_school_and_region(cast) -> None:
    scope = manager_scope(cast.manager)
    assert scope == ManagerScope(national=True)
    assert [scope.covers_school(cast.school_a), scope.covers_school(cast.school_b)] == [True, True]
    assert [scope.covers_region(cast.region_a.pk), scope.covers_region(None)] == [True, True]
    assert set(School.objects.filter(scope.schools())) == set(School.objects.all())


def test_a_regional_manager_covers_their_region_only(cast) -> None:
    manager = UserFactory()
    ProgrammeMembershipFactory(user=manager, role=ProgrammeRole.MANAGER, region=cast.region_b)
    ProgrammeMembershipFactory(user=manager, role=ProgrammeRole.ADVISOR)  # national advisor: not a manager role
    scope = manager_scope(manager)
    assert [scope.covers_school(cast.school_a), scope.covers_school(cast.school_b)] == [False, True]
    # A national object (a cohort, an advisor with no region) is for national managers only.
    assert [scope.covers_region(cast.region_a.pk), scope.covers_region(cast.region_b.pk)] == [False, True]
    assert scope.covers_region(None) is False
    assert list(School.objects.filter(scope.schools())) == [cast.school_b]


def test_a_hub_manager_covers_the_hubs_local_authorities(cast) -> None:
    manager = UserFactory()
    ProgrammeMembershipFactory(user=manager, role=ProgrammeRole.MANAGER, hub=cast.hub_a)
    elsewhere = SchoolFactory(region=cast.region_a)  # the hub's region, another local authority
    scope = manager_scope(manager)
    assert scope.local_authority_ids == frozenset({cast.la_a.pk})
    assert [scope.covers_school(cast.school_a), scope.covers_school(elsewhere)] == [True, False]
    assert list(School.objects.filter(scope.schools())) == [cast.school_a]
    # Through another model's relation to its school:
    memberships = SchoolMembership.objects.filter(scope.schools("school__"))
    assert set(memberships.values_list("school", flat=True)) == {cast.school_a.pk}


def test_a_hubs_new_local_authority_is_seen_by_the_next_check(cast) -> None:
    manager = UserFactory()
    ProgrammeMembershipFactory(user=manager, role=ProgrammeRole.MANAGER, hub=cast.hub_a)
    assert manager_scope(manager).covers_school(cast.school_b) is False
    cast.hub_a.local_authorities.add(cast.la_b)
    assert manager_scope(manager).covers_school(cast.school_b) is True


def test_people_who_are_not_managers_have_no_scope(cast) -> None:
    assert [manager_scope(cast.advisor), manager_scope(cast.hub_lead), manager_scope(cast.lead)] == [None, None, None]


def test_a_regional_manager_sees_a_trust_wholly_in_their_region_only(cast) -> None:
    from django.http import Http404

    from uplift.schools.access import get_trust_for_user

    assert get_trust_for_user(cast.manager_b, cast.trust_b.pk) == cast.trust_b
    SchoolFactory(trust=cast.trust_b, local_authority=cast.la_a)  # the trust now spans two regions
    with pytest.raises(Http404):
        get_trust_for_user(cast.manager_b, cast.trust_b.pk)
    assert get_trust_for_user(cast.manager, cast.trust_b.pk) == cast.trust_b
    assert get_trust_for_user(cast.trust_lead_b, cast.trust_b.pk) == cast.trust_b
