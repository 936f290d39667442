"""Certification logos (guide §7): short-lived links to the artwork, for active certifications."""

from typing import Any

from certtrack.certs.certificates import holdable
from certtrack.store import documents
from certtrack.store.documents import LINK_SECONDS

USAGE_TERMS = (
    "You may use the logo of a certification you hold while it is active: on business cards, "
    "résumés, email signatures and professional profiles, next to your name. Do not change its "
    "colours or proportions, combine it with other marks, or use it for a certification you do not "
    "hold or that has expired. Use the light version on light backgrounds and the dark version on "
    "dark ones."
)
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


def key(cert_id: str, variant: str, fmt: str) -> str:
    return f"logos/{cert_id}/{cert_id}-{variant}.{fmt}"


def links(candidate_id: str, cert_id: str) -> dict[str, Any]:
    holdable(candidate_id, cert_id)
    items = []
    for variant in ("light", "dark"):
        for fmt, content_type in FORMATS.items():
            filename = f"{cert_id}-{variant}.{fmt}"
            url = documents.artwork_link(key(cert_id, variant, fmt), filename, content_type)
            items.append({"variant": variant, "format": fmt, "url": url, "filename": filename})
    return {"usage_terms": USAGE_TERMS, "expires_in": LINK_SECONDS, "items": items}
