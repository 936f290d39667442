"""The one mapping from domain errors to HTTP responses (ARCHITECTURE.md's error contract), and
pydantic's refusals in plain words: a candidate reads "must be at least 8 characters", not
"String should have at least 8 characters", and every refused field at once."""

from functools import cache
from typing import Any

from chalice import Response
from pydantic import ValidationError

from certtrack.errors import CerttrackError, InvalidInput


def error_body(exc: CerttrackError) -> dict[str, dict[str, Any]]:
    error: dict[str, Any] = {**exc.details, "code": exc.code, "message": exc.message}
    if exc.field:
        error["field"] = exc.field
    problems = getattr(exc, "problems", None)
    if problems:
        error["errors"] = [{"field": field, "message": message} for field, message in problems]
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
    """Every problem pydantic found, as one 400 naming the first field; each problem "field: reason"."""
    problems: list[tuple[str, str]] = []
    for error in exc.errors(include_url=False):
        field = ".".join(str(p) for p in error.get("loc", ()) if p != "__root__") or "body"
        if (field, reason := plain(error)) not in problems:
            problems.append((field, reason))
    message = "; ".join(f"{field}: {reason}" for field, reason in problems)
    return InvalidInput(message, field=problems[0][0], problems=problems)


#: Regular expressions of the API's fields, in words.
_PATTERNS = {
    r"^CSCO\d{8}$": "must be CSCO followed by 8 digits",
    r"^[A-Z]{2}$": "must be two capital letters",
    r"^[A-Z]{3}$": "must be three capital letters",
    r"^\d+$": "must be digits only",
}


def plain(error: Any) -> str:
    """One pydantic error in words a candidate understands."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    message = str(error.get("msg", "is not valid"))
    if kind == "missing" or (error.get("input") is None and kind.endswith("_type")):
        return "is required"
    if kind == "extra_forbidden":
        return "is not a field of this request"
    if kind in ("value_error", "assertion_error"):
        return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "string_too_short":
        n = ctx.get("min_length", 1)
        return "must not be empty" if n == 1 else f"must be at least {n} characters"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    if kind == "too_short":
        return f"must list at least {ctx.get('min_length')}"
    if kind == "too_long":
        return f"must list at most {ctx.get('max_length')}"
    if kind in ("string_type", "string_sub_type"):
        return "must be text"
    if kind.startswith("bool_"):
        return "must be true or false"
    if kind.startswith("int_"):
        return "must be a whole number"
    if kind.startswith("float_") or kind == "decimal_parsing":
        return "must be a number"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {"greater_than": "more than", "greater_than_equal": "at least", "less_than": "less than"}
        limit = ctx.get({"greater_than": "gt", "greater_than_equal": "ge", "less_than": "lt"}.get(kind, "le"))
        return f"must be {words.get(kind, 'at most')} {limit}"
    if kind.startswith("date_") and not kind.startswith("datetime"):
        return "must be a date written YYYY-MM-DD"
    if kind.startswith("datetime"):
        return "must be a date and time (ISO 8601, e.g. 2027-03-01T09:30:00Z)"
    if kind in ("literal_error", "enum"):
        return f"must be {ctx.get('expected', 'one of the listed values')}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        alternatives = pattern.removeprefix("^(").removesuffix(")$")
        if pattern.startswith("^(") and alternatives.replace("|", "").replace("_", "").isalnum():
            return "must be " + " or ".join(alternatives.split("|"))
        return _PATTERNS.get(pattern, "has characters or a form this field does not take")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be an object"
    if kind in ("list_type", "tuple_type", "set_type"):
        return "must be a list"
    return message[0].lower() + message[1:] if message else "is not valid"
