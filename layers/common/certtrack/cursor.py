"""Opaque pagination cursors: a page's last key, signed so a client can neither read nor forge it,
and bound to whom it was issued for (a candidate, or an administrator and the list asked for): a
cursor passed to another candidate, or to another list, is refused rather than read."""

import base64
import hashlib
import hmac
import json
from typing import Any

from certtrack.errors import InvalidInput
from certtrack.settings import get_settings

_REFUSED = "cursor: not a cursor this API issued to this caller for this list"


def _mac(owner: str, payload: bytes) -> bytes:
    message = owner.encode() + b"\0" + payload
    return hmac.new(get_settings().cursor_secret.encode(), message, hashlib.sha256).digest()[:16]


def encode(last_key: dict[str, Any] | None, *, owner: str) -> str | None:
    if not last_key:
        return None
    payload = json.dumps(last_key, separators=(",", ":"), sort_keys=True, default=str).encode()
    return base64.urlsafe_b64encode(_mac(owner, payload) + payload).decode().rstrip("=")


def decode(cursor: str | None, *, owner: str) -> dict[str, Any] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        mac, payload = raw[:16], raw[16:]
        if not hmac.compare_digest(mac, _mac(owner, payload)):
            raise ValueError("bad signature")
        value = json.loads(payload)
    except ValueError as exc:
        raise InvalidInput(_REFUSED, field="cursor") from exc
    if not isinstance(value, dict):
        raise InvalidInput(_REFUSED, field="cursor")
    return value
