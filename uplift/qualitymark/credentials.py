"""The award as an Open Badges 3.0 credential, signed with the issuer's Ed25519 key.

The credential is an ``OpenBadgeCredential`` (W3C Verifiable Credentials 2.0) with an embedded
``DataIntegrityProof`` using the ``eddsa-jcs-2022`` cryptosuite: the document and the proof options are
canonicalised with JCS (RFC 8785), hashed with SHA-256 and signed with Ed25519. The public key is
published as a Multikey in the issuer profile (``qualitymark:issuer``), which the proof's
``verificationMethod`` points at, so anyone can verify a credential offline with that key.

The key comes from ``QUALITY_MARK_SIGNING_KEY`` (setting or environment: 32 bytes, base64url); without
one it is derived from SECRET_KEY, which is stable but rotates with it - set a real key in production.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import json
import os
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.urls import reverse

from uplift.qualitymark.models import Award

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
# Multicodec prefix of an Ed25519 public key (0xed, varint-encoded).
_ED25519_PUB = b"\xed\x01"


class CredentialInvalid(Exception):
    """The credential's proof does not verify (tampered with, or signed with another key)."""


def _b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, remainder = divmod(number, 58)
        out = _BASE58[remainder] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def _b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + _BASE58.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def jcs(value: Any) -> bytes:
    """JSON Canonicalization (RFC 8785) for the values a credential holds (strings, lists, objects)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signing_key() -> Ed25519PrivateKey:
    configured = getattr(settings, "QUALITY_MARK_SIGNING_KEY", "") or os.environ.get("QUALITY_MARK_SIGNING_KEY", "")
    if configured:
        seed = base64.urlsafe_b64decode(configured + "=" * (-len(configured) % 4))
    else:
        seed = hashlib.sha256(f"uplift-quality-mark-ob3:{settings.SECRET_KEY}".encode()).digest()
    return Ed25519PrivateKey.from_private_bytes(seed[:32])


def public_key_multibase(key: Ed25519PublicKey | None = None) -> str:
    key = key or signing_key().public_key()
    raw = key.public_bytes_raw()
    return "z" + _b58encode(_ED25519_PUB + raw)


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
        "verificationMethod": [
            {
                "id": f"{url}#key-1",
                "type": "Multikey",
                "controller": url,
                "publicKeyMultibase": public_key_multibase(),
            }
        ],
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


def _hash_data(document: dict[str, Any], proof_options: dict[str, Any]) -> bytes:
    return hashlib.sha256(jcs(proof_options)).digest() + hashlib.sha256(jcs(document)).digest()


def signed_credential(award: Award) -> dict[str, Any]:
    """The award as an OB3 credential with an ``eddsa-jcs-2022`` proof by the issuer's key."""
    document = unsigned_credential(award)
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": _iso(award.awarded_on),
        "verificationMethod": f"{issuer_url()}#key-1",
        "proofPurpose": "assertionMethod",
        "@context": document["@context"],
    }
    signature = signing_key().sign(_hash_data(document, options))
    proof = {key: value for key, value in options.items() if key != "@context"}
    proof["proofValue"] = "z" + _b58encode(signature)
    return {**document, "proof": proof}


def verify_credential(credential: dict[str, Any], public_key_multibase_value: str | None = None) -> dict[str, Any]:
    """Check the proof with the published key (or the one given); returns the credential without its proof.

    Raises ``CredentialInvalid`` when it does not verify.
    """
    credential = copy.deepcopy(credential)
    proof = credential.pop("proof", None)
    if not isinstance(proof, dict) or proof.get("cryptosuite") != "eddsa-jcs-2022":
        raise CredentialInvalid("No eddsa-jcs-2022 proof")
    value = proof.pop("proofValue", "")
    key_text = public_key_multibase_value or public_key_multibase()
    raw = _b58decode(key_text[1:])
    if not raw.startswith(_ED25519_PUB) or not value.startswith("z"):
        raise CredentialInvalid("Unsupported key or proof encoding")
    options = {**proof, "@context": credential["@context"]}
    try:
        Ed25519PublicKey.from_public_bytes(raw[2:]).verify(_b58decode(value[1:]), _hash_data(credential, options))
    except (InvalidSignature, ValueError) as exc:
        raise CredentialInvalid("The proof does not verify") from exc
    return credential
