"""Local-stage-only routes (absent from the template): the mailbox of what SES sent."""

import json
from typing import Any
from urllib.parse import urlsplit

from moto.backends import get_backend
from moto.core import DEFAULT_ACCOUNT_ID

from certtrack.settings import get_settings


def outbox() -> list[dict[str, Any]]:
    """What SES sent, newest first, as `[{to, subject, text, html, sent_at}]`."""
    backend = get_backend("ses")[DEFAULT_ACCOUNT_ID][get_settings().aws_region]
    out = []
    for message in backend.sent_messages:
        body = getattr(message, "body", None) or {}
        text = body.get("text") if isinstance(body, dict) else getattr(message, "raw_data", "")
        out.append(
            {
                "to": list(getattr(message, "destinations", {}).get("ToAddresses", []))
                if isinstance(getattr(message, "destinations", None), dict)
                else list(getattr(message, "destinations", []) or []),
                "subject": getattr(message, "subject", ""),
                "text": text or "",
                "html": body.get("html", "") if isinstance(body, dict) else "",
                "sent_at": getattr(message, "sent_at", None),
            }
        )
    return list(reversed(out))


def routes(method: str, path: str, headers: dict[str, str], body: bytes | None) -> tuple[int, Any] | None:
    route = urlsplit(path).path
    if not route.startswith("/dev/"):
        return None
    if method == "GET" and route == "/dev/outbox":
        return 200, json.loads(json.dumps(outbox(), default=str))
    return 404, {"error": {"code": "not_found", "message": f"no local route {method} {route}"}}
