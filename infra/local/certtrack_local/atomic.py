"""Makes moto's DynamoDB answer one request at a time, as DynamoDB's own requests are atomic.

moto keeps tables in plain dicts: a transaction deep-copies them for rollback while another thread
writes, and fails with "dictionary changed size during iteration". Concurrency tests and the
threaded local server both send concurrent requests, so each backend call takes one lock.
"""

import functools
import threading
from typing import Any

from moto.dynamodb.models import DynamoDBBackend

_LOCK = threading.RLock()
_CALLS = (
    "put_item",
    "get_item",
    "query",
    "scan",
    "update_item",
    "delete_item",
    "transact_write_items",
    "transact_get_items",
    "batch_get_item",
    "batch_write_item",
)


def install() -> None:
    """Idempotent: wraps each call once per process."""
    for name in _CALLS:
        original = getattr(DynamoDBBackend, name)
        if getattr(original, "_atomic", False):
            continue

        @functools.wraps(original)
        def atomic(self: Any, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            with _LOCK:
                return _original(self, *args, **kwargs)

        atomic._atomic = True  # type: ignore[attr-defined]
        setattr(DynamoDBBackend, name, atomic)
