"""The identity provider (a Cognito user pool), behind the API so the portal never talks to AWS."""

from typing import Any

from botocore.exceptions import ClientError

from certtrack import aws
from certtrack.errors import CerttrackError, Conflict, Forbidden, InvalidInput, Unauthenticated, UpstreamError
from certtrack.settings import get_settings

_WRONG_CREDENTIALS = "the email or password is not correct"


def _translate(exc: ClientError, *, on_not_authorized: str = _WRONG_CREDENTIALS) -> CerttrackError:
    code = exc.response["Error"]["Code"]
    message = exc.response["Error"].get("Message", "")
    mapping: dict[str, CerttrackError] = {
        "UsernameExistsException": Conflict("an account with this email already exists", field="email"),
        "InvalidPasswordException": InvalidInput(f"password: {message or 'too weak'}", field="password"),
        "CodeMismatchException": InvalidInput("code: the confirmation code is not correct", field="code"),
        "ExpiredCodeException": InvalidInput("code: the confirmation code has expired", field="code"),
        "NotAuthorizedException": Unauthenticated(on_not_authorized),
        "UserNotFoundException": Unauthenticated(on_not_authorized),
        "UserNotConfirmedException": Forbidden(
            "confirm your account with the code emailed to you first", code="not_confirmed"
        ),
        # the sign-in name (the email) is one the pool does not take: the caller's input, not an outage
        "InvalidParameterException": InvalidInput(
            f"email: the identity provider does not take this address ({message or 'invalid'})", field="email"
        ),
        "LimitExceededException": UpstreamError("too many attempts; wait a few minutes"),
        "TooManyRequestsException": UpstreamError("too many attempts; wait a few minutes"),
    }
    return mapping.get(code) or UpstreamError("the identity provider refused the request")


def sign_up(email: str, password: str, first_name: str, last_name: str, country: str) -> None:
    settings = get_settings()
    try:
        aws.client("cognito-idp").sign_up(
            ClientId=settings.user_pool_client_id,
            Username=email,
            Password=password,
            UserAttributes=[
                {"Name": "email", "Value": email},
                {"Name": "given_name", "Value": first_name},
                {"Name": "family_name", "Value": last_name},
                {"Name": "custom:country", "Value": country},
            ],
        )
    except ClientError as exc:
        raise _translate(exc) from exc


def confirm_now(email: str) -> None:
    """Local stage only: what the emailed code would do, without the email."""
    pool = get_settings().user_pool_id
    idp = aws.client("cognito-idp")
    idp.admin_confirm_sign_up(UserPoolId=pool, Username=email)
    idp.admin_update_user_attributes(
        UserPoolId=pool, Username=email, UserAttributes=[{"Name": "email_verified", "Value": "true"}]
    )


def confirm(email: str, code: str) -> None:
    try:
        aws.client("cognito-idp").confirm_sign_up(
            ClientId=get_settings().user_pool_client_id, Username=email, ConfirmationCode=code
        )
    except ClientError as exc:
        raise _translate(exc, on_not_authorized="this account cannot be confirmed") from exc


def _tokens(result: dict[str, Any]) -> dict[str, Any]:
    auth = result.get("AuthenticationResult")
    if not auth:
        raise UpstreamError("the identity provider asked for a further sign-in step this API does not offer")
    tokens = {
        "id_token": auth["IdToken"],
        "access_token": auth["AccessToken"],
        "expires_in": auth["ExpiresIn"],
        "token_type": "Bearer",
    }
    if auth.get("RefreshToken"):
        tokens["refresh_token"] = auth["RefreshToken"]
    return tokens


def log_in(email: str, password: str) -> dict[str, Any]:
    try:
        result = aws.client("cognito-idp").initiate_auth(
            ClientId=get_settings().user_pool_client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )
    except ClientError as exc:
        raise _translate(exc) from exc
    return _tokens(result)


def refresh(refresh_token: str) -> dict[str, Any]:
    try:
        result = aws.client("cognito-idp").initiate_auth(
            ClientId=get_settings().user_pool_client_id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": refresh_token},
        )
    except ClientError as exc:
        raise _translate(exc, on_not_authorized="the refresh token is not valid; sign in again") from exc
    return _tokens(result)
