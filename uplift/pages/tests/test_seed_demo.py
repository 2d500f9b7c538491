"""``manage.py seed_demo`` and ``demo_logins``: the synthetic demo world."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count

from uplift.accounts.access import can_decide_join_request
from uplift.accounts.models import (
    JoinRequest,
    ProgrammeMembership,
    ProgrammeRole,
    SchoolMembership,
    SchoolRole,
    TrustMembership,
    User,
)
from uplift.hubs.models import Hub
from uplift.pages.demo import DEMO_DOMAIN, DEMO_LOGINS, DEMO_PASSWORD, build_demo_world
from uplift.schools.models import LocalAuthority, Phase, Region, School, Trust
from uplift.schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    return list(
        School.objects.order_by("urn").values_list(
            "urn",
            "name",
            "phase",
            "type_name",
            "local_authority__name",
            "trust__name",
            "postcode",
            "easting",
            "northing",
        )
    )


def test_builds_schools_trusts_and_hubs_across_regions() -> None:
    out = seed()

    assert School.objects.count() == 60
    assert Region.objects.filter(schools__isnull=False).distinct().count() >= 4
    assert (Trust.objects.count(), Hub.objects.count()) == (3, 2)
    phases = dict(School.objects.values_list("phase").annotate(n=Count("id")))
    assert phases[Phase.PRIMARY] > phases[Phase.SECONDARY] > 0
    assert phases[Phase.ALL_THROUGH] == 2
    assert not School.objects.filter(easting__isnull=True).exists()
    assert all(hub.local_authorities.count() >= 3 for hub in Hub.objects.all())
    assert "60 schools in 5 regions, 3 trusts, 2 hubs" in out


def test_schools_sit_near_their_town_in_england() -> None:
    world = build_demo_world()

    preston = world.home_school
    assert abs(preston.easting - 354000) <= 3000 and abs(preston.northing - 429500) <= 3000
    for school in world.schools:
        lat, lon = school.latlon
        assert 49.9 < lat < 55.9 and -6.5 < lon < 1.8
        assert school.region == school.local_authority.region


def test_one_person_for_every_role_with_the_shared_password() -> None:
    seed()

    roles = set(SchoolMembership.objects.filter(school__name="Oakfield Primary School").values_list("role", flat=True))
    assert roles == set(SchoolRole.values)
    assert set(ProgrammeMembership.objects.values_list("role", flat=True)) == set(ProgrammeRole.values)
    assert TrustMembership.objects.get().user.email == f"trustlead@{DEMO_DOMAIN}"
    assert User.objects.get(email=f"admin@{DEMO_DOMAIN}").is_staff
    assert User.objects.filter(is_staff=True).count() == 1
    for login in DEMO_LOGINS:
        assert User.objects.get(email=login.email).check_password(DEMO_PASSWORD)
    assert not User.objects.exclude(email__endswith=f"@{DEMO_DOMAIN}").exists()


def test_two_requests_to_join_wait_for_the_right_people() -> None:
    world = build_demo_world()
    people = world.users

    to_home, to_unled = JoinRequest.objects.filter(status="pending").order_by("user__email")
    assert {to_home.school, to_unled.school} == {world.home_school, world.unled_school}
    home_request = to_home if to_home.school == world.home_school else to_unled
    unled_request = to_unled if home_request is to_home else to_home
    assert can_decide_join_request(people["head"], home_request)
    assert not can_decide_join_request(people["hublead"], home_request)
    assert can_decide_join_request(people["hublead"], unled_request)
    assert can_decide_join_request(people["manager"], unled_request)
    assert not can_decide_join_request(people["teacher"], home_request)


def test_same_seed_builds_the_same_world_and_another_seed_differs() -> None:
    with transaction.atomic():
        build_demo_world(7)
        first = snapshot()
        transaction.set_rollback(True)
    with transaction.atomic():
        build_demo_world(8)
        other = snapshot()
        transaction.set_rollback(True)

    build_demo_world(7)

    assert snapshot() == first
    assert other != first
    assert [row[0] for row in other] == [row[0] for row in first]


def test_running_again_changes_nothing() -> None:
    seed("--seed", "3")
    before = snapshot()
    counts = (User.objects.count(), LocalAuthority.objects.count(), JoinRequest.objects.count())

    seed("--seed", "3")

    assert snapshot() == before
    assert (User.objects.count(), LocalAuthority.objects.count(), JoinRequest.objects.count()) == counts


def test_if_empty_does_nothing_when_schools_exist() -> None:
    SchoolFactory()

    out = seed("--if-empty")

    assert School.objects.count() == 1
    assert not User.objects.exists()
    assert "not built" in out


def test_if_empty_builds_into_an_empty_database_and_prints_the_logins() -> None:
    out = seed("--if-empty")

    assert School.objects.count() == 60
    for login in DEMO_LOGINS:
        assert login.email in out
    assert DEMO_PASSWORD in out


def test_no_logins_leaves_the_sign_ins_to_the_server_start() -> None:
    out = seed("--if-empty", "--no-logins")

    assert School.objects.count() == 60
    assert DEMO_PASSWORD not in out
    assert "Demo world ready" in out


def test_refuses_to_run_in_production(settings) -> None:
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="never runs in production"):
        seed()

    assert not School.objects.exists()


def test_demo_logins_prints_every_role_email_and_password() -> None:
    build_demo_world()
    out = StringIO()

    call_command("demo_logins", stdout=out)

    text = out.getvalue()
    for login in DEMO_LOGINS:
        assert login.role in text and login.email in text
    assert text.count(DEMO_PASSWORD) >= len(DEMO_LOGINS)


def test_demo_logins_says_when_the_demo_is_not_loaded() -> None:
    out = StringIO()

    call_command("demo_logins", stdout=out)

    assert "run `manage.py seed_demo` first" in out.getvalue()
