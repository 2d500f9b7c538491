"""Who is told about a request to join, and that each of them may indeed decide it."""

import pytest

from uplift.accounts.access import can_decide_join_request, join_request_deciders, join_requests_to_decide
from uplift.accounts.models import JoinRequest, ProgrammeRole, SchoolRole
from uplift.accounts.tests.factories import ProgrammeMembershipFactory, UserFactory
from uplift.hubs.tests.factories import HubFactory
from uplift.schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def request_for(user, school):
    return JoinRequest.objects.create(user=user, school=school, role=SchoolRole.TEACHER)


def test_school_with_managers_tells_them(cast):
    join_request = request_for(cast.outsider, cast.school_a)
    assert join_request_deciders(join_request) == [cast.head, cast.lead]


def test_new_school_tells_its_hub_lead_and_regional_managers(cast):
    regional = UserFactory(email="regional@example.test")
    ProgrammeMembershipFactory(user=regional, role=ProgrammeRole.MANAGER, region=cast.region_a)
    school = SchoolFactory(local_authority=cast.la_a)
    join_request = request_for(cast.outsider, school)
    assert join_request_deciders(join_request) == [cast.hub_lead, regional]


def test_school_outside_any_hub_falls_back_to_national_managers(cast):
    school = SchoolFactory()
    join_request = request_for(cast.outsider, school)
    assert join_request_deciders(join_request) == [cast.manager]


def test_every_decider_may_decide(cast):
    for school in (cast.school_a, cast.school_b, SchoolFactory(local_authority=cast.la_b), SchoolFactory()):
        join_request = request_for(UserFactory(), school)
        deciders = join_request_deciders(join_request)
        assert deciders
        assert all(can_decide_join_request(person, join_request) for person in deciders)


def test_school_without_a_local_authority_is_not_decided_by_a_hub_lead(cast):
    hubless = UserFactory()
    ProgrammeMembershipFactory(user=hubless, role=ProgrammeRole.HUB_LEAD, hub=HubFactory())
    school = SchoolFactory(local_authority=None, region=None)
    join_request = request_for(cast.outsider, school)
    assert not can_decide_join_request(hubless, join_request)
    assert can_decide_join_request(cast.manager, join_request)


def test_the_list_to_decide_matches_the_rule_for_each_request(cast, django_assert_max_num_queries):
    regional = UserFactory(email="regional@example.test")
    ProgrammeMembershipFactory(user=regional, role=ProgrammeRole.MANAGER, region=cast.region_b)
    schools = [
        cast.school_a,
        cast.school_b,
        SchoolFactory(local_authority=cast.la_a),
        SchoolFactory(local_authority=cast.la_b),
        SchoolFactory(),
        SchoolFactory(local_authority=None, region=None),
    ]
    requests = [request_for(UserFactory(), school) for school in schools]
    requests.append(request_for(cast.lead, cast.school_b))
    people = [*cast.roles().values(), regional]
    for person in people:
        expected = [jr.pk for jr in requests if can_decide_join_request(person, jr)]
        with django_assert_max_num_queries(6):
            found = [jr.pk for jr in join_requests_to_decide(person)]
        assert found == expected, person
    assert len(join_requests_to_decide(cast.manager)) == len(requests)
    assert join_requests_to_decide(cast.hub_lead) == [requests[2]]
