"""Partner secrets in AWS Secrets Manager, read through Powertools Parameters.

A secret holds `{"current": ..., "previous": ...}`: during a rollover both verify, so a partner can
switch to the new secret at its own pace; afterwards `previous` is emptied. Values are cached for
five minutes per process: a partner call costs no Secrets Manager call, and a rotated secret is
accepted at most five minutes after it is stored.
"""

import json

from aws_lambda_powertools.utilities.parameters import GetParameterError, SecretsProvider
from botocore.exceptions import ClientError

from certtrack import aws
from certtrack.errors import Unavailable
from certtrack.observability import logger
from certtrack.settings import get_settings

MAX_AGE_SECONDS = 300

_provider: SecretsProvider | None = None


def _secrets() -> SecretsProvider:
    """One provider (and its cache) per client: tests that restart the embedded AWS get a new one."""
    global _provider
    client = aws.client("secretsmanager")
    if _provider is None or _provider.client is not client:
        _provider = SecretsProvider(boto3_client=client)
    return _provider


def secret_name(partner_id: str) -> str:
    return f"{get_settings().require('partner_secrets_prefix')}{partner_id}"


def partner_secrets(partner_id: str) -> tuple[bytes, ...]:
    """The secrets a partner's signature may be made with: none if the partner has no secret stored."""
    try:
        value = _secrets().get(secret_name(partner_id), max_age=MAX_AGE_SECONDS)
    except GetParameterError as exc:
        cause = exc.__context__  # Powertools wraps every error, raising inside its except
        if isinstance(cause, ClientError) and cause.response["Error"]["Code"] == "ResourceNotFoundException":
            return ()
        raise Unavailable("partner credentials cannot be read just now; retry later") from exc
    try:
        stored = json.loads(value)
    except ValueError:
        stored = None
    if not isinstance(stored, dict):
        logger.error("partner secret is not {current, previous}", extra={"partner": partner_id})
        return ()
    return tuple(str(stored[k]).encode() for k in ("current", "previous") if stored.get(k))
