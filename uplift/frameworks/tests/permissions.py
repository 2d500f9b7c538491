"""The framework's routes in the permission matrix (see uplift/testing/matrix.py).

The framework is public reference material for anyone signed in: page and API alike.
"""

from __future__ import annotations

from uplift.frameworks.services import framework_load
from uplift.testing.cast import Cast
from uplift.testing.fixtures import shipped_framework_spec
from uplift.testing.matrix import LOGIN, OK, UNAUTHORIZED, Route, Side, api, expect


def loaded(cast: Cast, side: Side) -> list:
    """No path arguments; loads the shipped framework so there is one to show."""
    framework_load(spec=shipped_framework_spec())
    return []


ROUTES = [
    Route("frameworks:current", expect(OK, anonymous=LOGIN), args=loaded),
    api("GET", "/api/v1/frameworks/current", expect=expect(OK, anonymous=UNAUTHORIZED), args=loaded),
]
