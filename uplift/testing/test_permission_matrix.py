"""The permission matrix: every URL and API operation, requested as every person in the cast.

Each route is declared (uplift/<app>/tests/permissions.py, see uplift/testing/matrix.py) with the
outcome each role must get for an object of school A's world ("own") and of school B's ("foreign").
A route nobody declared fails ``test_every_route_is_declared``; a role getting anything other than its
declared outcome fails that route's test, listing every mismatch.
"""

from __future__ import annotations

import copy
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import fields

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from uplift.accounts.models import User
from uplift.api import api
from uplift.testing.cast import Cast, build_cast
from uplift.testing.matrix import ANONYMOUS, Route, collect_routes, outcome_for

DECLARATIONS = collect_routes()
ROUTES = DECLARATIONS.routes
CAST_ROLES = [f.name for f in fields(Cast) if f.type in {"User", User}]
HOW_TO_DECLARE = (
    "Declare it in the ROUTES list of uplift/<app>/tests/permissions.py with the outcome for every role "
    "(see uplift/testing/README.md, 'Declaring routes in the permission matrix')."
)


def url_patterns() -> dict[str, str]:
    """Every URL pattern's namespaced name -> its route, walking includes and namespaces.

    API operations are left out here (they are checked by method and path, below); unnamed patterns
    are listed as ``<unnamed route>`` so they cannot hide from the matrix.
    """
    found: dict[str, str] = {}

    def walk(resolver: URLResolver, namespace: tuple[str, ...], prefix: str) -> None:
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern, (*namespace, pattern.namespace) if pattern.namespace else namespace, route)
            elif isinstance(pattern, URLPattern):
                if _is_api_operation(pattern):
                    continue
                key = ":".join((*namespace, pattern.name or f"<unnamed {route}>"))
                found[key] = route

    walk(get_resolver(), (), "/")
    return found


def _is_api_operation(pattern: URLPattern) -> bool:
    # ninja serves each path's operations from a view built by PathView; its docs and root are partials.
    return getattr(pattern.callback, "__module__", "") == "ninja.operation"


def api_operations() -> set[str]:
    """Every API operation as ``"METHOD /api/v1/path"`` (from the OpenAPI schema ninja serves)."""
    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods}


def _covered(name: str) -> bool:
    return any(route.covers and name.startswith(f"{route.covers}:") for route in ROUTES)


def test_every_route_is_declared() -> None:
    declared = {route.name for route in ROUTES}
    missing = [
        f"URL {name} ({route})" for name, route in url_patterns().items() if name not in declared and not _covered(name)
    ]
    missing += [f"API {operation}" for operation in sorted(api_operations() - declared)]
    assert not missing, "Routes missing from the permission matrix:\n  " + "\n  ".join(missing) + "\n" + HOW_TO_DECLARE


def test_every_declaration_is_a_real_route() -> None:
    real = set(url_patterns()) | api_operations()
    stale = [route.name for route in ROUTES if route.name not in real]
    assert not stale, f"Declared in the permission matrix but no such route (renamed or removed?): {stale}"
    assert not DECLARATIONS.problems, DECLARATIONS.problems


# A path argument naming a school, a trust or a row (urn, trust_id, pk, item_pk...).
OBJECT_ARGUMENT = re.compile(r"<int:(urn|pk|trust_id|\w+_pk)>|\{(urn|pk|trust_id|\w+_pk)\}")


def test_every_route_about_an_object_declares_the_other_schools_case() -> None:
    """Someone from school B asking for school A's object is the denial that matters most."""
    patterns = url_patterns()
    missing = [
        route.name
        for route in ROUTES
        if route.foreign is None
        and OBJECT_ARGUMENT.search(route.api_path if route.is_api else patterns.get(route.name, ""))
    ]
    assert not missing, f"Declare foreign= (school B's object) for: {missing}"


def test_every_declared_role_is_in_the_cast() -> None:
    known = {*CAST_ROLES, ANONYMOUS, "*"}
    unknown = {
        f"{route.name}: {role}"
        for route in ROUTES
        for _side, expectation in route.sides()
        for role in expectation
        if role not in known
    }
    assert not unknown, f"Roles that are not in the cast (uplift/testing/cast.py): {sorted(unknown)}"


def _client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _request(route: Route, method: str, url: str, client: Client, data: dict[str, object]) -> HttpResponse:
    # Signing out or in changes the session cookie; every request must start from the signed-in state.
    cookies = copy.deepcopy(client.cookies)
    try:
        if method == "GET":
            return client.get(url, data)
        if route.is_api:
            return client.generic(method, url, json.dumps(data), content_type="application/json")
        if method == "POST":
            return client.post(url, data)
        return client.generic(method, url)
    finally:
        client.cookies = cookies


def _describe(response: object) -> str:
    location = response.headers.get("Location")
    return f"{response.status_code}" + (f" -> {location}" if location else "")


@pytest.fixture
def quiet_request_log() -> Iterator[None]:
    """Hundreds of deliberate 403s and 404s: their log lines would cost more time than the requests."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


@pytest.mark.parametrize("route", ROUTES, ids=[route.test_id() for route in ROUTES])
def test_route_permissions(route: Route, db: None, quiet_request_log: None) -> None:
    cast = build_cast()
    people = {ANONYMOUS: None, **{role: getattr(cast, role) for role in CAST_ROLES}}
    # Signed in once per role (the sessions outlive the rolled-back requests below).
    clients = {role: _client_for(user) for role, user in people.items()}
    mismatches: list[str] = []
    for side, expectation in route.sides():
        url = route.url(cast, side)
        data = dict(route.data(cast, side)) if route.data else {}
        for method in route.methods:
            for role, client in clients.items():
                expected = outcome_for(expectation, role)
                # Each request is rolled back, so an allowed write cannot change what the next role sees.
                with transaction.atomic():
                    try:
                        response = _request(route, method, url, client, data)
                        got = _describe(response)
                        matched = expected.matches(response)
                    except Exception as error:
                        got, matched = f"raised {type(error).__name__}: {error}", False
                    transaction.set_rollback(True)
                if not matched:
                    mismatches.append(f"{method} {url} ({side}) as {role}: expected {expected}, got {got}")
    assert not mismatches, f"{route.name}: {len(mismatches)} mismatches\n  " + "\n  ".join(mismatches)
