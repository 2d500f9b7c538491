"""The generic credential machinery: RFC 8785 canonical JSON (published vectors), the W3C eddsa-jcs-2022
test vector, the issuer key setting and its system checks."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import rfc8785
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from uplift.lib.credentials import (
    CredentialInvalid,
    jcs,
    multibase_decode,
    multibase_encode,
    multikey,
    parse_signing_key,
    public_key_multibase,
    sign_credential,
    signing_key,
    signing_key_checks,
    signing_key_deploy_checks,
    verify_credential,
)

ROOT = Path(__file__).resolve().parents[3]
SEED = b"uplift-test-open-badges-seed-32b"
SEED_B64URL = base64.urlsafe_b64encode(SEED).decode().rstrip("=")


def raw_seed(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())


# --- RFC 8785 ----------------------------------------------------------------------------------------

# RFC 8785's worked example (section 3.2: input, and its canonical form); also cyberphone/json-canonicalization
# testdata values.json.
RFC_INPUT = r"""{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}"""
RFC_OUTPUT = (
    r'{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
    r""""string":"€$\u000f\nA'B\"\\\\\"/"}"""
)


def test_the_rfcs_example_canonicalises_byte_for_byte() -> None:
    assert jcs(json.loads(RFC_INPUT)) == RFC_OUTPUT.encode("utf-8")


def test_keys_are_ordered_by_utf_16_code_units() -> None:
    # RFC 8785 section 3.2.3: the emoji (a surrogate pair, D83D DE00) sorts before U+FB33, unlike by code point.
    names = json.loads(
        r"""{"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis"}"""
    )

    assert list(json.loads(jcs(names)).values()) == [
        "Carriage Return",
        "One",
        "Control",
        "Latin Small Letter O With Diaeresis",
        "Euro Sign",
        "Emoji: Grinning Face",
        "Hebrew Letter Dalet With Dagesh",
    ]


def test_cyberphones_weird_keys_canonicalise_byte_for_byte() -> None:
    # cyberphone/json-canonicalization testdata/input/weird.json and output/weird.json.
    weird = json.loads(
        r"""{"\u20ac": "Euro Sign", "1": "One", "\u0080": "Control\u007f", "\ud83d\ude02": "Smiley",
        "\u00f6": "Latin Small Letter O With Diaeresis", "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "</script>": "Browser Challenge"}"""
    )

    assert jcs(weird) == (
        '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f",'
        '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\U0001f602":"Smiley",'
        '"\ufb33":"Hebrew Letter Dalet With Dagesh"}'
    ).encode("utf-8")


# RFC 8785 appendix B: IEEE 754 double (hex) -> its canonical JSON number.
APPENDIX_B = [
    ("0000000000000000", "0"),
    ("8000000000000000", "0"),  # minus zero
    ("0000000000000001", "5e-324"),
    ("8000000000000001", "-5e-324"),
    ("7fefffffffffffff", "1.7976931348623157e+308"),
    ("ffefffffffffffff", "-1.7976931348623157e+308"),
    ("4340000000000000", "9007199254740992"),
    ("c340000000000000", "-9007199254740992"),
    ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"),
    ("44b52d02c7e14af6", "1e+23"),
    ("44b52d02c7e14af7", "1.0000000000000001e+23"),
    ("444b1ae4d6e2ef4e", "999999999999999700000"),
    ("444b1ae4d6e2ef4f", "999999999999999900000"),
    ("444b1ae4d6e2ef50", "1e+21"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
    ("3eb0c6f7a0b5ed8d", "0.000001"),
    ("41b3de4355555553", "333333333.3333332"),
    ("41b3de4355555554", "333333333.33333325"),
    ("41b3de4355555555", "333333333.3333333"),
    ("41b3de4355555556", "333333333.3333334"),
    ("41b3de4355555557", "333333333.33333343"),
    ("becbf647612f3696", "-0.0000033333333333333333"),
    ("43143ff3c1cb0959", "1424953923781206.2"),  # round to even
]


def double(bits: str) -> float:
    return struct.unpack(">d", bytes.fromhex(bits))[0]


@pytest.mark.parametrize(("bits", "expected"), APPENDIX_B)
def test_numbers_take_their_ecmascript_form(bits: str, expected: str) -> None:
    assert jcs(double(bits)) == expected.encode()
    assert jcs({"n": [double(bits)]}) == f'{{"n":[{expected}]}}'.encode()


@pytest.mark.parametrize("bits", ["7fffffffffffffff", "7ff0000000000000", "fff0000000000000"])
def test_nan_and_infinities_are_refused(bits: str) -> None:
    with pytest.raises(rfc8785.CanonicalizationError):
        jcs({"n": double(bits)})


def test_integers_beyond_what_json_holds_exactly_are_refused() -> None:
    assert jcs(2**53 - 1) == b"9007199254740991"
    with pytest.raises(rfc8785.CanonicalizationError):
        jcs(2**53 + 1)


# --- eddsa-jcs-2022 ----------------------------------------------------------------------------------

# W3C "Data Integrity EdDSA Cryptosuites v1.0", test vectors for eddsa-jcs-2022 (the key pair, the
# credential without proof, the proof options, the hash of the canonical credential and the proof value).
W3C_SECRET = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
W3C_PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
W3C_CREDENTIAL = {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}
W3C_METHOD = f"did:key:{W3C_PUBLIC}#{W3C_PUBLIC}"
W3C_CREATED = "2023-02-24T23:36:38Z"
W3C_DOCUMENT_HASH = "59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19"
W3C_PROOF_VALUE = "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"


def w3c_key() -> Ed25519PrivateKey:
    secret = multibase_decode(W3C_SECRET)
    assert secret[:2] == b"\x80\x26"  # the multicodec prefix of an Ed25519 private key
    return Ed25519PrivateKey.from_private_bytes(secret[2:])


def test_the_w3c_eddsa_jcs_2022_vector_signs_to_the_published_proof() -> None:
    key = w3c_key()

    signed = sign_credential(W3C_CREDENTIAL, verification_method=W3C_METHOD, created=W3C_CREATED, key=key)

    assert public_key_multibase(key.public_key()) == W3C_PUBLIC
    assert hashlib.sha256(jcs(W3C_CREDENTIAL)).hexdigest() == W3C_DOCUMENT_HASH
    assert signed["proof"] == {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": W3C_CREATED,
        "verificationMethod": W3C_METHOD,
        "proofPurpose": "assertionMethod",
        "proofValue": W3C_PROOF_VALUE,
    }
    assert verify_credential(signed, W3C_PUBLIC) == W3C_CREDENTIAL


def test_the_w3c_signed_credential_verifies_as_published_with_its_context_in_the_proof() -> None:
    published = {
        **W3C_CREDENTIAL,
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-jcs-2022",
            "created": W3C_CREATED,
            "verificationMethod": W3C_METHOD,
            "proofPurpose": "assertionMethod",
            "@context": W3C_CREDENTIAL["@context"],
            "proofValue": W3C_PROOF_VALUE,
        },
    }

    assert verify_credential(published, W3C_PUBLIC) == W3C_CREDENTIAL


