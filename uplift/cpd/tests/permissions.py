"""The CPD ledger's routes in the permission matrix (see uplift/testing/matrix.py).

Everyone signed in keeps their own record (My CPD, its export, claims). One entry is its teacher's only:
"own" is a claim by school A's teacher, "foreign" one by school B's teacher (everyone else 404). A school's
staff CPD is read by its senior leaders and computing lead and by managers covering it (the regional
``manager_b`` for school B only); others who may see the school get 403. The programme's totals are for
programme managers.
"""

from __future__ import annotations

from uplift.cpd.tests.factories import ClaimFactory
from uplift.testing.cast import Cast
from uplift.testing.matrix import (
    FORBIDDEN,
    INVALID,
    LOGIN,
    NOT_FOUND,
    OK,
    PROGRAMME_MANAGERS_ONLY,
    SCHOOL_A_MANAGERS,
    SCHOOL_A_MEMBERS,
    SCHOOL_A_READERS,
    SCHOOL_B_MANAGERS,
    SCHOOL_B_MEMBERS,
    SCHOOL_B_READERS,
    Route,
    Side,
    api,
    each,
    expect,
    for_api,
)

SIGNED_IN = expect(OK, anonymous=LOGIN)
OWN_ENTRY = expect(NOT_FOUND, anonymous=LOGIN, teacher=OK)
FOREIGN_ENTRY = expect(NOT_FOUND, anonymous=LOGIN, teacher_b=OK)
STAFF_CPD_OWN = expect(
    NOT_FOUND,
    anonymous=LOGIN,
    **{
        **each(SCHOOL_A_MEMBERS, FORBIDDEN),
        **each(SCHOOL_A_READERS, FORBIDDEN),
        **each(SCHOOL_A_MANAGERS, OK),
        "manager": OK,
    },
)
STAFF_CPD_FOREIGN = expect(
    NOT_FOUND,
    anonymous=LOGIN,
    **{
        **each(SCHOOL_B_MEMBERS, FORBIDDEN),
        **each(SCHOOL_B_READERS, FORBIDDEN),
        **each(SCHOOL_B_MANAGERS, OK),
        "manager": OK,
        "manager_b": OK,
    },
)


def urn(cast: Cast, side: Side) -> list[int]:
    return [(cast.school_a if side == "own" else cast.school_b).urn]


def claim_pk(cast: Cast, side: Side) -> list[int]:
    teacher, school = (cast.teacher, cast.school_a) if side == "own" else (cast.teacher_b, cast.school_b)
    return [ClaimFactory(teacher=teacher, school=school).pk]


def claim_kw(cast: Cast, side: Side) -> dict[str, int]:
    return {"pk": claim_pk(cast, side)[0]}


def urn_kw(cast: Cast, side: Side) -> dict[str, int]:
    return {"urn": urn(cast, side)[0]}


ROUTES = [
    Route("cpd:mine", SIGNED_IN),
    Route("cpd:mine_csv", SIGNED_IN),
    Route("cpd:claim", SIGNED_IN, methods=("GET", "POST")),
    Route("cpd:withdraw", OWN_ENTRY, foreign=FOREIGN_ENTRY, args=claim_pk, methods=("GET", "POST")),
    Route("cpd:programme", PROGRAMME_MANAGERS_ONLY),
    Route("cpd:school", STAFF_CPD_OWN, foreign=STAFF_CPD_FOREIGN, args=urn),
    Route("cpd:school_csv", STAFF_CPD_OWN, foreign=STAFF_CPD_FOREIGN, args=urn),
    api("GET", "/api/v1/cpd/me", expect=for_api(SIGNED_IN)),
    # Signed in, the empty payload is refused as invalid: access comes first, then validation.
    api("POST", "/api/v1/cpd/me/claims", expect=for_api(expect(INVALID, anonymous=LOGIN))),
    api(
        "POST",
        "/api/v1/cpd/me/entries/{pk}/withdraw",
        expect=for_api(OWN_ENTRY),
        foreign=for_api(FOREIGN_ENTRY),
        args=claim_kw,
    ),
    api(
        "GET",
        "/api/v1/cpd/schools/{urn}",
        expect=for_api(STAFF_CPD_OWN),
        foreign=for_api(STAFF_CPD_FOREIGN),
        args=urn_kw,
    ),
    api("GET", "/api/v1/cpd/programme", expect=for_api(PROGRAMME_MANAGERS_ONLY)),
]
