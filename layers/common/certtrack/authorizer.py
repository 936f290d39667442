"""The API's JWT authorizer (`AuthorizerFunction`'s handler) and the blueprint every HTTP app registers.

It lives apart from the routes (`certtrack.web.api`) because API Gateway runs it in its own function,
on the cold path of every authorized request: importing it loads Chalice and the logger, no pydantic
model, route or rule. What verifies a token (jwt, cryptography, the login's item) loads on the first
call, or before the SnapStart snapshot (`snapstart.preload`).
"""

from typing import Any

from chalice import AuthResponse, Blueprint, UnauthorizedError

from certtrack import snapstart

#: The blueprint every HTTP feature registers: the authorizer here, the request middleware added by
#: `certtrack.web.api`.
common = Blueprint(__name__)

#: API Gateway caches an authorizer's answer per token this long: with the 10 s clock leeway, a token
#: stops working at most 40 s after it expires.
AUTHORIZER_CACHE_SECONDS = 30

snapstart.preload("certtrack.auth")


@common.authorizer(ttl_seconds=AUTHORIZER_CACHE_SECONDS)
def jwt_auth(auth_request: Any) -> AuthResponse:
    """Verifies the bearer id token; the context carries who it is and which candidate that is. A token
    that is not valid raises "Unauthorized", which API Gateway answers with 401 (a deny policy would
    be a 403, the answer for a valid token without the right)."""
    from certtrack.auth import authorize  # jwt and cryptography load only where tokens are checked

    context = authorize(auth_request.token)
    if context is None:
        raise UnauthorizedError("Unauthorized")
    return AuthResponse(routes=["*"], principal_id=context["sub"], context=context)
