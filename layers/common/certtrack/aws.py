"""boto3 clients, created once per process on first use.

The endpoint comes from `AWS_ENDPOINT_URL` (boto3 reads it itself), so the same code talks to the
embedded AWS locally and to AWS when deployed.
"""

import gc
import threading
from typing import Any

import boto3
import botocore.session
from botocore.config import Config

from certtrack.settings import get_settings

_CONFIG = Config(retries={"mode": "standard", "max_attempts": 4}, connect_timeout=3, read_timeout=10)
_clients: dict[str, Any] = {}
_session: boto3.session.Session | None = None
_loader: Any = None
# A boto3 session is not safe to build clients from on two threads at once; clients are.
_building = threading.Lock()


def _new_session(loader: Any = None) -> boto3.session.Session:
    """A boto3 session over a botocore session whose data loader (the parsed service models and
    endpoint data) is kept in `_loader`, so that `renew` can hand it to the next session."""
    global _loader
    core = botocore.session.get_session()
    if loader is not None:
        core.register_component("data_loader", loader)
    _loader = core.get_component("data_loader")
    return boto3.session.Session(botocore_session=core)


def client(service: str) -> Any:
    """The process's client for `service` (e.g. "dynamodb", "cognito-idp")."""
    return _clients.get(service) or _create(service)


def _create(service: str) -> Any:
    """Every client comes from one session: the second and third client of a function then reuse its
    loaded endpoint, partition and retry data, which halves what they add to a cold start (three
    clients: 125 ms instead of 245 ms, measured on the bench machine)."""
    global _session
    config = _CONFIG.merge(Config(signature_version="s3v4")) if service == "s3" else _CONFIG
    with _building:
        if service in _clients:
            return _clients[service]
        # Building a client allocates tens of thousands of objects; collections during it only scan
        # the heap the imports left behind (~20 ms of every cold start, measured by bench/coldstart.py).
        collecting = gc.isenabled()
        gc.disable()
        try:
            _session = _session or _new_session()
            made = _session.client(service, region_name=get_settings().aws_region, config=config)
        finally:
            if collecting:
                gc.enable()
        _clients[service] = made
        return made


#: Every service the layer calls: the clients `prepare` builds before a SnapStart snapshot.
SERVICES = ("dynamodb", "s3", "sqs", "events", "kms", "ses", "cognito-idp", "secretsmanager")


def prepare() -> None:
    """Build a client for every service the layer calls (no call is made): the before-snapshot hook
    (`certtrack.snapstart`), so that a restored function finds the service models and endpoint data
    loaded. A function that never calls a service keeps an unused client in its snapshot, which costs
    memory, not time."""
    for service in SERVICES:
        client(service)


def renew() -> None:
    """After a SnapStart restore: a new session (its credentials resolved again on the first call)
    and no client (no connection pool from the snapshot), keeping the loaded service models, so the
    next `client()` costs a fraction of a first one (`bench/snapstart.py` measures it)."""
    global _session
    with _building:
        if _session is None:
            return
        _session = _new_session(loader=_loader)
        _clients.clear()


def reset_clients() -> None:
    """Forget every client and the session: the next call creates them anew (tests that restart the
    embedded AWS)."""
    global _session, _loader
    with _building:
        _clients.clear()
        _session = None
        _loader = None
