"""Domain events: what changed for a candidate, as the rest of the system hears of it.

A change and the event that announces it are written in one transaction (the event as an outbox
item under the candidate), then the evaluator puts the event on the EventBridge bus and deletes the
outbox item. Rules on the bus route each kind to one SQS queue per consumer (kits, benefits,
documents, notifications, badges). Event ids are derived from what happened, never random, so a change
announced twice carries the same id and each consumer does its part once.
"""

import hashlib
import json
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from certtrack import keys
from certtrack.store.table import Item, Operation, plain

SOURCE = "certtrack.certifications"

EventType = Literal[
    "CertificationEarned",
    "CertificationRenewed",
    "CertificationActivated",
    "CertificationExpired",
    "CertificationRevoked",
    "CertificationEmeritusRequested",
    "CertificationEmeritus",
    "CertificationLifetimeEmeritus",
    "CertificationEmeritusReversed",
    "AgreementAccepted",
    "ExamResultRecorded",
    "CeCreditRecorded",
]

#: A history entry of the rules engine → the event that announces it.
FROM_HISTORY: dict[str, EventType] = {
    "earned": "CertificationEarned",
    "recertified": "CertificationRenewed",
    "agreement": "CertificationActivated",
    "expired": "CertificationExpired",
    "revoked": "CertificationRevoked",
    "emeritus_requested": "CertificationEmeritusRequested",
    "emeritus": "CertificationEmeritus",
    "lifetime_emeritus": "CertificationLifetimeEmeritus",
    "emeritus_reversed": "CertificationEmeritusReversed",
}

#: The events after which the candidate may hold a certificate they did not hold before.
CERTIFYING: frozenset[str] = frozenset({"CertificationEarned", "CertificationRenewed", "CertificationActivated"})


class DomainEvent(BaseModel):
    """One event. `on` is the programme day it happened (a certification earned on the exam's day),
    which may be long before it was announced (a late result)."""

    model_config = ConfigDict(frozen=True)

    event_id: str
    type: EventType
    candidate_id: str
    on: date
    cert_id: str | None = None
    data: dict[str, Any] = {}


def event_id(*parts: str) -> str:
    """A stable id for what `parts` name (128 bits of their digest)."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def outbox_put(event: DomainEvent) -> Operation:
    """The event's outbox item, for the transaction that makes the change it announces (written once:
    a second write of the same event is refused, not doubled)."""
    item = {
        "pk": keys.candidate(event.candidate_id),
        "sk": keys.outbox(event.event_id),
        "type": "outbox",
        "event": event.model_dump(mode="json"),
    }
    return Operation.create(item, label=f"event:{event.type}")


def from_outbox(item: Item) -> DomainEvent:
    return DomainEvent.model_validate(plain(item["event"]))


def from_message(body: str) -> DomainEvent:
    """The event in an SQS message that an EventBridge rule delivered (the envelope's `detail`)."""
    return DomainEvent.model_validate(json.loads(body)["detail"])
