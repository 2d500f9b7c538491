"""Signed credentials (Open Badges 3.0 / W3C Verifiable Credentials 2.0): the generic part.

What a credential *says* belongs to the app that issues it (the Quality Mark award:
``uplift/qualitymark/credentials.py``; CPD certificates next). This module only signs and verifies
one, the same way for every issuer:

- **canonical JSON**: ``jcs`` is the JSON Canonicalization Scheme, RFC 8785 (the ``rfc8785`` package:
  ECMAScript number forms, keys ordered by UTF-16 code units, minimal string escapes);
- **the issuer key**: ``signing_key`` is Uplift's Ed25519 key from ``settings.OPEN_BADGES_SIGNING_KEY``
  (see below); ``public_key_multibase`` and ``multikey`` publish its public half as a ``Multikey``;
- **the proof**: ``sign_credential`` adds a ``DataIntegrityProof`` with the ``eddsa-jcs-2022`` cryptosuite
  (W3C Data Integrity EdDSA Cryptosuites v1.0, section 3.3): the proof options (with the document's
  ``@context``) and the document are each canonicalised with JCS and hashed with SHA-256, and the two
  hashes (options first) are signed with Ed25519. ``verify_credential`` checks it offline.

The key: ``OPEN_BADGES_SIGNING_KEY`` (environment variable) is the 32-byte Ed25519 private key seed in
base64 or base64url, or a PEM PKCS#8 Ed25519 private key (``openssl genpkey -algorithm ed25519``). It must
outlive any rotation of ``SECRET_KEY``: every credential ever issued verifies only against it. Without it,
development and tests sign with a key derived from ``SECRET_KEY``; production refuses to sign, and
``manage.py check --deploy`` reports it (``signing_key_checks``, registered by the apps that issue).
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
from collections.abc import Sequence
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "CRYPTOSUITE",
    "CredentialInvalid",
    "jcs",
    "key_id",
    "multibase_decode",
    "multibase_encode",
    "multikey",
    "parse_signing_key",
    "public_key_multibase",
    "sign_credential",
    "signing_key",
    "signing_key_checks",
    "signing_key_deploy_checks",
    "verify_credential",
]

CRYPTOSUITE = "eddsa-jcs-2022"
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
# Multicodec prefix of an Ed25519 public key (0xed, varint-encoded).
_ED25519_PUB = b"\xed\x01"
_SEED_BYTES = 32


class CredentialInvalid(Exception):
    """The credential's proof does not verify (tampered with, or signed with another key)."""


# --- encodings ---------------------------------------------------------------------------------------


def jcs(value: Any) -> bytes:
    """``value`` as RFC 8785 canonical JSON (UTF-8). Raises ``rfc8785.CanonicalizationError`` for values
    JSON cannot hold exactly (NaN, infinities, integers beyond 2**53)."""
    return rfc8785.dumps(value)


def multibase_encode(data: bytes) -> str:
    """Multibase base58-btc: ``z`` and the bytes in Bitcoin's base58 alphabet."""
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, remainder = divmod(number, 58)
        out = _BASE58[remainder] + out
    return "z" + "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def multibase_decode(text: str) -> bytes:
    """The bytes of a multibase base58-btc string; ``ValueError`` when it is not one."""
    if not text.startswith("z") or any(char not in _BASE58 for char in text[1:]):
        raise ValueError("Not a base58-btc multibase value")
    body = text[1:]
    number = 0
    for char in body:
        number = number * 58 + _BASE58.index(char)
    decoded = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(body) - len(body.lstrip("1"))) + decoded


# --- the issuer key ----------------------------------------------------------------------------------


