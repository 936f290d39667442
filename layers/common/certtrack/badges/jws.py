"""Compact JWS (RFC 7515) signed by the KMS key, as VC-JWT in Open Badges 3.0 wants it: header
`{"alg": "ES256", "typ": "JWT", "kid": <https URL answering the JWK>}` and nothing else.

KMS returns an ECDSA signature DER-encoded; JWS carries the raw 64 bytes r‖s (RFC 7518 §3.4). The
public keys are published as a JWK Set; each key's id is its RFC 7638 thumbprint under `/keys/`, so
a rotation adds a key without renaming the old one, and credentials signed by it keep verifying
while it is listed.
"""

import base64
import hashlib
import json
from functools import cache
from typing import Any

from certtrack import snapstart
from certtrack.settings import MissingSetting, get_settings
from certtrack.store import kms

ALG = "ES256"

#: What reads a key and a signature (cryptography): imported by the routes that sign or publish keys,
#: not by those that only read stored credentials, and held in the SnapStart snapshot.
snapstart.preload(
    "cryptography.hazmat.primitives.asymmetric.ec",
    "cryptography.hazmat.primitives.asymmetric.utils",
    "cryptography.hazmat.primitives.serialization",
)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _compact(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@cache
def _public_jwk(key_id: str) -> dict[str, str]:
    """The key's JWK without `kid` (one KMS round trip per key and process)."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import load_der_public_key

    key = load_der_public_key(kms.public_key(key_id))
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
        raise RuntimeError(f"the signing key {key_id} is not an ECC_NIST_P256 key")
    numbers = key.public_numbers()
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": b64url(numbers.x.to_bytes(32, "big")),
        "y": b64url(numbers.y.to_bytes(32, "big")),
    }


def thumbprint(jwk: dict[str, str]) -> str:
    """RFC 7638: SHA-256 of the required members in lexicographic order, no whitespace."""
    members = {k: jwk[k] for k in ("crv", "kty", "x", "y")}
    return b64url(hashlib.sha256(_compact(members)).digest())


def kid_url(thumb: str) -> str:
    return f"{get_settings().api_url}/keys/{thumb}"


def _jwk(key_id: str) -> dict[str, str]:
    public = _public_jwk(key_id)
    return {**public, "kid": kid_url(thumbprint(public)), "alg": ALG, "use": "sig"}


def _key_ids() -> tuple[str, ...]:
    """The listed keys; a function deployed without them fails naming the variable."""
    listed = get_settings().badge_signing_keys
    if not listed:
        raise MissingSetting("the environment variable BADGE_SIGNING_KEYS must be set")
    return listed


def jwks() -> dict[str, list[dict[str, str]]]:
    """Every listed key: the one that signs now first, then the retired ones still honoured."""
    return {"keys": [_jwk(key_id) for key_id in _key_ids()]}


def jwk(thumb: str) -> dict[str, str] | None:
    return next((k for k in jwks()["keys"] if k["kid"] == kid_url(thumb)), None)


def sign(payload: dict[str, Any]) -> str:
    """The compact JWS of `payload`, signed by the current key."""
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    key_id = _key_ids()[0]
    header = {"alg": ALG, "typ": "JWT", "kid": _jwk(key_id)["kid"]}
    signing_input = f"{b64url(_compact(header))}.{b64url(_compact(payload))}"
    r, s = decode_dss_signature(kms.sign(key_id, signing_input.encode("ascii")))
    return f"{signing_input}.{b64url(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"


def payload(token: str) -> dict[str, Any]:
    """The claims of a JWS this system signed and stored (read back for display, not verified: a
    verifier checks the signature against the JWKS, as the public page does)."""
    return json.loads(b64url_decode(token.split(".")[1]))
