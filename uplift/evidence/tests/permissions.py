"""The evidence library's routes in the permission matrix (see uplift/testing/matrix.py).

Everyone who can see a school's workspace reads its library and downloads its files (members incl.
governors, its trust leads, programme staff in scope); only its teachers and above change it (others
who can see it get 403); everyone else gets 404, also for an item asked for under another school's URN.
"""

from __future__ import annotations

from uplift.evidence.services import evidence_add_file
from uplift.evidence.tests import files
from uplift.testing.cast import Cast
from uplift.testing.matrix import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    SCHOOL_A_MEMBERS,
    SCHOOL_A_READERS,
    SCHOOL_A_WRITERS,
    SCHOOL_B_MEMBERS,
    SCHOOL_B_READERS,
    Route,
    Side,
    each,
    expect,
)

READ_OWN = expect(NOT_FOUND, anonymous=LOGIN, **each(SCHOOL_A_MEMBERS, OK), **each(SCHOOL_A_READERS, OK))
READ_FOREIGN = expect(NOT_FOUND, anonymous=LOGIN, **each(SCHOOL_B_MEMBERS, OK), **each(SCHOOL_B_READERS, OK))
WRITE_OWN = expect(
    NOT_FOUND,
    anonymous=LOGIN,
    governor=FORBIDDEN,
    **each(SCHOOL_A_READERS, FORBIDDEN),
    **each(SCHOOL_A_WRITERS, OK),
)
WRITE_FOREIGN = expect(NOT_FOUND, anonymous=LOGIN, **each(SCHOOL_B_READERS, FORBIDDEN), **each(SCHOOL_B_MEMBERS, OK))


def school_urn(cast: Cast, side: Side) -> list[int]:
    return [(cast.school_a if side == "own" else cast.school_b).urn]


def file_item(cast: Cast, side: Side) -> list[int]:
    school = cast.school_a if side == "own" else cast.school_b
    item = evidence_add_file(
        school=school,
        upload=files.upload("policy.pdf", files.pdf_bytes()),
        title="Computing policy",
        by=cast.lead if side == "own" else cast.lead_b,
    )
    return [school.urn, item.pk]


ROUTES = [
    Route("evidence:library", READ_OWN, foreign=READ_FOREIGN, args=school_urn),
    Route("evidence:detail", READ_OWN, foreign=READ_FOREIGN, args=file_item),
    Route("evidence:download", READ_OWN, foreign=READ_FOREIGN, args=file_item),
    Route("evidence:add", WRITE_OWN, foreign=WRITE_FOREIGN, args=school_urn, methods=("GET", "POST")),
    Route("evidence:edit", WRITE_OWN, foreign=WRITE_FOREIGN, args=file_item, methods=("GET", "POST")),
    Route("evidence:delete", WRITE_OWN, foreign=WRITE_FOREIGN, args=file_item, methods=("GET", "POST")),
]
