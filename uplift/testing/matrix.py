"""The permission matrix's vocabulary: outcomes, role groups and route declarations.

Every URL pattern and every API operation must be declared in a ``ROUTES`` list in
``uplift/<app>/tests/permissions.py`` (or, for project-level routes such as the admin and the API's
docs, in ``uplift/testing/permissions.py``). uplift/testing/test_permission_matrix.py collects them,
fails for any route nobody declared, and requests every declared route as every person in the cast
(plus an anonymous visitor), for an object of school A's world ("own") and of school B's ("foreign").
See uplift/testing/README.md.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from django.http import HttpResponse
from django.urls import reverse

from uplift.testing.cast import Cast

Side = Literal["own", "foreign"]
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Outcome:
    """What a request must come back with."""

    label: str
    statuses: frozenset[int]
    # For redirects: the URL the Location header must (or must not) start with.
    to: str | None = None
    not_to: tuple[str, ...] = ()

    def matches(self, response: HttpResponse) -> bool:
        if response.status_code not in self.statuses:
            return False
        location = response.headers.get("Location", "")
        if self.to is not None:
            return location.startswith(reverse(self.to))
        return not (300 <= response.status_code < 400 and any(location.startswith(reverse(n)) for n in self.not_to))

    def __str__(self) -> str:
        return self.label


_SUCCESS = frozenset(range(200, 300)) | {301, 302, 303, 307, 308}
#: Allowed: a 2xx page, or a redirect anywhere except a sign-in page.
OK = Outcome("allowed (2xx/3xx)", _SUCCESS, not_to=("accounts:login", "admin:login"))
#: Not signed in: redirected to the sign-in page.
LOGIN = Outcome("redirect to sign-in", frozenset({302}), to="accounts:login")
#: Not staff: the admin sends everyone else to its own sign-in page.
ADMIN_LOGIN = Outcome("redirect to admin sign-in", frozenset({302}), to="admin:login")
UNAUTHORIZED = Outcome("401", frozenset({401}))
FORBIDDEN = Outcome("403", frozenset({403}))
NOT_FOUND = Outcome("404", frozenset({404}))
NOT_ALLOWED = Outcome("405", frozenset({405}))
GONE = Outcome("410", frozenset({410}))
#: Access granted, the (deliberately empty) payload rejected: 400 or 422.
INVALID = Outcome("allowed but invalid (400/422)", frozenset({400, 422}))

# Role groups, by cast role name (see uplift/testing/cast.py), for building expectations briefly.
SCHOOL_A_MANAGERS = ("lead", "head")
SCHOOL_A_WRITERS = (*SCHOOL_A_MANAGERS, "teacher")
SCHOOL_A_MEMBERS = (*SCHOOL_A_WRITERS, "governor")
SCHOOL_B_MANAGERS = ("lead_b",)
SCHOOL_B_MEMBERS = ("lead_b", "teacher_b")
PROGRAMME = ("advisor", "other_advisor", "assessor", "hub_lead", "hub_lead_b", "manager", "manager_b")
# Programme managers: ``manager`` is national, ``manager_b`` manages school B's region (London) only.
MANAGERS = ("manager", "manager_b")
# Who may see school A's private workspace without being a member (``School.objects.visible_to``).
SCHOOL_A_READERS = ("trust_lead", "advisor", "hub_lead", "manager")
SCHOOL_B_READERS = ("trust_lead_b", "other_advisor", "hub_lead_b", "manager", "manager_b")

Expectation = Mapping[str, Outcome]


def expect(default: Outcome, *, anonymous: Outcome | None = None, **roles: Outcome) -> Expectation:
    """Outcomes by role: ``default`` for every role not named, ``anonymous`` for the signed-out visitor.

    ``expect(NOT_FOUND, anonymous=LOGIN, lead=OK, **each(("teacher", "governor"), FORBIDDEN))``.
    Role names are checked against the cast by the matrix.
    """
    return {"*": default, ANONYMOUS: anonymous or default, **roles}


def each(roles: Iterable[str], outcome: Outcome) -> dict[str, Outcome]:
    """``{role: outcome}`` for a group of roles, to splat into ``expect``."""
    return dict.fromkeys(roles, outcome)


def for_api(expectation: Expectation) -> Expectation:
    """The page's outcomes for an API operation: the signed-out caller gets 401, not the sign-in redirect."""
    return {**expectation, ANONYMOUS: UNAUTHORIZED}


# A school's private workspace (assessment, evidence, actions, certificates...): everyone who can see the
# school reads it (members incl. governors, its trust leads, programme staff in scope); its teachers and
# above change it, others who can see it get 403; everyone else gets 404 and the signed-out visitor signs in.
SCHOOL_READ_OWN = expect(NOT_FOUND, anonymous=LOGIN, **each(SCHOOL_A_MEMBERS, OK), **each(SCHOOL_A_READERS, OK))
SCHOOL_READ_FOREIGN = expect(NOT_FOUND, anonymous=LOGIN, **each(SCHOOL_B_MEMBERS, OK), **each(SCHOOL_B_READERS, OK))
SCHOOL_WRITE_OWN = expect(
    NOT_FOUND,
    anonymous=LOGIN,
    governor=FORBIDDEN,
    **each(SCHOOL_A_READERS, FORBIDDEN),
    **each(SCHOOL_A_WRITERS, OK),
)
SCHOOL_WRITE_FOREIGN = expect(
    NOT_FOUND, anonymous=LOGIN, **each(SCHOOL_B_READERS, FORBIDDEN), **each(SCHOOL_B_MEMBERS, OK)
)


