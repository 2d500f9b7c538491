"""Certificates in the permission matrix (see uplift/testing/matrix.py).

Everyone who can see a school's workspace sees its certificates and downloads them; everyone else
gets 404. Verification is public: it confirms a certificate and reveals nothing else.
"""

from __future__ import annotations

from uplift.certificates.models import Certificate, CertificateKind
from uplift.testing.cast import Cast
from uplift.testing.matrix import (
    OK,
    Route,
    Side,
    expect,
)
from uplift.testing.matrix import SCHOOL_READ_FOREIGN as READ_FOREIGN
from uplift.testing.matrix import SCHOOL_READ_OWN as READ_OWN

PUBLIC = expect(OK)


def school_urn(cast: Cast, side: Side) -> list[int]:
    return [(cast.school_a if side == "own" else cast.school_b).urn]


def commitment(cast: Cast, side: Side) -> list[object]:
    return [*school_urn(cast, side), CertificateKind.COMMITMENT.value]


def issued_number(cast: Cast, side: Side) -> list[str]:
    certificate = Certificate.objects.create(
        number=Certificate.new_number(),
        kind=CertificateKind.COMMITMENT,
        school=cast.school_a,
        school_name=cast.school_a.name,
    )
    return [certificate.number]


ROUTES = [
    Route("certificates:school", READ_OWN, foreign=READ_FOREIGN, args=school_urn),
    Route("certificates:download", READ_OWN, foreign=READ_FOREIGN, args=commitment),
    Route("certificates:verify_lookup", PUBLIC),
    Route("certificates:verify", PUBLIC, args=issued_number),
]
