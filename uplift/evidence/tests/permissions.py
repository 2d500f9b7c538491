"""The evidence library's routes in the permission matrix (see uplift/testing/matrix.py).

Everyone who can see a school's workspace reads its library and downloads its files (members incl.
governors, its trust leads, programme staff in scope); only its teachers and above change it (others
who can see it get 403); everyone else gets 404, also for an item asked for under another school's URN.
"""

from __future__ import annotations

from uplift.evidence.services import evidence_add_file
from uplift.evidence.tests import files
from uplift.testing.cast import Cast
from uplift.testing.matrix import SCHOOL_READ_FOREIGN as READ_FOREIGN
from uplift.testing.matrix import SCHOOL_READ_OWN as READ_OWN
from uplift.testing.matrix import SCHOOL_WRITE_FOREIGN as WRITE_FOREIGN
from uplift.testing.matrix import SCHOOL_WRITE_OWN as WRITE_OWN
from uplift.testing.matrix import (
    Route,
    Side,
)


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
