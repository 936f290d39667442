"""EventBridge: domain events onto the system's bus, from which rules route them to one queue per
consumer."""

import json
from collections.abc import Sequence
from typing import Any

from certtrack import aws
from certtrack.settings import get_settings

#: PutEvents takes at most ten entries per call.
_BATCH = 10


class PublishFailed(RuntimeError):
    """EventBridge refused some entries: the caller fails, and its own retry publishes them again
    (consumers are idempotent on the event id, so the ones that did go out are not doubled)."""


def publish(source: str, events: Sequence[tuple[str, dict[str, Any]]]) -> None:
    """(detail-type, detail) pairs, in order, all or raise."""
    bus = get_settings().require("events_bus_name")
    for start in range(0, len(events), _BATCH):
        entries = [
            {"Source": source, "DetailType": kind, "Detail": json.dumps(detail, sort_keys=True), "EventBusName": bus}
            for kind, detail in events[start : start + _BATCH]
        ]
        out = aws.client("events").put_events(Entries=entries)
        if out.get("FailedEntryCount"):
            codes = sorted({e.get("ErrorCode", "") for e in out.get("Entries", []) if e.get("ErrorCode")})
            raise PublishFailed(f"EventBridge refused {out['FailedEntryCount']} events: {', '.join(codes)}")
