"""Public sign-in routes: the portal talks to these, never to Cognito directly."""

from chalice import Blueprint, Chalice

from auth import service
from auth.models import Confirm, Login, Refresh, SignUp, SignUpResult, Tokens
from certtrack.web import Call, common, route

bp = Blueprint(__name__)


@route(
    bp, "/auth/signup", "POST", request=SignUp, response=SignUpResult, status=201, public=True, errors=(400, 409, 429)
)
def signup(call: Call) -> SignUpResult:
    """Create an account (confirmed at once in the local stage)."""
    return service.sign_up(call.body)


@route(bp, "/auth/confirm", "POST", request=Confirm, response=SignUpResult, public=True, errors=(400, 401))
def confirm(call: Call) -> SignUpResult:
    """Confirm an account with the emailed code."""
    return service.confirm(call.body)


@route(bp, "/auth/login", "POST", request=Login, response=Tokens, public=True, errors=(400, 401, 403, 429))
def login(call: Call) -> Tokens:
    """Sign in; the id token is the bearer token for /me routes."""
    return service.log_in(call.body)


@route(bp, "/auth/refresh", "POST", request=Refresh, response=Tokens, public=True, errors=(400, 401))
def refresh(call: Call) -> Tokens:
    """New id and access tokens from a refresh token."""
    return service.refresh(call.body)


app = Chalice(app_name="certtrack-auth")
app.register_blueprint(common)
app.register_blueprint(bp)
