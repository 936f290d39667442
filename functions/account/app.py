"""Account routes: `GET /me` (first sign-in mapping happens here) and support cases."""

from chalice import Blueprint, Chalice, Response

from account import service
from certtrack.accounts.models import Me, SupportCase, SupportCaseRequest
from certtrack.models import Items
from certtrack.web import Call, common, route

bp = Blueprint(__name__)


@route(bp, "/me", response=Me, errors=(401, 403))
def me(call: Call) -> Me:
    """Who the caller is, how the sign-in was mapped, and what a complete profile still needs."""
    return service.me(call)


@route(bp, "/me/welcome", "PUT", status=204)
def welcome(call: Call) -> Response:
    """Record that Home greeted this account's first visit (idempotent; `GET /me` says `welcomed`)."""
    service.record_welcome(call.candidate_id)
    return Response(body="", status_code=204)


@route(bp, "/me/support-cases", "POST", request=SupportCaseRequest, response=SupportCase, status=201, errors=(400, 409))
def open_support_case(call: Call) -> SupportCase:
    """Open a case with support, e.g. to map this sign-in to an existing record."""
    return service.open_case(call)


@route(bp, "/me/support-cases", response=Items[SupportCase])
def list_support_cases(call: Call) -> Items[SupportCase]:
    """The caller's support cases, newest first."""
    return service.list_cases(call)


app = Chalice(app_name="certtrack-account")
app.register_blueprint(common)
app.register_blueprint(bp)
