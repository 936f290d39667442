"""Sign-in use cases over the identity-provider adapter."""

from auth.models import Confirm, Login, Refresh, SignUp, SignUpResult, Tokens
from certtrack.settings import get_settings
from certtrack.store import cognito


def sign_up(request: SignUp) -> SignUpResult:
    cognito.sign_up(request.email, request.password, request.first_name, request.last_name, request.country)
    if get_settings().auto_confirm_signups:
        cognito.confirm_now(request.email)
        return SignUpResult(email=request.email, confirmed=True, message="account created and confirmed (local stage)")
    return SignUpResult(
        email=request.email, confirmed=False, message="account created: enter the code emailed to you to confirm it"
    )


def confirm(request: Confirm) -> SignUpResult:
    cognito.confirm(request.email, request.code)
    return SignUpResult(email=request.email, confirmed=True, message="account confirmed: you can sign in")


def log_in(request: Login) -> Tokens:
    return Tokens(**cognito.log_in(request.email, request.password))


def refresh(request: Refresh) -> Tokens:
    return Tokens(**cognito.refresh(request.refresh_token))
