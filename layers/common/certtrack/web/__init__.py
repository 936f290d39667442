"""What every HTTP feature shares: the route decorator, the authorizer, the error contract."""

from certtrack.authorizer import common, jwt_auth
from certtrack.caller import Caller
from certtrack.web.api import Call, route

__all__ = ["Call", "Caller", "common", "jwt_auth", "route"]