# A Computing Cluster's workspace (``get_cluster_for_user``; objects from ``uplift.clusters.tests.factories.
# live_cluster``): "own" is school A's cluster with the cast's advisor, "foreign" school B's with the other
# advisor. Staff (teacher or above) of member schools, the cluster's advisor and managers read it; only the
# advisor and the managers who manage it record support (member staff get 403); those managers alone manage
# it. The regional ``manager_b`` manages school B's cluster, not school A's (404: they may not see it).
CLUSTER_STAFF_A = SCHOOL_A_WRITERS
CLUSTER_STAFF_B = SCHOOL_B_MEMBERS
CLUSTER_VIEW_OWN = expect(NOT_FOUND, anonymous=LOGIN, advisor=OK, manager=OK, **each(CLUSTER_STAFF_A, OK))
CLUSTER_VIEW_FOREIGN = expect(
    NOT_FOUND, anonymous=LOGIN, other_advisor=OK, **each(MANAGERS, OK), **each(CLUSTER_STAFF_B, OK)
)
CLUSTER_RUN_OWN = expect(NOT_FOUND, anonymous=LOGIN, advisor=OK, manager=OK, **each(CLUSTER_STAFF_A, FORBIDDEN))
CLUSTER_RUN_FOREIGN = expect(
    NOT_FOUND, anonymous=LOGIN, other_advisor=OK, **each(MANAGERS, OK), **each(CLUSTER_STAFF_B, FORBIDDEN)
)
CLUSTER_MANAGE_OWN = expect(
    NOT_FOUND, anonymous=LOGIN, advisor=FORBIDDEN, manager=OK, **each(CLUSTER_STAFF_A, FORBIDDEN)
)
CLUSTER_MANAGE_FOREIGN = expect(
    NOT_FOUND, anonymous=LOGIN, other_advisor=FORBIDDEN, **each(MANAGERS, OK), **each(CLUSTER_STAFF_B, FORBIDDEN)
)
# Programme managers only, a page about managing in general (the cohorts list, creating one, advisors):
# every manager (each sees what their scope covers); everyone else who is signed in gets 403.
PROGRAMME_MANAGERS_ONLY = expect(FORBIDDEN, anonymous=LOGIN, **each(MANAGERS, OK))
# One cohort's management pages (``get_cohort_for_user``): "own" is a cohort of school A's region, "foreign" one
# of school B's. Its managers (national, or of its region) only; other managers 404; everyone else 403.
COHORT_MANAGERS_OWN = expect(FORBIDDEN, anonymous=LOGIN, manager=OK, manager_b=NOT_FOUND)
COHORT_MANAGERS_FOREIGN = expect(FORBIDDEN, anonymous=LOGIN, **each(MANAGERS, OK))


def outcome_for(expectation: Expectation, role: str) -> Outcome:
    return expectation.get(role, expectation["*"])


#: Builds a route's path arguments (a list, or a dict of keyword arguments) for one side.
ArgsBuilder = Callable[[Cast, Side], Sequence[Any] | Mapping[str, Any]]
DataBuilder = Callable[[Cast, Side], Mapping[str, Any]]


@dataclass(frozen=True)
class Route:
    """One declared route (a URL name, or an API operation ``"GET /api/v1/..."``) and who gets what.

    - ``expect``: outcomes when the object comes from school A's world ("own": school_a, trust_a, a
      request to join school_a...), or the only outcomes when the route has no object.
    - ``foreign``: outcomes for the same route built from school B's world; ``None`` when the route has
      no object (``args`` then gets side "own" only).
    - ``args(cast, side)``: the path arguments; may create objects (join requests, tokens...).
    - ``methods``: every method to try; a POST is sent with ``data(cast, side)`` (empty by default), so
      the access outcome (403/404) must come before validation.
    - ``covers``: a namespace this one entry stands for (the admin is declared as one group).
    """

    name: str
    expect: Expectation
    foreign: Expectation | None = None
    args: ArgsBuilder | None = None
    methods: tuple[str, ...] = ("GET",)
    data: DataBuilder | None = None
    covers: str | None = None

    @property
    def is_api(self) -> bool:
        return " " in self.name

    @property
    def api_method(self) -> str:
        return self.name.split(" ", 1)[0]

    @property
    def api_path(self) -> str:
        return self.name.split(" ", 1)[1]

    def url(self, cast: Cast, side: Side) -> str:
        built = self.args(cast, side) if self.args else ()
        if self.is_api:
            return self.api_path.format(**built) if isinstance(built, Mapping) else self.api_path.format(*built)
        if isinstance(built, Mapping):
            return reverse(self.name, kwargs=dict(built))
        return reverse(self.name, args=list(built))

    def sides(self) -> list[tuple[Side, Expectation]]:
        sides: list[tuple[Side, Expectation]] = [("own", self.expect)]
        if self.foreign is not None:
            sides.append(("foreign", self.foreign))
        return sides

    def test_id(self) -> str:
        if self.is_api:
            return self.name
        return f"{self.name} {'/'.join(self.methods)}"


def api(method: str, path: str, **kwargs: Any) -> Route:
    """An API operation, by method and its full path as in the OpenAPI schema."""
    return Route(name=f"{method.upper()} {path}", methods=(method.upper(),), **kwargs)


@dataclass
class Declarations:
    routes: list[Route] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def collect_routes() -> Declarations:
    """Every ``ROUTES`` list: uplift/testing/permissions.py and each app's tests/permissions.py."""
    found = Declarations()
    package = Path(__file__).resolve().parent.parent
    modules = ["uplift.testing.permissions"] + [
        f"uplift.{path.parent.parent.name}.tests.permissions" for path in sorted(package.glob("*/tests/permissions.py"))
    ]
    for module_name in modules:
        routes = getattr(importlib.import_module(module_name), "ROUTES", None)
        if routes is None:
            found.problems.append(f"{module_name} has no ROUTES list")
            continue
        found.routes.extend(routes)
    return found
