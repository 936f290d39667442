"""Powertools logger, metrics and tracer: one of each per process, configured from the environment.

Logs are structured JSON with the request id and candidate id; tokens, passwords and addresses are
never logged (views log ids and outcomes only).

The tracer is built on first use and only where tracing is on (in Lambda with active tracing):
Powertools' Tracer imports the X-Ray SDK when constructed, which would otherwise add ~150 ms to
every cold start, including where no trace is ever sent.
"""

import functools
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.tracing import Tracer

from certtrack import snapstart

logger = Logger(service="certtrack")
metrics = Metrics(namespace="certtrack", service="certtrack")
# Every function imports this module: the one place the SnapStart hooks are registered.
snapstart.register()

R = TypeVar("R")


@cache
def tracer() -> Tracer | None:
    """The process's tracer, or None where tracing is disabled (locally, in tests)."""
    if Tracer._is_tracer_disabled():
        return None
    return Tracer(service="certtrack")


def traced(handler: Callable[[Any, Any], R]) -> Callable[[Any, Any], R]:
    """`capture_lambda_handler` for a worker or job handler where tracing is on. That is settled when
    the handler is first invoked (`tracer()` is cached), not when it is decorated: importing a handler
    neither reads the environment nor loads the X-Ray SDK."""

    @functools.wraps(handler)
    def invoke(event: Any, context: Any) -> R:
        active = tracer()
        if active is None:
            return handler(event, context)
        return active.capture_lambda_handler(handler)(event, context)

    return invoke
