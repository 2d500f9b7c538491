"""The demo world: synthetic schools, trusts, hubs and one person for every role, for trying Uplift out.

Everything here is made up. School names are invented combinations, URNs start at 990001 (far above
any URN GIAS had issued by 2024, about 402,000), people have role-alliterative names, and every email is at
``demo.uplift.test`` (a reserved test domain). Regions and local authorities are real, and schools
sit a few km from the centre of a real town, so maps and distances look right.

The world is deterministic for a seed (``random.Random(seed)``) and building it twice leaves one
copy (every object is found or created by its natural key). Later capabilities extend it by adding
a ``build_*`` step that takes the ``DemoWorld`` (e.g. assessments for some schools) and calling it
from ``build_demo_world``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from uplift.accounts.models import (
    JoinRequest,
    JoinRequestStatus,
    ProgrammeMembership,
    ProgrammeRole,
    SchoolMembership,
    SchoolRole,
    TrustMembership,
    TrustRole,
    User,
)
from uplift.assessments.demo import school_members, seed_demo_assessments
from uplift.clusters.demo import seed_demo_clusters
from uplift.cpd.demo import seed as seed_demo_cpd
from uplift.hubs.models import Hub
from uplift.qualitymark.demo import seed_demo_quality_mark
from uplift.schools.models import LocalAuthority, Phase, Region, School, Trust

DEMO_PASSWORD = "uplift-demo-password"  # noqa: S105 - published on purpose: the demo is for trying out
DEMO_DOMAIN = "demo.uplift.test"
DEFAULT_SEED = 2026
FIRST_URN = 990001
SCHOOL_COUNT = 60

# Real local authorities, by region, with real towns at approximate British National Grid centres
# (easting, northing in metres) and the town's postcode area.
PLACES: dict[str, dict[str, list[tuple[str, int, int, str]]]] = {
    "North West": {
        "Lancashire": [
            ("Preston", 354000, 429500, "PR"),
            ("Lancaster", 347700, 461600, "LA"),
            ("Burnley", 384000, 432500, "BB"),
            ("Chorley", 358500, 417600, "PR"),
        ],
        "Manchester": [("Manchester", 384000, 398000, "M")],
        "Liverpool": [("Liverpool", 335000, 390500, "L")],
    },
    "London": {
        "Camden": [("London", 529000, 184500, "NW")],
        "Hackney": [("London", 534500, 185000, "E")],
        "Southwark": [("London", 533000, 177000, "SE")],
        "Croydon": [("Croydon", 532500, 165500, "CR")],
    },
    "West Midlands": {
        "Birmingham": [("Birmingham", 407000, 287000, "B")],
        "Coventry": [("Coventry", 433500, 279000, "CV")],
        "Staffordshire": [("Stafford", 392000, 323000, "ST"), ("Tamworth", 421000, 304000, "B")],
    },
    "Yorkshire and The Humber": {
        "Leeds": [("Leeds", 430000, 433500, "LS")],
        "Sheffield": [("Sheffield", 435000, 387500, "S")],
        "North Yorkshire": [("Harrogate", 430500, 455500, "HG"), ("Scarborough", 503500, 488500, "YO")],
    },
    "South West": {
        "Devon": [("Exeter", 292000, 92500, "EX"), ("Barnstaple", 256000, 133000, "EX")],
        "Bristol, City of": [("Bristol", 359000, 173000, "BS")],
    },
}
JITTER_METRES = 3000

NAME_STEMS = [
    "Oakfield", "Kingsway", "Meadowbank", "Hollybrook", "Ashgrove", "Beechwood", "Brambleside", "Cedar Park",
    "Elmhurst", "Fernhill", "Foxfield", "Greenacre", "Larkrise", "Millbrook", "Northgate", "Orchard Lea",
    "Parkside", "Queensmead", "Redwood", "Rosehill", "Silverdale", "Springfield", "Stonebridge", "Sunnybank",
    "Westfield", "Willowbrook", "Woodlands", "Heathercroft", "Brookvale", "Castleview", "Church Lane",
    "Hawthorn", "Juniper Hill", "Kestrel Way", "Linden Grove", "Maple Lodge", "Nightingale", "Primrose Hill",
    "Rowan Tree", "Skylark", "Thistledown", "Upton Green", "Valley Road", "Wren Park", "Yewtree", "Bluebell",
    "Copper Beech", "Daisyfield", "Goldcrest", "Harbour View",
]  # fmt: skip
PRIMARY_ENDINGS = [
    "Primary School", "Community Primary School", "Primary Academy", "Church of England Primary School",
    "Junior School", "Infant and Nursery School",
]  # fmt: skip
SECONDARY_ENDINGS = ["Academy", "High School", "School", "Community College"]
ALL_THROUGH_ENDINGS = ["All-through School", "Academy (3-18)"]
ACADEMY_TYPES = ["Academy converter", "Academy sponsor led", "Free schools"]
TYPES = [*ACADEMY_TYPES, "Community school", "Voluntary aided school", "Foundation school"]

TRUSTS = {
    # Trust name -> the regions whose academies may join it.
    "Northern Lights Learning Trust": {"North West"},
    "Capital Horizons Academy Trust": {"London"},
    "Heartlands Education Partnership": {"West Midlands"},
}
HUBS = {
    # Hub name -> (region, local authorities it covers).
    "Lancashire and Merseyside Computing Hub": ("North West", ["Lancashire", "Liverpool", "Manchester"]),
    "South London Computing Hub": ("London", ["Southwark", "Croydon", "Camden"]),
}

# The home school every school-role login belongs to, and the school still without a lead.
HOME_SCHOOL = ("Oakfield Primary School", "Lancashire", "Preston")
UNLED_SCHOOL = ("Kingsway Academy", "Lancashire", "Burnley")


@dataclass(frozen=True)
class DemoLogin:
    key: str
    role: str
    email: str
    full_name: str

    password: str = DEMO_PASSWORD


def _login(key: str, role: str, full_name: str) -> DemoLogin:
    return DemoLogin(key=key, role=role, email=f"{key}@{DEMO_DOMAIN}", full_name=full_name)


DEMO_LOGINS = [
    _login("lead", "School computing lead (Oakfield Primary School)", "Lucy Lead"),
    _login("head", "Senior leader / headteacher (Oakfield)", "Harry Head"),
    _login("teacher", "Teacher (Oakfield)", "Tina Teacher"),
    _login("governor", "Governor, read only (Oakfield)", "Gary Governor"),
    _login("trustlead", "Trust lead (Northern Lights Learning Trust)", "Tara Trustlead"),
    _login("advisor", "Advisor (North West)", "Adam Advisor"),
    _login("assessor", "Quality Mark assessor", "Asha Assessor"),
    _login("coach", "Coach in the Computing Clusters (a programme advisor)", "Cara Coach"),
    _login("hublead", "Hub lead (Lancashire and Merseyside Computing Hub)", "Hugo Hublead"),
    _login("manager", "Programme manager (England)", "Mina Manager"),
    _login("admin", "Site administrator (Django admin)", "Alex Admin"),
    _login("newteacher", "Waiting to join Oakfield as a teacher", "Nia Newteacher"),
    _login("newlead", "Waiting to join Kingsway Academy as its lead", "Ned Newlead"),
    _login("visitor", "Signed up, no school yet", "Vic Visitor"),
]
# Leads of other schools, so there is more than one school's work to compare.
OTHER_LEADS = [
    _login(f"lead{number}", "School computing lead (another school)", name)
    for number, name in enumerate(["Laura Lead", "Leo Lead", "Lily Lead", "Luke Lead", "Lola Lead"], start=2)
]


@dataclass
class DemoWorld:
    """What ``build_demo_world`` made, for later steps and for tests."""

    seed: int
    regions: dict[str, Region] = field(default_factory=dict)
    local_authorities: dict[str, LocalAuthority] = field(default_factory=dict)
    trusts: list[Trust] = field(default_factory=list)
    hubs: list[Hub] = field(default_factory=list)
    schools: list[School] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)
    join_requests: list[JoinRequest] = field(default_factory=list)

    @property
    def home_school(self) -> School:
        return next(school for school in self.schools if school.name == HOME_SCHOOL[0])

    @property
    def unled_school(self) -> School:
        return next(school for school in self.schools if school.name == UNLED_SCHOOL[0])


@transaction.atomic
def build_demo_world(seed: int = DEFAULT_SEED) -> DemoWorld:
    """Build (or find again) the whole demo world for ``seed``; safe to run more than once."""
    rng = random.Random(seed)
    world = DemoWorld(seed=seed)
    build_places(world)
    build_trusts(world)
    build_schools(world, rng)
    build_hubs(world)
    build_people(world)
    build_join_requests(world)
    # Assessments, evidence, actions and snapshots (needs a loaded framework; skipped without one).
    seed_demo_assessments(rng=rng, schools=world.schools, users_by_school=school_members(world.schools))
    # Quality Mark applications in every state (needs the assessments above).
    seed_demo_quality_mark(schools=world.schools, home_school=world.home_school)
    # Computing Clusters: cohorts, a cluster mid-programme (with Oakfield) and a finished one, with their support.
    seed_demo_clusters(world)
    # --- CPD (wp-cpd): the CPD ledger, dated from one anchor day ---
    anchor = timezone.localdate()  # the demo's anchor; replaced by the one demo anchor when it lands
    seed_demo_cpd(anchor, users=world.users, home_school=world.home_school)
    # --- end CPD ---
    return world


def build_places(world: DemoWorld) -> None:
    for region_name, authorities in PLACES.items():
        region, _ = Region.objects.get_or_create(name=region_name)
        world.regions[region_name] = region
        for la_name in authorities:
            la, _ = LocalAuthority.objects.update_or_create(name=la_name, defaults={"region": region})
            world.local_authorities[la_name] = la


def build_trusts(world: DemoWorld) -> None:
    world.trusts = [Trust.objects.get_or_create(name=name)[0] for name in TRUSTS]


def build_schools(world: DemoWorld, rng: random.Random) -> None:
    """Sixty schools: mostly primary, every fifth secondary, two all-through, spread over every LA."""
    places = [(la, town) for region in PLACES.values() for la, towns in region.items() for town in towns]
    stems = list(NAME_STEMS)
    rng.shuffle(stems)
    stems = [stem for stem in stems if stem not in {HOME_SCHOOL[0].split()[0], UNLED_SCHOOL[0].split()[0]}]
    used: set[str] = set()
    for index in range(SCHOOL_COUNT):
        if index == 0:
            name, la_name, town_name = HOME_SCHOOL
            phase = Phase.PRIMARY
        elif index == 1:
            name, la_name, town_name = UNLED_SCHOOL
            phase = Phase.SECONDARY
        else:
            la_name, (town_name, *_) = places[index % len(places)]
            phase = _phase_for(index)
            endings = {Phase.PRIMARY: PRIMARY_ENDINGS, Phase.SECONDARY: SECONDARY_ENDINGS}.get(
                phase, ALL_THROUGH_ENDINGS
            )
            stem = stems[index % len(stems)]
            name = f"{stem} {rng.choice(endings)}"
            if name in used:  # a stem comes round again: give it another ending
                name = next(f"{stem} {ending}" for ending in endings if f"{stem} {ending}" not in used)
        used.add(name)
        world.schools.append(_school(world, rng, index, name, phase, la_name, town_name))


def _phase_for(index: int) -> Phase:
    if index in {29, 59}:
        return Phase.ALL_THROUGH
    # Every fifth school, which with 21 places puts secondaries in every region.
    return Phase.SECONDARY if index % 5 == 3 else Phase.PRIMARY


def _school(
    world: DemoWorld, rng: random.Random, index: int, name: str, phase: Phase, la_name: str, town: str
) -> School:
    la = world.local_authorities[la_name]
    region_name = next(region for region, authorities in PLACES.items() if la_name in authorities)
    _, easting, northing, area = next(place for place in PLACES[region_name][la_name] if place[0] == town)
    if index < 2 or "Academy" in name:
        type_name = "Academy converter" if index < 2 else rng.choice(ACADEMY_TYPES)
    else:
        type_name = rng.choice(TYPES)
    trust = None
    if type_name.startswith("Academy"):
        trust = next((t for t in world.trusts if region_name in TRUSTS[t.name]), None)
    pupils = {Phase.PRIMARY: (120, 450), Phase.SECONDARY: (650, 1600)}.get(phase, (1100, 1900))
    letters = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's inward code may use
    postcode = f"{area}{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    school, _ = School.objects.update_or_create(
        urn=FIRST_URN + index,
        defaults={
            "name": name,
            "phase": phase,
            "type_name": type_name,
            "status": "Open",
            "local_authority": la,
            "region": world.regions[region_name],
            "trust": trust,
            "town": town,
            "postcode": postcode,
            "postcode_compact": postcode.replace(" ", ""),
            "easting": easting + rng.randint(-JITTER_METRES, JITTER_METRES),
            "northing": northing + rng.randint(-JITTER_METRES, JITTER_METRES),
            "number_of_pupils": rng.randint(*pupils),
        },
    )
    return school


def build_hubs(world: DemoWorld) -> None:
    lead_schools = [school for school in world.schools if school.phase == Phase.SECONDARY]
    for name, (region_name, la_names) in HUBS.items():
        lead = next(school for school in lead_schools if school.region.name == region_name)
        hub, _ = Hub.objects.update_or_create(
            name=name, defaults={"region": world.regions[region_name], "lead_organisation": lead.name}
        )
        hub.local_authorities.set([world.local_authorities[la] for la in la_names])
        world.hubs.append(hub)


def build_people(world: DemoWorld) -> None:
    """One person for every role; all share ``DEMO_PASSWORD``."""
    password = make_password(DEMO_PASSWORD)
    for login in [*DEMO_LOGINS, *OTHER_LEADS]:
        user, _ = User.objects.update_or_create(
            email=login.email,
            defaults={
                "full_name": login.full_name,
                "password": password,
                "is_staff": login.key == "admin",
                "is_superuser": login.key == "admin",
                "is_active": True,
            },
        )
        world.users[login.key] = user
    home = world.home_school
    for key, role in [
        ("lead", SchoolRole.LEAD),
        ("head", SchoolRole.SENIOR_LEADER),
        ("teacher", SchoolRole.TEACHER),
        ("governor", SchoolRole.GOVERNOR),
    ]:
        SchoolMembership.objects.update_or_create(user=world.users[key], school=home, defaults={"role": role})
    others = [s for s in world.schools if s not in {home, world.unled_school} and s.region.name == "North West"]
    others += [s for s in world.schools if s.region.name == "London"]
    for login, school in zip(OTHER_LEADS, others, strict=False):
        SchoolMembership.objects.update_or_create(
            user=world.users[login.key], school=school, defaults={"role": SchoolRole.LEAD}
        )
    TrustMembership.objects.get_or_create(
        user=world.users["trustlead"], trust=home.trust, defaults={"role": TrustRole.TRUST_LEAD}
    )
    north_west = world.regions["North West"]
    for key, role, scope in [
        ("advisor", ProgrammeRole.ADVISOR, {"region": north_west, "hub": None}),
        ("assessor", ProgrammeRole.ASSESSOR, {"region": None, "hub": None}),
        ("coach", ProgrammeRole.ADVISOR, {"region": None, "hub": None}),
        ("hublead", ProgrammeRole.HUB_LEAD, {"region": None, "hub": world.hubs[0]}),
        ("manager", ProgrammeRole.MANAGER, {"region": None, "hub": None}),
    ]:
        ProgrammeMembership.objects.get_or_create(user=world.users[key], role=role, **scope)


def build_join_requests(world: DemoWorld) -> None:
    """Two requests waiting: one the home school's leaders decide, one its hub lead or a manager decides."""
    for key, school, role, job_title, message in [
        ("newteacher", world.home_school, SchoolRole.TEACHER, "Year 4 class teacher", "I teach computing to Year 4."),
        ("newlead", world.unled_school, SchoolRole.LEAD, "Head of computing", "I lead computing here."),
    ]:
        if SchoolMembership.objects.filter(user=world.users[key], school=school).exists():
            continue  # already approved in an earlier run
        request, _ = JoinRequest.objects.get_or_create(
            user=world.users[key],
            school=school,
            status=JoinRequestStatus.PENDING,
            defaults={"role": role, "job_title": job_title, "message": message},
        )
        world.join_requests.append(request)


def format_logins(logins: list[DemoLogin] | None = None) -> str:
    """The demo sign-ins as a plain-text table (role, email, password)."""
    rows = [
        ("Role", "Email", "Password"),
        *((x.role, x.email, x.password) for x in (logins or [*DEMO_LOGINS, *OTHER_LEADS])),
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = ["  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
