"""The self-assessment's routes in the permission matrix (see uplift/testing/matrix.py).

Everyone who can see a school's workspace reads its assessment (members incl. governors, its trust
leads, programme staff in scope); its teachers and above change it (others who can see it get 403);
everyone else gets 404.

Task list and aspect page: the "assessments core" engineer. Profile, snapshots, comparison, exports,
report and trust view: the "profile and documents" engineer adds theirs to ROUTES below.
"""

from __future__ import annotations

from uplift.frameworks.models import Aspect
from uplift.frameworks.services import framework_load
from uplift.testing.cast import Cast
from uplift.testing.fixtures import shipped_framework_spec
from uplift.testing.matrix import (
    LOGIN,
    NOT_FOUND,
    OK,
    Route,
    Side,
    api,
    expect,
    for_api,
)
from uplift.testing.matrix import SCHOOL_READ_FOREIGN as READ_FOREIGN
from uplift.testing.matrix import SCHOOL_READ_OWN as READ_OWN
from uplift.testing.matrix import SCHOOL_WRITE_FOREIGN as WRITE_FOREIGN
from uplift.testing.matrix import SCHOOL_WRITE_OWN as WRITE_OWN


def school_urn(cast: Cast, side: Side) -> list[int]:
    framework_load(spec=shipped_framework_spec())
    return [(cast.school_a if side == "own" else cast.school_b).urn]


def first_aspect(cast: Cast, side: Side) -> list:
    urn = school_urn(cast, side)[0]
    return [urn, Aspect.objects.filter(framework__is_current=True).order_by("order").first().slug]


def first_aspect_kwargs(cast: Cast, side: Side) -> dict:
    urn, slug = first_aspect(cast, side)
    return {"urn": urn, "slug": slug}


def judgement_body(cast: Cast, side: Side) -> dict:
    """A valid body, so that access (403/404) is what the matrix sees, not validation."""
    return {"level": 3, "current_position": "a", "evidence_commentary": "b", "improvement_actions": "c", "version": 0}


def trust_id(cast: Cast, side: Side) -> list[int]:
    framework_load(spec=shipped_framework_spec())
    return [(cast.trust_a if side == "own" else cast.trust_b).pk]


def school_urn_kwargs(cast: Cast, side: Side) -> dict:
    return {"urn": school_urn(cast, side)[0]}


TRUST_OWN = expect(NOT_FOUND, anonymous=LOGIN, trust_lead=OK, manager=OK)
TRUST_FOREIGN = expect(NOT_FOUND, anonymous=LOGIN, trust_lead_b=OK, manager=OK, manager_b=OK)

ROUTES = [
    Route("assessments:overview", READ_OWN, foreign=READ_FOREIGN, args=school_urn),
    Route("assessments:submit", WRITE_OWN, foreign=WRITE_FOREIGN, args=school_urn, methods=("POST",)),
    Route("assessments:aspect", READ_OWN, foreign=READ_FOREIGN, args=first_aspect),
    Route(
        "assessments:aspect",
        WRITE_OWN,
        foreign=WRITE_FOREIGN,
        args=first_aspect,
        methods=("POST",),
        data=judgement_body,
    ),
    api(
        "GET",
        "/api/v1/schools/{urn}/assessment/aspects/{slug}",
        expect=for_api(READ_OWN),
        foreign=for_api(READ_FOREIGN),
        args=first_aspect_kwargs,
    ),
    api(
        "PUT",
        "/api/v1/schools/{urn}/assessment/aspects/{slug}",
        expect=for_api(WRITE_OWN),
        foreign=for_api(WRITE_FOREIGN),
        args=first_aspect_kwargs,
        data=judgement_body,
    ),
    # Profile, snapshots, comparison, new cycle, exports, report and the trust view.
    Route("assessments:profile", READ_OWN, foreign=READ_FOREIGN, args=school_urn),
    Route("assessments:snapshots", READ_OWN, foreign=READ_FOREIGN, args=school_urn),
    Route("assessments:snapshots", WRITE_OWN, foreign=WRITE_FOREIGN, args=school_urn, methods=("POST",)),
    Route("assessments:compare", READ_OWN, foreign=READ_FOREIGN, args=school_urn),
    Route("assessments:new_cycle", WRITE_OWN, foreign=WRITE_FOREIGN, args=school_urn, methods=("GET", "POST")),
    Route("assessments:export_csv", READ_OWN, foreign=READ_FOREIGN, args=school_urn),
    Route("assessments:export_xlsx", READ_OWN, foreign=READ_FOREIGN, args=school_urn),
    Route("assessments:report_pdf", READ_OWN, foreign=READ_FOREIGN, args=school_urn),
    Route("assessments:trust", TRUST_OWN, foreign=TRUST_FOREIGN, args=trust_id),
    Route("assessments:trust_csv", TRUST_OWN, foreign=TRUST_FOREIGN, args=trust_id),
    api(
        "GET",
        "/api/v1/schools/{urn}/profile",
        expect=for_api(READ_OWN),
        foreign=for_api(READ_FOREIGN),
        args=school_urn_kwargs,
    ),
]
