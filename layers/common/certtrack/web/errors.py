"""The one mapping from domain errors to HTTP responses (ARCHITECTURE.md's error contract)."""

from chalice import Response
from pydantic import ValidationError

from certtrack.errors import CerttrackError, InvalidInput


def error_body(exc: CerttrackError) -> dict[str, dict[str, str]]:
    error = {**exc.details, "code": exc.code, "message": exc.message}
    if exc.field:
        error["field"] = exc.field
    return {"error": error}


def error_response(exc: CerttrackError) -> Response:
    return Response(body=error_body(exc), status_code=exc.status, headers={"Cache-Control": "no-store"})


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
