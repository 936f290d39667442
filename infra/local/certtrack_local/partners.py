"""Partner calls as the partners make them, for the local stage's tests, bench and demo: each partner
signs with its own secret (the development values of chalice.json's `PARTNER_SECRETS`, which the
embedded Secrets Manager holds) and names itself in `X-Certtrack-Partner`."""

import json

from certtrack import signing
from certtrack_local.resources import ROOT

#: Which partner calls which route (`catalog/partners.json` says what each may call).
ROUTE_PARTNERS = {
    "/vendor/exam-results": "testing-vendor",
    "/vendor/ce-credits": "training-partner",
    "/vendor/kit-orders/": "kit-vendor",
}


def development_secrets() -> dict[str, str]:
    stages = json.loads((ROOT / "chalice.json").read_text())["stages"]
    return json.loads(stages["local"]["environment_variables"]["PARTNER_SECRETS"])


def partner_for(path: str) -> str:
    return next(partner for prefix, partner in ROUTE_PARTNERS.items() if path.startswith(prefix))


def headers(path: str, raw: bytes, *, partner: str | None = None, at: int | None = None) -> dict[str, str]:
    """The headers of a partner's call to `path` with body `raw` (by default, the partner of that route)."""
    partner = partner or partner_for(path)
    key = development_secrets()[partner].encode()
    return {signing.PARTNER_HEADER: partner, signing.HEADER: signing.sign(raw, key, at=at)}