def parse_signing_key(text: str) -> Ed25519PrivateKey:
    """The Ed25519 key written in ``text`` (base64/base64url 32-byte seed, or PEM); ``ValueError`` saying
    what is wrong otherwise."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = load_pem_private_key(text.encode(), password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
            raise ValueError("it is not a readable, unencrypted PEM private key") from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the PEM key is not an Ed25519 key")
        return key
    try:
        seed = base64.b64decode(text.translate(str.maketrans("-_", "+/")) + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("it is neither base64 nor a PEM private key") from exc
    if len(seed) != _SEED_BYTES:
        raise ValueError(f"it decodes to {len(seed)} bytes, not the {_SEED_BYTES} of an Ed25519 key")
    return Ed25519PrivateKey.from_private_bytes(seed)


def signing_key() -> Ed25519PrivateKey:
    """Uplift's issuer key (``OPEN_BADGES_SIGNING_KEY``). ``ImproperlyConfigured`` when it is invalid,
    or missing in production; development and tests fall back to a key derived from ``SECRET_KEY``."""
    configured = settings.OPEN_BADGES_SIGNING_KEY
    if configured:
        try:
            return parse_signing_key(configured)
        except ValueError as exc:
            raise ImproperlyConfigured(f"OPEN_BADGES_SIGNING_KEY is invalid: {exc}") from exc
    if settings.PRODUCTION:
        raise ImproperlyConfigured("OPEN_BADGES_SIGNING_KEY must be set in production (see README.md)")
    seed = hashlib.sha256(f"uplift-quality-mark-ob3:{settings.SECRET_KEY}".encode()).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_multibase(key: Ed25519PublicKey | None = None) -> str:
    """The public key (the issuer's by default) as a Multikey ``publicKeyMultibase``."""
    key = key or signing_key().public_key()
    return multibase_encode(_ED25519_PUB + key.public_bytes_raw())


def key_id(controller: str) -> str:
    """The id of the issuer's key in the profile at ``controller`` (what a proof's ``verificationMethod`` names)."""
    return f"{controller}#key-1"


def multikey(controller: str) -> dict[str, str]:
    """The issuer key as a ``Multikey`` verification method of the profile at ``controller``."""
    return {
        "id": key_id(controller),
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": public_key_multibase(),
    }


# --- the proof ---------------------------------------------------------------------------------------


def _hash_data(document: dict[str, Any], proof_options: dict[str, Any]) -> bytes:
    return hashlib.sha256(jcs(proof_options)).digest() + hashlib.sha256(jcs(document)).digest()


def _options(proof: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    # The proof configuration carries the document's @context (eddsa-jcs-2022, section 3.3.5).
    options = dict(proof)
    if "@context" in document:
        options["@context"] = document["@context"]
    return options


def sign_credential(
    document: dict[str, Any],
    *,
    verification_method: str,
    created: str,
    proof_purpose: str = "assertionMethod",
    key: Ed25519PrivateKey | None = None,
) -> dict[str, Any]:
    """``document`` with an ``eddsa-jcs-2022`` ``DataIntegrityProof`` by ``key`` (the issuer's by default).

    ``created`` is an XML Schema dateTimeStamp (``2027-03-15T00:00:00Z``); ``verification_method`` the id
    of the public key that verifies it (``key_id(profile URL)``). Ed25519 is deterministic: the same
    document, options and key always give the same proof.
    """
    proof: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    signature = (key or signing_key()).sign(_hash_data(document, _options(proof, document)))
    return {**document, "proof": {**proof, "proofValue": multibase_encode(signature)}}


def verify_credential(credential: dict[str, Any], public_key_multibase_value: str | None = None) -> dict[str, Any]:
    """Check the proof with the issuer's published key (or the Multikey given); returns the credential
    without its proof. Raises ``CredentialInvalid`` when it does not verify."""
    credential = copy.deepcopy(credential)
    proof = credential.pop("proof", None)
    if not isinstance(proof, dict) or proof.get("cryptosuite") != CRYPTOSUITE:
        raise CredentialInvalid(f"No {CRYPTOSUITE} proof")
    value = proof.pop("proofValue", "")
    try:
        raw_key = multibase_decode(public_key_multibase_value or public_key_multibase())
        signature = multibase_decode(value) if isinstance(value, str) else b""
    except ValueError as exc:
        raise CredentialInvalid("Unsupported key or proof encoding") from exc
    if not raw_key.startswith(_ED25519_PUB):
        raise CredentialInvalid("Not an Ed25519 Multikey")
    try:
        public_key = Ed25519PublicKey.from_public_bytes(raw_key[len(_ED25519_PUB) :])
        public_key.verify(signature, _hash_data(credential, _options(proof, credential)))
    except (InvalidSignature, ValueError, rfc8785.CanonicalizationError) as exc:
        raise CredentialInvalid("The proof does not verify") from exc
    return credential


# --- system checks (registered by each app that issues credentials) ----------------------------------


def signing_key_checks(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Always: an ``OPEN_BADGES_SIGNING_KEY`` that is set must be a valid Ed25519 key."""
    configured = settings.OPEN_BADGES_SIGNING_KEY
    if not configured:
        return []
    try:
        parse_signing_key(configured)
    except ValueError as exc:
        return [
            checks.Error(
                f"OPEN_BADGES_SIGNING_KEY is invalid: {exc}.",
                hint="Give the 32-byte Ed25519 seed in base64 or a PEM Ed25519 private key (README.md).",
                id="credentials.E001",
            )
        ]
    return []


def signing_key_deploy_checks(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """``check --deploy``: production signs credentials with a real key, never one derived from SECRET_KEY."""
    if settings.OPEN_BADGES_SIGNING_KEY:
        return []  # validity is ``signing_key_checks``' job, run as well
    return [
        checks.Error(
            "OPEN_BADGES_SIGNING_KEY is not set: credentials cannot be signed in production.",
            hint="Generate one (README.md, Configuration) and keep it: rotating it invalidates every credential "
            "already issued.",
            id="credentials.E002",
        )
    ]
