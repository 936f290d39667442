"""Partner requests: HMAC-SHA256 over "<unix seconds>.<raw body>", timestamped against replays.

Header: `X-Certtrack-Signature: t=<unix seconds>,v1=<hex digest>`. A request older (or further in
the future) than five minutes is refused, so a captured request cannot be replayed later.
"""

import hashlib
import hmac
import os

from certtrack import clock
from certtrack.errors import Unauthenticated

HEADER = "X-Certtrack-Signature"
TOLERANCE_SECONDS = 300


def secret() -> bytes:
    value = os.environ.get("VENDOR_WEBHOOK_SECRET")
    if not value:
        raise RuntimeError("the environment variable VENDOR_WEBHOOK_SECRET must be set")
    return value.encode()


def sign(body: bytes, *, at: int | None = None, key: bytes | None = None) -> str:
    """The header value for `body` (partners, tests and the bench sign with this)."""
    t = int(clock.now().timestamp()) if at is None else at
    digest = hmac.new(key or secret(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={digest}"


def verify(header: str | None, body: bytes) -> None:
    """Raises `Unauthenticated` (401) unless the header signs this body, recently."""
    if not header:
        raise Unauthenticated(f"the request must be signed ({HEADER})", code="signature_missing")
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        t = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError) as exc:
        raise Unauthenticated(f"{HEADER} must be t=<unix seconds>,v1=<hex>", code="signature_malformed") from exc
    if abs(clock.now().timestamp() - t) > TOLERANCE_SECONDS:
        raise Unauthenticated("the signature is older than five minutes (or from the future)", code="signature_stale")
    expected = hmac.new(secret(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, given):
        raise Unauthenticated("the signature does not match the body", code="signature_invalid")
