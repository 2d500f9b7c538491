"""The shared cast of users every test can use, across two schools, two trusts, two regions and hubs.

School A (primary, North West, trust A, hub A) and school B (secondary, London, trust B, hub B).
Each person's role is in their name; ``outsider`` has no role at all. All share ``TEST_PASSWORD``.
``manager`` is a national programme manager; ``manager_b`` a regional one for school B's region (London),
so every route shows a manager denied outside their region (school A's world) and allowed inside it.
Later capabilities add to the cast (e.g. clusters) by extending ``build_cast``.
"""

from __future__ import annotations

from dataclasses import dataclass

from uplift.accounts.models import ProgrammeRole, SchoolRole, User
from uplift.accounts.tests.factories import (
    TEST_PASSWORD,
    ProgrammeMembershipFactory,
    SchoolMembershipFactory,
    TrustMembershipFactory,
    UserFactory,
)
from uplift.hubs.models import Hub
from uplift.hubs.tests.factories import HubFactory
from uplift.schools.models import LocalAuthority, Phase, Region, School, Trust
from uplift.schools.tests.factories import LocalAuthorityFactory, RegionFactory, SchoolFactory, TrustFactory

__all__ = ["TEST_PASSWORD", "Cast", "build_cast"]


@dataclass
class Cast:
    region_a: Region
    region_b: Region
    la_a: LocalAuthority
    la_b: LocalAuthority
    trust_a: Trust
    trust_b: Trust
    hub_a: Hub
    hub_b: Hub
    school_a: School
    school_b: School
    # People at school A
    lead: User
    head: User
    teacher: User
    governor: User
    # People at school B
    lead_b: User
    teacher_b: User
    # Trusts
    trust_lead: User
    trust_lead_b: User
    # Programme
    advisor: User
    other_advisor: User
    assessor: User
    hub_lead: User
    hub_lead_b: User
    manager: User
    manager_b: User
    # Nobody in particular
    outsider: User
    staff: User

    def roles(self) -> dict[str, User]:
        """Every person in the cast by role name (for walking the permission matrix)."""
        return {name: value for name, value in vars(self).items() if isinstance(value, User)}


def build_cast() -> Cast:
    region_a = RegionFactory(name="North West")
    region_b = RegionFactory(name="London")
    la_a = LocalAuthorityFactory(name="Lancashire", region=region_a)
    la_b = LocalAuthorityFactory(name="Camden", region=region_b)
    trust_a = TrustFactory(name="Pennine Learning Trust")
    trust_b = TrustFactory(name="Thames Valley Academies")
    hub_a = HubFactory(name="Lancashire Computing Hub", region=region_a)
    hub_a.local_authorities.add(la_a)
    hub_b = HubFactory(name="North London Computing Hub", region=region_b)
    hub_b.local_authorities.add(la_b)
    school_a = SchoolFactory(
        urn=100001,
        name="Brookside Primary School",
        phase=Phase.PRIMARY,
        local_authority=la_a,
        trust=trust_a,
        town="Preston",
        postcode="PR1 1AA",
        easting=354000,
        northing=429000,
    )
    school_b = SchoolFactory(
        urn=100002,
        name="Riverside Academy",
        phase=Phase.SECONDARY,
        local_authority=la_b,
        trust=trust_b,
        town="London",
        postcode="NW1 1AA",
        easting=529000,
        northing=183000,
    )

    def member(email: str, name: str, school: School, role: SchoolRole) -> User:
        user = UserFactory(email=email, full_name=name)
        SchoolMembershipFactory(user=user, school=school, role=role)
        return user

    def programme(email: str, name: str, role: ProgrammeRole, **scope: object) -> User:
        user = UserFactory(email=email, full_name=name)
        ProgrammeMembershipFactory(user=user, role=role, **scope)
        return user

    trust_lead = UserFactory(email="trust.lead@example.test", full_name="Tara Trustlead")
    TrustMembershipFactory(user=trust_lead, trust=trust_a)
    trust_lead_b = UserFactory(email="trust.lead.b@example.test", full_name="Tom Trustlead")
    TrustMembershipFactory(user=trust_lead_b, trust=trust_b)
    return Cast(
        region_a=region_a,
        region_b=region_b,
        la_a=la_a,
        la_b=la_b,
        trust_a=trust_a,
        trust_b=trust_b,
        hub_a=hub_a,
        hub_b=hub_b,
        school_a=school_a,
        school_b=school_b,
        lead=member("lead@example.test", "Lena Lead", school_a, SchoolRole.LEAD),
        head=member("head@example.test", "Hari Head", school_a, SchoolRole.SENIOR_LEADER),
        teacher=member("teacher@example.test", "Theo Teacher", school_a, SchoolRole.TEACHER),
        governor=member("governor@example.test", "Gita Governor", school_a, SchoolRole.GOVERNOR),
        lead_b=member("lead.b@example.test", "Liam Lead", school_b, SchoolRole.LEAD),
        teacher_b=member("teacher.b@example.test", "Tessa Teacher", school_b, SchoolRole.TEACHER),
        trust_lead=trust_lead,
        trust_lead_b=trust_lead_b,
        advisor=programme("advisor@example.test", "Ada Advisor", ProgrammeRole.ADVISOR, region=region_a),
        other_advisor=programme("advisor.b@example.test", "Otto Advisor", ProgrammeRole.ADVISOR, region=region_b),
        assessor=programme("assessor@example.test", "Asha Assessor", ProgrammeRole.ASSESSOR),
        hub_lead=programme("hub.lead@example.test", "Hugo Hublead", ProgrammeRole.HUB_LEAD, hub=hub_a),
        hub_lead_b=programme("hub.lead.b@example.test", "Hana Hublead", ProgrammeRole.HUB_LEAD, hub=hub_b),
        manager=programme("manager@example.test", "Mina Manager", ProgrammeRole.MANAGER),
        manager_b=programme("manager.b@example.test", "Max Manager", ProgrammeRole.MANAGER, region=region_b),
        outsider=UserFactory(email="outsider@example.test", full_name="Oscar Outsider"),
        staff=UserFactory(email="staff@example.test", full_name="Sam Staff", is_staff=True, is_superuser=True),
    )
