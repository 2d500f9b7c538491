"""The register's pages and API in the permission matrix (uplift/testing/matrix.py).

The register is for every signed-in person (to find and join their school); a trust's side-by-side
page is for its trust leads and programme managers.
"""

from __future__ import annotations

from uplift.testing.cast import Cast
from uplift.testing.matrix import LOGIN, NOT_FOUND, OK, UNAUTHORIZED, Route, Side, api, expect


def school(cast: Cast, side: Side) -> list[int]:
    return [cast.school_a.urn if side == "own" else cast.school_b.urn]


def trust(cast: Cast, side: Side) -> list[int]:
    return [cast.trust_a.pk if side == "own" else cast.trust_b.pk]


SIGNED_IN = expect(OK, anonymous=LOGIN)

ROUTES = [
    Route("schools:search", SIGNED_IN),
    Route("schools:detail", SIGNED_IN, foreign=SIGNED_IN, args=school),
    Route(
        "schools:trust",
        expect(NOT_FOUND, anonymous=LOGIN, trust_lead=OK, manager=OK),
        foreign=expect(NOT_FOUND, anonymous=LOGIN, trust_lead_b=OK, manager=OK, manager_b=OK),
        args=trust,
    ),
    api("GET", "/api/v1/schools", expect=expect(OK, anonymous=UNAUTHORIZED)),
    api(
        "GET",
        "/api/v1/schools/{urn}",
        expect=expect(OK, anonymous=UNAUTHORIZED),
        foreign=expect(OK, anonymous=UNAUTHORIZED),
        args=lambda cast, side: {"urn": school(cast, side)[0]},
    ),
]
