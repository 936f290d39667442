"""The one mapping from domain errors to HTTP responses (ARCHITECTURE.md's error contract)."""

from functools import cache

from chalice import Response
from pydantic import ValidationError

from certtrack.errors import CerttrackError, InvalidInput


def error_body(exc: CerttrackError) -> dict[str, dict[str, str]]:
    error = {**exc.details, "code": exc.code, "message": exc.message}
    if exc.field:
        error["field"] = exc.field
    return {"error": error}


@cache
def security_headers() -> dict[str, str]:
    """What every API answer carries: no MIME sniffing, no framing, no scripts or styles of its own
    (an API answer is data, never a page to run), no referrer; deployed, browsers are told to use
    HTTPS only (the local stage is plain HTTP on loopback)."""
    from certtrack.settings import get_settings

    headers = {
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        "Referrer-Policy": "no-referrer",
    }
    if get_settings().stage != "local":
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    return headers


def response_headers(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Security headers and `no-store` (an answer may name a person), under a route's own headers."""
    return {**security_headers(), "Cache-Control": "no-store", **(extra or {})}


def error_response(exc: CerttrackError) -> Response:
    return Response(body=error_body(exc), status_code=exc.status, headers=response_headers())


def from_validation_error(exc: ValidationError) -> InvalidInput:
    """The first problem pydantic found, as a 400 naming the field and the reason."""
    first = exc.errors(include_url=False)[0]
    loc = ".".join(str(p) for p in first.get("loc", ()) if p != "__root__")
    kind = first.get("type", "")
    message = first.get("msg", "invalid value")
    if kind == "missing":
        message = "is required"
    elif kind == "extra_forbidden":
        message = "is not a field of this request"
    elif message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    field = loc or "body"
    return InvalidInput(f"{field}: {message}", field=field)
