"""Sign-in use cases over the identity-provider adapter."""

import html

from auth.models import Confirm, Login, Refresh, SignUp, SignUpResult, Tokens
from certtrack import clock, keys, notifications
from certtrack.errors import Conflict
from certtrack.settings import get_settings
from certtrack.store import cognito


def sign_up(request: SignUp) -> SignUpResult:
    """An address that already has an account gets the answer a new one gets, so the sign-up form
    cannot be used to learn who has an account; its owner is emailed instead."""
    local = get_settings().auto_confirm_signups
    try:
        cognito.sign_up(request.email, request.password, request.first_name, request.last_name, request.country)
    except Conflict:
        key = keys.signup_attempt_notice(request.email, clock.today().isoformat())
        notifications.record_and_queue(key, _existing_account_email(request.email))
    else:
        if local:
            cognito.confirm_now(request.email)
    if local:
        return SignUpResult(email=request.email, confirmed=True, message="account created and confirmed (local stage)")
    return SignUpResult(
        email=request.email, confirmed=False, message="account created: enter the code emailed to you to confirm it"
    )


def _existing_account_email(address: str) -> dict[str, str]:
    portal = get_settings().portal_url
    text = (
        "Someone, perhaps you, tried to create a certtrack account with this email address, which already "
        f"has one. Sign in at {portal}/#/login.\n\n"
        "If it was not you, you need do nothing: no account was created and yours is unchanged."
    )
    markup = (
        "<html><body><p>Someone, perhaps you, tried to create a certtrack account with this email address, "
        f'which already has one. <a href="{html.escape(portal)}/#/login">Sign in</a>.</p>'
        "<p>If it was not you, you need do nothing: no account was created and yours is unchanged.</p></body></html>"
    )
    return {"to": address, "subject": "You already have a certtrack account", "text": text, "html": markup}


def confirm(request: Confirm) -> SignUpResult:
    cognito.confirm(request.email, request.code)
    return SignUpResult(email=request.email, confirmed=True, message="account confirmed: you can sign in")


def log_in(request: Login) -> Tokens:
    return Tokens(**cognito.log_in(request.email, request.password))


def refresh(request: Refresh) -> Tokens:
    return Tokens(**cognito.refresh(request.refresh_token))
