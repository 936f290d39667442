"""Powertools logger, metrics and tracer: one of each per process, configured from the environment.

Logs are structured JSON with the request id and candidate id; tokens, passwords and addresses are
never logged (views log ids and outcomes only).

The tracer is built on first use and only where tracing is on (in Lambda with active tracing):
Powertools' Tracer imports the X-Ray SDK when constructed, which would otherwise add ~150 ms to
every cold start, including where no trace is ever sent.
"""

from functools import cache

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.tracing import Tracer

logger = Logger(service="certtrack")
metrics = Metrics(namespace="certtrack", service="certtrack")


@cache
def tracer() -> Tracer | None:
    """The process's tracer, or None where tracing is disabled (locally, in tests)."""
    if Tracer._is_tracer_disabled():
        return None
    return Tracer(service="certtrack")
