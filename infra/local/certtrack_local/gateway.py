"""API Gateway's own answers when a token is refused, played locally as the template's
`GatewayResponses` define them, so a test sees the status, body and headers AWS would send.

In AWS a TOKEN authorizer that raises an error whose message is "Unauthorized" makes API Gateway
answer 401 (UNAUTHORIZED); a deny policy, 403 (ACCESS_DENIED); any other failure of the authorizer,
AUTHORIZER_FAILURE. Chalice's local gateway knows only the first two, and lets an exception of the
authorizer escape as a 500; `install()` teaches it the rest.
"""

from functools import cache
from typing import Any

from chalice import local

from certtrack_local.resources import load_template


@cache
def responses() -> dict[str, tuple[int, dict[str, str], bytes]]:
    """The template's gateway responses: type → (status, headers, JSON body)."""
    api = next(r for r in load_template()["Resources"].values() if r["Type"] == "AWS::Serverless::Api")
    out = {}
    for kind, response in api["Properties"].get("GatewayResponses", {}).items():
        headers = {
            name: value.strip("'") for name, value in response.get("ResponseParameters", {}).get("Headers", {}).items()
        }
        body = response["ResponseTemplates"]["application/json"].encode()
        out[kind] = (int(response["StatusCode"]), {"Content-Type": "application/json", **headers}, body)
    return out


class AuthorizerFailure(local.LocalGatewayException):
    CODE = 503


_RAISE = {"UNAUTHORIZED": local.NotAuthorizedError, "ACCESS_DENIED": local.ForbiddenError}


def _refusal(kind: str) -> local.LocalGatewayException:
    status, headers, body = responses()[kind]
    error = _RAISE.get(kind, AuthorizerFailure)(headers, body)
    error.CODE = status
    return error


def install() -> None:
    """Once per process: local authorizer refusals become the template's gateway responses."""
    original = local.LocalGatewayAuthorizer.authorize
    if getattr(original, "__certtrack__", False):
        return

    def authorize(self: Any, raw_path: str, lambda_event: Any, lambda_context: Any) -> Any:
        try:
            return original(self, raw_path, lambda_event, lambda_context)
        except local.NotAuthorizedError as exc:
            raise _refusal("UNAUTHORIZED") from exc
        except local.ForbiddenError as exc:
            raise _refusal("ACCESS_DENIED") from exc
        except Exception as exc:
            raise _refusal("UNAUTHORIZED" if str(exc) == "Unauthorized" else "AUTHORIZER_FAILURE") from exc

    authorize.__certtrack__ = True  # type: ignore[attr-defined]
    local.LocalGatewayAuthorizer.authorize = authorize  # type: ignore[method-assign]