@pytest.mark.parametrize(
    "change",
    [
        lambda c: {**c, "name": "Alumni Credential!"},
        lambda c: {**c, "proof": {**c["proof"], "created": "2024-01-01T00:00:00Z"}},
        lambda c: {**c, "proof": {**c["proof"], "proofValue": "z" + "2" * 86}},
        lambda c: {**c, "proof": {**c["proof"], "proofValue": "not base58 0OIl"}},
        lambda c: {**c, "proof": {**c["proof"], "cryptosuite": "ecdsa-jcs-2019"}},
        lambda c: {key: value for key, value in c.items() if key != "proof"},
    ],
    ids=["document", "proof-options", "signature", "encoding", "cryptosuite", "no-proof"],
)
def test_any_change_fails_verification(change) -> None:
    signed = sign_credential(W3C_CREDENTIAL, verification_method=W3C_METHOD, created=W3C_CREATED, key=w3c_key())

    with pytest.raises(CredentialInvalid):
        verify_credential(change(signed), W3C_PUBLIC)


def test_another_key_does_not_verify() -> None:
    signed = sign_credential(W3C_CREDENTIAL, verification_method=W3C_METHOD, created=W3C_CREATED, key=w3c_key())
    other = public_key_multibase(Ed25519PrivateKey.from_private_bytes(SEED).public_key())

    with pytest.raises(CredentialInvalid, match="does not verify"):
        verify_credential(signed, other)
    with pytest.raises(CredentialInvalid, match="Not an Ed25519 Multikey"):
        verify_credential(signed, multibase_encode(b"\x12\x00" + bytes(32)))


def test_multibase_round_trips_leading_zero_bytes() -> None:
    for data in (b"", b"\0", b"\0\0\x01\xff", bytes(range(40))):
        assert multibase_decode(multibase_encode(data)) == data
    with pytest.raises(ValueError, match="base58-btc"):
        multibase_decode("f00ff")


# --- the issuer key ----------------------------------------------------------------------------------


def test_the_key_is_read_from_base64url_base64_or_pem() -> None:
    pem = (
        Ed25519PrivateKey.from_private_bytes(SEED)
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )

    for text in (SEED_B64URL, base64.b64encode(SEED).decode(), f"  {SEED_B64URL}\n", pem):
        assert raw_seed(parse_signing_key(text)) == SEED


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("not a key!", "neither base64 nor a PEM private key"),
        (base64.b64encode(b"too short").decode(), "decodes to 9 bytes, not the 32"),
        (base64.b64encode(SEED + b"x").decode(), "decodes to 33 bytes"),
        ("-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----", "not a readable, unencrypted PEM"),
        (
            generate_private_key(SECP256R1())
            .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
            .decode(),
            "not an Ed25519 key",
        ),
        (
            Ed25519PrivateKey.from_private_bytes(SEED)
            .private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption(b"passphrase"),
            )
            .decode(),
            "not a readable, unencrypted PEM",
        ),
    ],
    ids=["garbage", "short", "long", "broken-pem", "ec-pem", "encrypted-pem"],
)
def test_a_key_that_is_not_an_ed25519_key_is_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_signing_key(text)
    with override_settings(OPEN_BADGES_SIGNING_KEY=text), pytest.raises(ImproperlyConfigured, match=reason):
        signing_key()


