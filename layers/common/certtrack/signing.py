"""Partner requests: HMAC-SHA256 over "<unix seconds>.<raw body>" with the partner's own secret,
timestamped against replays.

Headers: `X-Certtrack-Partner: <partner id>` and `X-Certtrack-Signature: t=<unix seconds>,v1=<hex
digest>`. A request older (or further in the future) than five minutes is refused, so a captured
request cannot be replayed later. Each partner has its own secret (a leak exposes one partner) and
may call only the routes `catalog/partners.json` lists for it.
"""

import hashlib
import hmac
import re

from certtrack import clock
from certtrack.errors import Forbidden, Unauthenticated
from certtrack.partners.registry import Scope, partner
from certtrack.store.secrets import partner_secrets

HEADER = "X-Certtrack-Signature"
PARTNER_HEADER = "X-Certtrack-Partner"
TOLERANCE_SECONDS = 300
_SIGNATURE = re.compile(r"^t=(\d{1,12}),v1=([0-9a-f]{64})$")


def sign(body: bytes, key: bytes, *, at: int | None = None) -> str:
    """The signature header's value for `body` (partners, tests and the bench sign with this)."""
    t = int(clock.now().timestamp()) if at is None else at
    digest = hmac.new(key, f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={digest}"


def verify(partner_id: str | None, header: str | None, body: bytes, scope: Scope) -> str:
    """The calling partner's id; `Unauthenticated` (401) unless the header signs this body recently with
    that partner's secret, `Forbidden` (403) if the partner may not call a route of `scope`."""
    if not partner_id:
        raise Unauthenticated(f"the request must name its partner ({PARTNER_HEADER})", code="partner_missing")
    if not header:
        raise Unauthenticated(f"the request must be signed ({HEADER})", code="signature_missing")
    matched = _SIGNATURE.match(header.strip())
    if matched is None:
        raise Unauthenticated(f"{HEADER} must be t=<unix seconds>,v1=<64 hex digits>", code="signature_malformed")
    t, given = int(matched[1]), matched[2].encode()
    if abs(clock.now().timestamp() - t) > TOLERANCE_SECONDS:
        raise Unauthenticated("the signature is older than five minutes (or from the future)", code="signature_stale")
    known = partner(partner_id)
    # An unknown partner gets the same answer as a wrong signature: ids are not to be probed.
    keys = partner_secrets(partner_id) if known else ()
    message = f"{t}.".encode() + body
    digests = (hmac.new(k, message, hashlib.sha256).hexdigest().encode() for k in keys)
    if known is None or not any(hmac.compare_digest(d, given) for d in digests):
        raise Unauthenticated("the signature does not match the body and partner", code="signature_invalid")
    if scope not in known.may:
        raise Forbidden(f"partner {partner_id} may not call this route (it may: {', '.join(known.may)})")
    return partner_id
