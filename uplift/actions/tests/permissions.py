"""The action plan's routes in the permission matrix (see uplift/testing/matrix.py).

Everyone who can see a school's workspace reads its plan and exports it (members incl. governors, its
trust leads, programme staff in scope); only its teachers and above add or change actions (others who
can see it get 403); everyone else gets 404.
"""

from __future__ import annotations

from uplift.actions.models import Action
from uplift.frameworks.models import Dimension, Framework
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import framework_spec
from uplift.testing.cast import Cast
from uplift.testing.matrix import (
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    SCHOOL_A_MEMBERS,
    SCHOOL_A_READERS,
    SCHOOL_B_MEMBERS,
    SCHOOL_B_READERS,
    UNAUTHORIZED,
    Route,
    Side,
    api,
    each,
    expect,
)
from uplift.testing.matrix import SCHOOL_READ_FOREIGN as READ_FOREIGN
from uplift.testing.matrix import SCHOOL_READ_OWN as READ_OWN
from uplift.testing.matrix import SCHOOL_WRITE_FOREIGN as WRITE_FOREIGN
from uplift.testing.matrix import SCHOOL_WRITE_OWN as WRITE_OWN


def _framework() -> Framework:
    return Framework.objects.current() or framework_load(spec=framework_spec())


def school_urn(cast: Cast, side: Side) -> list[int]:
    _framework()
    return [(cast.school_a if side == "own" else cast.school_b).urn]


def school_urn_kw(cast: Cast, side: Side) -> dict[str, int]:
    return {"urn": school_urn(cast, side)[0]}


def an_action(cast: Cast, side: Side) -> list[int]:
    school = cast.school_a if side == "own" else cast.school_b
    dimension = Dimension.objects.get(framework=_framework(), slug="leadership")
    owner = cast.teacher if side == "own" else cast.teacher_b
    action = Action.objects.create(
        school=school, title="Agree a vision", owner=owner, due_date="2099-01-01", dimension=dimension
    )
    return [school.urn, action.pk]


ROUTES = [
    Route("actions:plan", READ_OWN, foreign=READ_FOREIGN, args=school_urn),
    Route("actions:export_csv", READ_OWN, foreign=READ_FOREIGN, args=school_urn),
    Route("actions:export_xlsx", READ_OWN, foreign=READ_FOREIGN, args=school_urn),
    Route("actions:create", WRITE_OWN, foreign=WRITE_FOREIGN, args=school_urn, methods=("GET", "POST")),
    Route("actions:edit", WRITE_OWN, foreign=WRITE_FOREIGN, args=an_action, methods=("GET", "POST")),
    Route("actions:status", WRITE_OWN, foreign=WRITE_FOREIGN, args=an_action, methods=("POST",)),
    # A status change is a form post only.
    Route(
        "actions:status",
        expect(NOT_ALLOWED, anonymous=LOGIN),
        foreign=expect(NOT_ALLOWED, anonymous=LOGIN),
        args=an_action,
    ),
    api(
        "GET",
        "/api/v1/schools/{urn}/actions",
        expect=expect(NOT_FOUND, anonymous=UNAUTHORIZED, **each(SCHOOL_A_MEMBERS, OK), **each(SCHOOL_A_READERS, OK)),
        foreign=expect(NOT_FOUND, anonymous=UNAUTHORIZED, **each(SCHOOL_B_MEMBERS, OK), **each(SCHOOL_B_READERS, OK)),
        args=school_urn_kw,
    ),
]
