"""Email that must go out exactly once: recorded, queued, then sent by the notifier.

A sender first writes a record item (conditional: once per logical email) and queues a message
naming it. The notifier claims the record (queued → sending, with a lease), sends through SES and
marks it sent; a duplicate message finds it sent and does nothing. A send SES surely refused gives
the record back at once and SQS retries the message (then its DLQ); a send whose answer was lost is
marked `unconfirmed` and not repeated (a second copy is the worse failure); a worker that died
mid-send leaves a lease that runs out before the record can be claimed again. Because a duplicate message costs
nothing, a sender that finds its record already written and still queued (its first attempt stopped
before the message left) simply queues it again.
"""

from datetime import timedelta
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from certtrack import clock
from certtrack.errors import Conflict
from certtrack.observability import logger
from certtrack.settings import get_settings
from certtrack.store import mail, queues
from certtrack.store import notifications as store
from certtrack.store.notifications import QUEUED, SENT
from certtrack.store.table import Item, Operation

LEASE = timedelta(minutes=5)


def record(key: dict[str, str], email: dict[str, str], **data: Any) -> Item:
    now = clock.iso_now()
    return {**key, "type": "notification", "status": QUEUED, "queued_at": now, "email": email, **data}


def record_op(key: dict[str, str], email: dict[str, str], **data: Any) -> Operation:
    """The email's record, for the transaction that makes the change it tells of (written once)."""
    return store.record_op(record(key, email, **data))


def queue(key: dict[str, str]) -> None:
    queues.send(get_settings().require("notifications_queue_url"), {"record": key})


def queue_if_unsent(key: dict[str, str]) -> None:
    """After finding the record already written: queues it again while it is still queued (the first
    attempt may have stopped between the record and its message); one the notifier has taken is
    its to finish."""
    existing = store.find(key)
    if existing is not None and existing.status == QUEUED:
        logger.info("queueing a recorded notification again")
        queue(key)


def record_and_queue(key: dict[str, str], email: dict[str, str], **data: Any) -> bool:
    """Records the email once and queues it; False when it was recorded before (queued again if it
    has not gone out)."""
    try:
        store.create(record(key, email, **data))
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
        item = store.lease(key, now=now.isoformat(), until=(now + LEASE).isoformat())
    except Conflict as exc:
        current = store.find(key)
        if current is None or current.status == SENT:
            return "duplicate"
        raise Conflict("another delivery of this email is in progress") from exc
    email = item["email"]
    sender = get_settings().mail_from
    try:
        message_id = mail.send_raw(sender, email["to"], mime(sender, email))
    except mail.NotSent:
        # SES surely did not take it: give the lease back so that SQS's retry sends it at once
        store.release(key)
        raise
    except (BotoCoreError, ClientError):
        # the request went out and its answer was lost: SES may have sent it, so it is not sent again
        # (a second copy is worse than asking the candidate); the record says so for an operator
        logger.exception("email possibly sent; not sending it again", extra={"sk": key["sk"]})
        store.mark_unconfirmed(key)
        return "unconfirmed"
    try:
        store.mark_sent(key, at=clock.iso_now(), message_id=message_id)
    except (BotoCoreError, ClientError):
        # sent, but not recorded: the message must not come back to send it again; the lease keeps
        # the record from being claimed until it runs out, and nothing queues a `sending` record
        logger.exception("email sent but not recorded as sent", extra={"sk": key["sk"]})
        return "sent_unrecorded"
    return "sent"
