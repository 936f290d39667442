"""Opaque pagination cursors: a page's last key, signed so a client can neither read nor forge it."""

import base64
import hashlib
import hmac
import json
from typing import Any

from certtrack.errors import InvalidInput
from certtrack.settings import get_settings


def _mac(payload: bytes) -> bytes:
    return hmac.new(get_settings().cursor_secret.encode(), payload, hashlib.sha256).digest()[:16]


def encode(last_key: dict[str, Any] | None) -> str | None:
    if not last_key:
        return None
    payload = json.dumps(last_key, separators=(",", ":"), sort_keys=True, default=str).encode()
    return base64.urlsafe_b64encode(_mac(payload) + payload).decode().rstrip("=")


def decode(cursor: str | None) -> dict[str, Any] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        mac, payload = raw[:16], raw[16:]
        if not hmac.compare_digest(mac, _mac(payload)):
            raise ValueError("bad signature")
        value = json.loads(payload)
    except ValueError as exc:
        raise InvalidInput("cursor: not a cursor this API issued", field="cursor") from exc
    if not isinstance(value, dict):
        raise InvalidInput("cursor: not a cursor this API issued", field="cursor")
    return value
