"""The Quality Mark award as an Open Badges 3.0 credential: what it says, and the issuer profile.

The credential is an ``OpenBadgeCredential`` (W3C Verifiable Credentials 2.0) about the school, signed
by ``uplift.lib.credentials`` with an embedded ``DataIntegrityProof`` (``eddsa-jcs-2022``: JCS, SHA-256,
Ed25519) by Uplift's issuer key (``OPEN_BADGES_SIGNING_KEY``). The public key is published as a
Multikey in the issuer profile (``qualitymark:issuer``), which the proof's ``verificationMethod`` points
at, so anyone can verify a credential offline with that key (``uplift.lib.credentials.verify_credential``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.urls import reverse

from uplift.lib.credentials import key_id, multikey, sign_credential
from uplift.qualitymark.models import Award

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def issuer_url() -> str:
    return settings.SITE_URL + reverse("qualitymark:issuer")


def issuer_profile() -> dict[str, Any]:
    """The issuer's public profile, with the key that verifies every credential."""
    url = issuer_url()
    return {
        "@context": CONTEXTS,
        "id": url,
        "type": ["Profile"],
        "name": "Uplift",
        "url": settings.SITE_URL + "/",
        "description": "Uplift awards the Quality Mark to schools in England that meet its computing quality standard.",
        "verificationMethod": [multikey(url)],
    }


def _iso(day: dt.date, end: bool = False) -> str:
    return f"{day.isoformat()}T{'23:59:59' if end else '00:00:00'}Z"


def unsigned_credential(award: Award) -> dict[str, Any]:
    verify = settings.SITE_URL + reverse("qualitymark:verify", args=[award.number])
    return {
        "@context": CONTEXTS,
        "id": f"{verify}#credential",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Uplift Quality Mark: {award.school_name}",
        "issuer": {"id": issuer_url(), "type": ["Profile"], "name": "Uplift"},
        "validFrom": _iso(award.awarded_on),
        "validUntil": _iso(award.expires_on, end=True),
        "credentialSubject": {
            "id": f"urn:uplift:school:{award.school.urn}",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": settings.SITE_URL + reverse("qualitymark:register") + "#achievement",
                "type": ["Achievement"],
                "achievementType": "Award",
                "name": "Uplift Quality Mark",
                "description": "Independently assessed as meeting the Quality Mark standard on every aspect of "
                "Uplift's computing quality framework.",
                "criteria": {
                    "narrative": "Level 4 or above, with full commentary and evidence, on every aspect of the "
                    "framework, confirmed aspect by aspect by an independent assessor."
                },
            },
        },
        "credentialStatus": {"id": verify, "type": "UpliftVerificationPage"},
    }


def signed_credential(award: Award) -> dict[str, Any]:
    """The award as an OB3 credential with an ``eddsa-jcs-2022`` proof by the issuer's key."""
    return sign_credential(
        unsigned_credential(award), verification_method=key_id(issuer_url()), created=_iso(award.awarded_on)
    )
