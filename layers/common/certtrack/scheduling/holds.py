"""A booking paid by card holds its seat while the payment is pending, for a bounded time
(`Settings.payment_hold_minutes`, 30 by default). The appointment carries `hold_expires_at` and sits
in a sparse index (GSI1 `HOLDS#UNPAID`, sorted by expiry) until the payment completes; the payments
sweep, every 5 minutes, reads only the holds that expired and takes each booking back in one
transaction.

The race with a payment completing at that moment is decided by one condition on the receipt: the
payment marks it paid only while it is pending, the sweep deletes it only while it is pending, so one
of them wins and the other changes nothing. A payment that loses is refused (409 `hold_expired`) and
refunded (`refunds`); a sweep that loses, or runs again, skips the booking."""

from datetime import datetime, timedelta

from certtrack import keys
from certtrack.observability import logger
from certtrack.scheduling import inventory as inv
from certtrack.scheduling import refunds
from certtrack.settings import get_settings
from certtrack.store import appointments as store
from certtrack.store.items.scheduling import AppointmentItem, ReceiptItem
from certtrack.store.table import Operation, TransactionConflict


def held(candidate_id: str, appointment_id: str, now: datetime) -> dict[str, str]:
    """The attributes of an appointment whose seat is held for its card payment."""
    expires = (now + timedelta(minutes=get_settings().payment_hold_minutes)).isoformat(timespec="milliseconds")
    return {"hold_expires_at": expires, **keys.unpaid_hold(expires, candidate_id, appointment_id)}


def seat_back_op(item: AppointmentItem) -> Operation:
    """The appointment's seat back to its sitting."""
    one = inv.sitting(inv.get_inventory(), item.slot_id)
    partition = one.partition if one else inv.ONLINE
    return store.return_seat_op(partition, item.starts_at, item.center_id or inv.ONLINE)


def release_ops(item: AppointmentItem, *, charge_unknown: bool, at: str) -> list[Operation]:
    """A booking whose payment did not complete, taken back: its seat, the exam's open-appointment
    hold, the appointment and its pending receipt, the voucher; `charge_unknown` (the provider may
    have charged without our knowing): the refund of whatever it charged."""
    ops = [
        seat_back_op(item),
        store.release_hold_op(item.candidate_id, item.exam_code, item.appointment_id),
        *store.unbook_ops(item.key, ReceiptItem.key_of(item.candidate_id, item.receipt_id)),
    ]
    if item.voucher_code:
        ops.append(store.return_voucher_op(item.voucher_code, item.appointment_id))
    if charge_unknown:
        ops.append(refunds.unknown_charge_op(item, at=at))
    return ops


def release_expired(now: datetime) -> dict[str, int]:
    """Every booking whose hold expired unpaid, taken back once; one paid meanwhile (or released by
    an earlier run: the index is read eventually consistent) is skipped."""
    at = now.isoformat(timespec="milliseconds")
    summary = {"released": 0, "skipped": 0, "stuck": 0}
    for raw in store.lapsed_holds(at):
        item = AppointmentItem.from_item(raw)
        try:
            store.transact(
                release_ops(item, charge_unknown=True, at=at),
                conflict=f"appointment {item.appointment_id} changed meanwhile",
            )
        except TransactionConflict as exc:
            if "receipt" in exc.failed:
                summary["skipped"] += 1
                continue
            # a condition of the seat, the exam hold or the voucher: data to look at, not to retry blindly
            logger.error(
                "an expired hold could not be released",
                extra={"appointment_id": item.appointment_id, "failed": exc.failed},
            )
            summary["stuck"] += 1
            continue
        logger.info("expired seat hold released", extra={"appointment_id": item.appointment_id})
        summary["released"] += 1
    return summary
