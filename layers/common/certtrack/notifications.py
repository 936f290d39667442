"""Email that must go out exactly once: recorded, queued, then sent by the notifier.

A sender first writes a record item (conditional: once per logical email) and queues a message
naming it. The notifier claims the record (queued → sending, with a lease), sends through SES and
marks it sent; a duplicate message finds it sent and does nothing, a failed send leaves it claimable
again after the lease, and SQS retries the message (then its DLQ). Because a duplicate message costs
nothing, a sender that finds its record already written and still queued (its first attempt stopped
before the message left) simply queues it again.
"""

from datetime import timedelta
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime
from typing import Any

from certtrack import clock
from certtrack.errors import Conflict
from certtrack.observability import logger
from certtrack.settings import get_settings
from certtrack.store import mail, queues
from certtrack.store.table import Item, Operation, Table

QUEUED, SENDING, SENT = "queued", "sending", "sent"
LEASE = timedelta(minutes=5)

table = Table()


def record(key: dict[str, str], email: dict[str, str], **data: Any) -> Item:
    now = clock.iso_now()
    return {**key, "type": "notification", "status": QUEUED, "queued_at": now, "email": email, **data}


def record_op(key: dict[str, str], email: dict[str, str], **data: Any) -> Operation:
    """The email's record, for the transaction that makes the change it tells of (written once)."""
    return Operation.put(record(key, email, **data), condition="attribute_not_exists(pk)", label="mail")


def queue(key: dict[str, str]) -> None:
    queues.send(get_settings().require("notifications_queue_url"), {"record": key})


def queue_if_unsent(key: dict[str, str]) -> None:
    """After finding the record already written: queues it again unless it went out (the first
    attempt may have stopped between the record and its message)."""
    existing = table.get(key, consistent=True)
    if existing is not None and existing.get("status") != SENT:
        logger.info("queueing a recorded notification again")
        queue(key)


def record_and_queue(key: dict[str, str], email: dict[str, str], **data: Any) -> bool:
    """Records the email once and queues it; False when it was recorded before (queued again if it
    has not gone out)."""
    try:
        table.put(record(key, email, **data), condition="attribute_not_exists(pk)")
    except Conflict:
        queue_if_unsent(key)
        return False
    queue(key)
    return True


def mime(sender: str, email: dict[str, str]) -> bytes:
    """multipart/alternative: the plain text and the HTML of one email."""
    message = MIMEMultipart("alternative")
    message["Subject"] = email["subject"]
    message["From"] = sender
    message["To"] = email["to"]
    message["Date"] = format_datetime(clock.now())
    message.attach(MIMEText(email["text"], "plain", "utf-8"))
    message.attach(MIMEText(email["html"], "html", "utf-8"))
    return message.as_bytes()


def deliver(key: dict[str, str]) -> str:
    """Sends the recorded email unless it was sent; returns what happened (sent, duplicate)."""
    now = clock.now()
    try:
        item = table.update(
            key,
            "SET #s = :sending, lease_until = :lease",
            condition="#s = :queued OR (#s = :sending AND lease_until < :now)",
            names={"#s": "status"},
            values={
                ":sending": SENDING,
                ":queued": QUEUED,
                ":lease": (now + LEASE).isoformat(),
                ":now": now.isoformat(),
            },
        )
    except Conflict as exc:
        current = table.get(key, consistent=True)
        if current is None or current.get("status") == SENT:
            return "duplicate"
        raise Conflict("another delivery of this email is in progress") from exc
    email = item["email"]
    settings = get_settings()
    message_id = mail.send(settings.mail_from, email["to"], mime(settings.mail_from, email))
    table.update(
        key,
        "SET #s = :sent, sent_at = :at, message_id = :id REMOVE lease_until",
        names={"#s": "status"},
        values={":sent": SENT, ":at": clock.iso_now(), ":id": message_id},
    )
    return "sent"
