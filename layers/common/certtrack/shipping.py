"""The shipping flow that kits and the 25-year benefit share: a claim checks the address, marks the
item as awaiting the fulfillment worker and hands it to the fulfillment queue (undone if the queue
refuses); the worker records the vendor's order once; a daily sweep queues again any claim whose
message never reached the worker. Each kind keeps its own claim rules; what happens after the claim
is the same for both, so it lives here rather than in either."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from certtrack import clock, keys
from certtrack.accounts import repository as repo
from certtrack.accounts.address import MailingAddress
from certtrack.errors import Conflict, UpstreamError
from certtrack.observability import logger
from certtrack.settings import get_settings
from certtrack.store import queues, shipments
from certtrack.store.items.account import ProfileItem
from certtrack.store.table import Item

PENDING, ORDERED, SHIPPED, DELIVERED = "pending", "ordered", "shipped", "delivered"
STALLED = timedelta(hours=1)


def recipient(candidate_id: str, *also: str) -> tuple[dict[str, Any], ProfileItem, dict[str, Item]]:
    """The mailing address (checked as `addressee` does), the holder's profile and the candidate's
    items whose sort keys are `also`, in one round trip: what an engraved shipment needs besides the
    address is the verified name, and a claim reads the item it claims with them."""
    found = read(candidate_id, *also)
    address, profile = addressee(found)
    return address, profile, {sk: found[sk] for sk in also if sk in found}


def read(candidate_id: str, *also: str) -> dict[str, Item]:
    """The profile, mailing address and settings with the items whose sort keys are `also`, by sort
    key, in one consistent round trip, for a claim that checks its own item before the address."""
    wanted = [keys.profile(), keys.address("mailing"), keys.settings(), *also]
    found = repo.table.batch_get([repo.candidate_key(candidate_id, sk) for sk in wanted], consistent=True)
    return {i["sk"]: i for i in found}


def addressee(account: dict[str, Item]) -> tuple[dict[str, Any], ProfileItem]:
    """The mailing address a shipment goes to and the profile, from what `read` found: refused while
    the profile is incomplete or the address no longer passes the address rules (a P.O. Box saved
    before that rule existed gets the 400 the model raises for line1)."""
    missing = [
        n
        for n, sk in (
            ("profile", keys.profile()),
            ("mailing_address", keys.address("mailing")),
            ("settings", keys.settings()),
        )
        if sk not in account
    ]
    if missing:
        raise Conflict(f"complete your profile first: missing {', '.join(missing)}", code="profile_incomplete")
    stored = account[keys.address("mailing")]
    address = MailingAddress.model_validate({k: stored.get(k) for k in MailingAddress.model_fields}).model_dump()
    return address, ProfileItem.from_item(account[keys.profile()])


def request_fulfillment(
    candidate_id: str, item_sk: str, *, claimed_at: str, undo: Item, restore: Sequence[Item] = ()
) -> None:
    """Hands a just-claimed shipment (kit or benefit) to the fulfillment worker. The claim is already
    written, so if the queue refuses the order the item is put back as it was (`undo`, while still
    ours and not yet at the vendor, with what the claim removed: `restore`): a claim is never left
    Ordered with no order on its way, and the candidate can simply claim again."""
    try:
        _queue_order(candidate_id, item_sk)
    except (BotoCoreError, ClientError) as exc:
        logger.exception("fulfillment queue refused the order; undoing the claim", extra={"item_sk": item_sk})
        shipments.undo_claim(undo, ordered=ORDERED, claimed_at=claimed_at, restore=restore)
        raise UpstreamError("the order could not be placed just now and nothing was claimed; please try again") from exc


def _queue_order(candidate_id: str, item_sk: str) -> None:
    queues.send(get_settings().require("fulfillment_queue_url"), {"candidate_id": candidate_id, "item_sk": item_sk})


def received(candidate_id: str, item_sk: str) -> None:
    """The fulfillment worker has the claim's message: from here SQS retries it and a failure ends in
    the DLQ (with its alarm), so the claim leaves the awaiting index the sweep reads."""
    shipments.leave_awaiting(repo.candidate_key(candidate_id, item_sk))


def requeue_stalled(now: datetime) -> dict[str, int]:
    """The daily sweep: a claim whose message never reached the worker after STALLED (the function
    that wrote the claim stopped before queueing it) is queued again. The worker is idempotent, so a
    message that was only slow costs a no-op, never a second order."""
    cutoff = (now - STALLED).isoformat(timespec="milliseconds")
    requeued = 0
    for item in repo.table.query_all(keys.AWAITING_ORDER, index="GSI1", between=("0", cutoff)):
        _queue_order(item["pk"].removeprefix(keys.CANDIDATE_PREFIX), item["sk"])
        requeued += 1
    return {"requeued": requeued}


def record_order(candidate_id: str, item_sk: str, order_id: str) -> bool:
    """Stores the vendor's order id once; False when the shipment already had one (a repeated message)."""
    now = clock.iso_now()
    entry = {"status": ORDERED, "at": now, "detail": f"vendor order {order_id}"}
    ops = shipments.record_order_ops(
        repo.candidate_key(candidate_id, item_sk),
        candidate_id=candidate_id,
        order_id=order_id,
        ordered_at=now,
        entry=entry,
    )
    try:
        repo.table.transact(ops)
    except Conflict:
        return False
    return True
