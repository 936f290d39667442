"""Bearer-token verification for the built-in authorizer.

The same code runs in Chalice's local server and as API Gateway's Lambda authorizer, so a forged,
expired or foreign token is refused locally exactly as in AWS: RS256 only, signature against the
issuer's JWKS, issuer, audience (the app client), expiry, and `token_use` = id.
"""

import threading
import time
from typing import Any

import jwt
import requests

from certtrack.accounts.repository import get_login
from certtrack.errors import Unavailable
from certtrack.observability import logger
from certtrack.settings import get_settings
from certtrack.store.items.account import LoginItem

_JWKS_TTL = 3600.0
_REFRESH_COOLDOWN = 60.0
_FAILURE_PAUSE = 5.0
#: Clock skew allowed between the issuer and us; with the authorizer's 30 s cache a token stops
#: working at most 40 s after it expires.
LEEWAY_SECONDS = 10


class _Jwks:
    """The issuer's signing keys, cached per process; an unknown `kid` refetches (key rotation).

    The fetch happens outside the lock (a slow issuer must not hold every other request behind it),
    a failed fetch keeps the keys it had and is not retried for a few seconds, and a token whose key
    cannot be had at all is answered with `Unavailable` (503), not as a server error.
    """

    def __init__(self) -> None:
        self._keys: dict[str, Any] = {}
        self._fetched_at = 0.0
        self._failed_at = -_FAILURE_PAUSE
        self._lock = threading.Lock()

    def key(self, kid: str) -> Any:
        now = time.monotonic()
        with self._lock:
            keys, age = self._keys, now - self._fetched_at
            due = age > _JWKS_TTL or (kid not in keys and age > _REFRESH_COOLDOWN)
            due = due and now - self._failed_at > _FAILURE_PAUSE
        if due:
            keys = self._refresh(now) or keys
        if kid not in keys and not keys:
            raise Unavailable("the issuer's signing keys cannot be fetched just now")
        return keys.get(kid)

    def _refresh(self, now: float) -> dict[str, Any] | None:
        try:
            response = requests.get(get_settings().jwks_address, timeout=3)
            response.raise_for_status()
            keyset = jwt.PyJWKSet.from_dict(response.json())
        except (requests.RequestException, ValueError, jwt.PyJWKSetError) as exc:
            logger.warning("JWKS fetch failed", extra={"reason": type(exc).__name__})
            with self._lock:
                self._failed_at = now
            return None
        keys = {k.key_id: k.key for k in keyset.keys if k.key_id}
        with self._lock:
            self._keys, self._fetched_at = keys, now
        return keys

    def forget(self) -> None:
        with self._lock:
            self._keys, self._fetched_at, self._failed_at = {}, 0.0, -_FAILURE_PAUSE


jwks = _Jwks()


def verify(token: str) -> dict[str, Any] | None:
    """The token's claims if it is a valid id token of our pool, else None (and why, in the log)."""
    settings = get_settings()
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != "RS256":
            raise jwt.InvalidAlgorithmError("only RS256 tokens are accepted")
        key = jwks.key(str(header.get("kid", "")))
        if key is None:
            raise jwt.InvalidKeyError("unknown signing key")
        claims = jwt.decode(
            token,
            key,
            algorithms=["RS256"],
            audience=settings.user_pool_client_id,
            issuer=settings.issuer,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            leeway=LEEWAY_SECONDS,
        )
    except jwt.PyJWTError as exc:
        logger.info("token refused", extra={"reason": type(exc).__name__})
        return None
    if claims.get("token_use") != "id":
        logger.info("token refused", extra={"reason": "not an id token"})
        return None
    return claims


def authorize(header_value: str | None) -> dict[str, str] | None:
    """The authorizer context for a verified `Authorization` header, or None to deny."""
    scheme, _, token = (header_value or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    claims = verify(token.strip())
    if claims is None:
        return None
    found = get_login(claims["sub"])
    login = LoginItem.from_item(found) if found else None
    groups = claims.get("cognito:groups") or []
    return {
        "sub": claims["sub"],
        "email": str(claims.get("email", "")),
        "email_verified": str(claims.get("email_verified", "false")).lower(),
        "given_name": str(claims.get("given_name", "")),
        "family_name": str(claims.get("family_name", "")),
        "country": str(claims.get("custom:country", "")),
        "groups": ",".join(groups if isinstance(groups, list) else [str(groups)]),
        "candidate_id": (login.candidate_id if login else None) or "",
        "mapping": login.state if login else "",
    }
