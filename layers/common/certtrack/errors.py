"""Domain errors. Services raise these; one module (`certtrack.web.errors`) maps them to HTTP."""

from typing import Any


class CerttrackError(Exception):
    """Base class: `code` is stable for clients, `message` is for people, `field` names the input."""

    status = 500
    code = "internal_error"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: str | None = None,
        details: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        #: More the client can act on, beside code and message (a wait's first allowed date).
        self.details = details or {}
        if code:
            self.code = code


class InvalidInput(CerttrackError):
    """Bad input. `problems` lists every field refused with its reason, so that one answer lets the
    caller fix them all; `field` and `message` name the first."""

    status = 400
    code = "invalid_input"

    def __init__(self, message: str, *, problems: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.problems = problems or []


class Unauthenticated(CerttrackError):
    status = 401
    code = "unauthenticated"


class Forbidden(CerttrackError):
    status = 403
    code = "forbidden"


class NotFound(CerttrackError):
    status = 404
    code = "not_found"


class Conflict(CerttrackError):
    status = 409
    code = "conflict"


class TooLarge(CerttrackError):
    status = 413
    code = "too_large"


class PaymentDeclined(CerttrackError):
    """The payment provider refused the charge; nothing was booked."""

    status = 402
    code = "payment_declined"


class UpstreamError(CerttrackError):
    """A dependency (identity provider, vendor) failed in a way the caller cannot fix."""

    status = 502
    code = "upstream_error"


class Unavailable(CerttrackError):
    """A dependency cannot be reached just now; the same request may succeed later (503)."""

    status = 503
    code = "unavailable"


class SupportRequired(Forbidden):
    """The sign-in cannot be linked to a candidate record without an administrator."""

    code = "support_required"


class Gone(CerttrackError):
    """A share that existed and was revoked or expired: the message says which and since when."""

    status = 410
    code = "gone"