def test_the_configured_key_signs_whatever_the_secret_key() -> None:
    with override_settings(OPEN_BADGES_SIGNING_KEY=SEED_B64URL, SECRET_KEY="one"):
        first = raw_seed(signing_key())
    with override_settings(OPEN_BADGES_SIGNING_KEY=SEED_B64URL, SECRET_KEY="two", PRODUCTION=True):
        second = raw_seed(signing_key())

    assert first == second == SEED


def test_without_a_key_development_derives_one_and_production_refuses() -> None:
    with override_settings(OPEN_BADGES_SIGNING_KEY="", SECRET_KEY="one"):
        derived = raw_seed(signing_key())
        again = raw_seed(signing_key())
    with override_settings(OPEN_BADGES_SIGNING_KEY="", SECRET_KEY="two"):
        rotated = raw_seed(signing_key())
    with (
        override_settings(OPEN_BADGES_SIGNING_KEY="", PRODUCTION=True),
        pytest.raises(ImproperlyConfigured, match="OPEN_BADGES_SIGNING_KEY must be set in production"),
    ):
        signing_key()

    assert derived == again != rotated


def test_multikey_publishes_the_issuers_public_key() -> None:
    with override_settings(OPEN_BADGES_SIGNING_KEY=SEED_B64URL):
        method = multikey("https://uplift.example/issuer.json")

    assert method == {
        "id": "https://uplift.example/issuer.json#key-1",
        "type": "Multikey",
        "controller": "https://uplift.example/issuer.json",
        "publicKeyMultibase": public_key_multibase(Ed25519PrivateKey.from_private_bytes(SEED).public_key()),
    }
    assert method["publicKeyMultibase"].startswith("z6Mk")  # how every Ed25519 Multikey reads


# --- system checks -----------------------------------------------------------------------------------


def ids(messages: list[checks.CheckMessage]) -> list[str]:
    return [message.id for message in messages]


def test_the_checks_report_an_invalid_key_always_and_a_missing_one_on_deploy() -> None:
    with override_settings(OPEN_BADGES_SIGNING_KEY=SEED_B64URL):
        assert ids(signing_key_checks()) == []
        assert ids(signing_key_deploy_checks()) == []
    with override_settings(OPEN_BADGES_SIGNING_KEY="c2hvcnQ"):
        assert ids(signing_key_checks()) == ["credentials.E001"]
        assert "decodes to 5 bytes" in signing_key_checks()[0].msg
        assert ids(signing_key_deploy_checks()) == []
    with override_settings(OPEN_BADGES_SIGNING_KEY=""):
        assert ids(signing_key_checks()) == []
        assert ids(signing_key_deploy_checks()) == ["credentials.E002"]


def test_the_checks_are_registered_the_deploy_one_for_check_deploy_only() -> None:
    with override_settings(OPEN_BADGES_SIGNING_KEY=""):
        everyday = ids(checks.run_checks(tags=[checks.Tags.security]))
        deploy = ids(checks.run_checks(tags=[checks.Tags.security], include_deployment_checks=True))
    with override_settings(OPEN_BADGES_SIGNING_KEY="c2hvcnQ"):
        invalid = ids(checks.run_checks(tags=[checks.Tags.security]))

    assert "credentials.E002" not in everyday
    assert deploy.count("credentials.E002") == 1
    assert invalid.count("credentials.E001") == 1


def run_deploy_check(**env: str) -> subprocess.CompletedProcess[str]:
    # A clean environment: only what finds the interpreter, then production settings.
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}  # noqa: S108
    environment |= {
        "UPLIFT_ENV": "production",
        "SECRET_KEY": "a-dummy-secret-key-that-is-long-enough-for-the-deploy-check-0123456789",
        "ALLOWED_HOSTS": "uplift.example",
        **env,
    }
    return subprocess.run(  # noqa: S603 - this interpreter running this project's manage.py
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_check_deploy_fails_in_production_without_a_valid_key_and_passes_with_one() -> None:
    missing = run_deploy_check()
    invalid = run_deploy_check(OPEN_BADGES_SIGNING_KEY="not a key!")
    valid = run_deploy_check(OPEN_BADGES_SIGNING_KEY=SEED_B64URL)

    assert missing.returncode != 0
    assert "credentials.E002" in missing.stderr
    assert invalid.returncode != 0
    assert "credentials.E001" in invalid.stderr
    assert valid.returncode == 0, valid.stderr
    assert "credentials.E00" not in valid.stdout + valid.stderr
