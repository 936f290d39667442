"""boto3 clients, created once per process on first use.

The endpoint comes from `AWS_ENDPOINT_URL` (boto3 reads it itself), so the same code talks to the
embedded AWS locally and to AWS when deployed. Tests inject their own with `use_client`.
"""

import gc
from functools import cache
from typing import Any

import boto3
from botocore.config import Config

from certtrack.settings import get_settings

_CONFIG = Config(retries={"mode": "standard", "max_attempts": 4}, connect_timeout=3, read_timeout=10)
_injected: dict[str, Any] = {}


def client(service: str) -> Any:
    """The process's client for `service` (e.g. "dynamodb", "cognito-idp")."""
    return _injected.get(service) or _create(service)


@cache
def _create(service: str) -> Any:
    config = _CONFIG.merge(Config(signature_version="s3v4")) if service == "s3" else _CONFIG
    # Building a client allocates tens of thousands of objects; collections during it only scan
    # the heap the imports left behind (~20 ms of every cold start, measured by bench/coldstart.py).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return boto3.session.Session().client(service, region_name=get_settings().aws_region, config=config)
    finally:
        if collecting:
            gc.enable()


def use_client(service: str, instance: Any) -> None:
    """Inject a client (tests); `None` goes back to the process's own."""
    if instance is None:
        _injected.pop(service, None)
    else:
        _injected[service] = instance


def reset_clients() -> None:
    """Forget every client: the next call creates them anew (tests that restart the embedded AWS)."""
    _injected.clear()
    _create.cache_clear()
