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
from certtrack.observability import logger
from certtrack.settings import get_settings
from certtrack.store.items import LoginItem

_JWKS_TTL = 3600.0
_REFRESH_COOLDOWN = 60.0


class _Jwks:
    """The issuer's signing keys, cached per process; an unknown `kid` refetches (key rotation)."""

    def __init__(self) -> None:
        self._keys: dict[str, Any] = {}
        self._fetched_at = 0.0
        self._lock = threading.Lock()

    def key(self, kid: str) -> Any:
        with self._lock:
            age = time.monotonic() - self._fetched_at
            if age > _JWKS_TTL or (kid not in self._keys and age > _REFRESH_COOLDOWN):
                self._refresh()
            return self._keys.get(kid)

    def _refresh(self) -> None:
        response = requests.get(get_settings().jwks_address, timeout=5)
        response.raise_for_status()
        keyset = jwt.PyJWKSet.from_dict(response.json())
        self._keys = {k.key_id: k.key for k in keyset.keys if k.key_id}
        self._fetched_at = time.monotonic()

    def forget(self) -> None:
        with self._lock:
            self._keys, self._fetched_at = {}, 0.0


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
            leeway=30,
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
