"""The writes of an email record: recorded once, leased by one notifier at a time, then marked sent
(or unconfirmed when SES's answer was lost). The states live here because the conditions that keep
an email from going out twice are written in them."""

from collections.abc import Mapping

from certtrack.store.items.notifications import NotificationItem
from certtrack.store.table import Item, Operation, Table

QUEUED, SENDING, SENT, UNCONFIRMED = "queued", "sending", "sent", "unconfirmed"

table = Table()


def find(key: Mapping[str, str]) -> NotificationItem | None:
    """The record as it is now (a consistent read: it decides whether to queue or send again)."""
    found = table.get(key, consistent=True)
    return NotificationItem.from_item(found) if found else None


def record_op(record: Item) -> Operation:
    """The record (label `mail`; refused when it was written before), for the transaction that makes
    the change it tells of."""
    return Operation.create(record, label="mail")


def create(record: Item) -> None:
    """Writes the record once; a `Conflict` when it exists."""
    table.create(record)


def lease(key: Mapping[str, str], *, now: str, until: str) -> Item:
    """Queued (or sending with a lease that ran out) → sending until `until`; the record as leased.
    A `Conflict` when it was sent or another notifier holds it."""
    return table.update(
        key,
        "SET #s = :sending, lease_until = :lease",
        condition="#s = :queued OR (#s = :sending AND lease_until < :now)",
        names={"#s": "status"},
        values={":sending": SENDING, ":queued": QUEUED, ":lease": until, ":now": now},
    )


def release(key: Mapping[str, str]) -> None:
    """Gives a lease back (the send surely failed), only while it is still held."""
    table.update(
        key,
        "SET #s = :queued REMOVE lease_until",
        condition="#s = :sending",
        names={"#s": "status"},
        values={":queued": QUEUED, ":sending": SENDING},
    )


def mark_unconfirmed(key: Mapping[str, str]) -> None:
    table.update(
        key,
        "SET #s = :unconfirmed REMOVE lease_until",
        names={"#s": "status"},
        values={":unconfirmed": UNCONFIRMED},
    )


def mark_sent(key: Mapping[str, str], *, at: str, message_id: str) -> None:
    table.update(
        key,
        "SET #s = :sent, sent_at = :at, message_id = :id REMOVE lease_until",
        names={"#s": "status"},
        values={":sent": SENT, ":at": at, ":id": message_id},
    )
