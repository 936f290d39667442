"""Refunds owed to cards. Each is recorded (`RefundItem`, status `pending`) in the transaction that
decides it, then settled with the provider by the payments sweep, which retries it on every run
until the provider confirms it. The record's reference is the provider's idempotency key, so a
settlement whose answer was lost, or two sweeps that overlap, refund the charge once.

Two reasons: a cancellation of a paid appointment (`cancel-<appointment>`), and a charge for a
booking whose seat hold expired unpaid (`expired-<appointment>`): either the booking function charged
the card after the sweep had released the seat (it knows the charge and is refused with a 409), or it
stopped after the provider charged and before it recorded the charge (only the provider knows it, so
the sweep looks the charge up by the appointment's reference). The same look-up follows a charge
whose answer never came (the provider unreachable or timing out): the booking is taken back at once,
and whatever the provider did charge is refunded."""

from datetime import datetime
from typing import Any

from certtrack import keys
from certtrack.errors import Conflict
from certtrack.observability import logger
from certtrack.scheduling import payments
from certtrack.store import appointments as store
from certtrack.store.items.scheduling import AppointmentItem, RefundItem
from certtrack.store.table import Operation


def _record(
    *,
    candidate_id: str,
    appointment_id: str,
    reference: str,
    reason: str,
    at: str,
    charge_id: str | None = None,
    amount: int | None = None,
    currency: str | None = None,
) -> dict[str, Any]:
    return {
        **RefundItem.key_of(candidate_id, reference),
        "type": "refund",
        "reference": reference,
        "candidate_id": candidate_id,
        "appointment_id": appointment_id,
        "reason": reason,
        "charge_id": charge_id,
        "amount": amount,
        "currency": currency,
        "status": "pending",
        "requested_at": at,
        "attempts": 0,
        **keys.pending_refund(at, candidate_id, reference),
    }


def cancellation_op(item: AppointmentItem, *, charge_id: str, amount: int, currency: str, at: str) -> Operation:
    """The refund of a cancelled appointment, for the cancellation's transaction."""
    return store.request_refund_op(
        _record(
            candidate_id=item.candidate_id,
            appointment_id=item.appointment_id,
            reference=f"cancel-{item.appointment_id}",
            reason="cancelled",
            at=at,
            charge_id=charge_id,
            amount=amount,
            currency=currency,
        )
    )


def _expired(candidate_id: str, appointment_id: str, at: str) -> dict[str, Any]:
    return _record(
        candidate_id=candidate_id,
        appointment_id=appointment_id,
        reference=f"expired-{appointment_id}",
        reason="hold_expired",
        at=at,
    )


def unknown_charge_op(item: AppointmentItem, *, at: str) -> Operation:
    """For the transaction that releases a booking whose payment did not complete: whatever the
    provider charged under the appointment's reference (perhaps nothing) is to be refunded."""
    return store.request_refund_op(_expired(item.candidate_id, item.appointment_id, at))


def late_charge(candidate_id: str, appointment_id: str, charge: payments.Charge, *, at: str) -> None:
    """A charge that completed after the hold was released: its refund, recorded once."""
    record = _expired(candidate_id, appointment_id, at)
    try:
        store.record_late_charge(
            RefundItem.key_of(candidate_id, record["reference"]),
            record,
            charge_id=charge.charge_id,
            amount=charge.amount,
            currency=charge.currency,
        )
    except Conflict:
        logger.info("the late charge's refund was already recorded", extra={"appointment_id": appointment_id})


def settle_pending(now: datetime) -> dict[str, int]:
    """Every pending refund to the provider, once each (idempotent on its reference); one that fails
    stays pending, with the attempt counted, for the next run."""
    at = now.isoformat(timespec="milliseconds")
    gateway = payments.gateway()
    summary = {"refunded": 0, "not_charged": 0, "refund_failed": 0}
    for raw in store.pending_refunds():
        item = RefundItem.from_item(raw)
        try:
            outcome = _settle(gateway, item, at)
        except payments.PaymentUnavailable as exc:
            logger.warning("refund failed; retried on the next run", extra={"reference": item.reference})
            store.refund_attempt_failed(item.key, str(exc) or type(exc).__name__)
            summary["refund_failed"] += 1
            continue
        except Conflict:
            continue  # an overlapping run settled it, or a late charge was recorded meanwhile
        summary[outcome] += 1
    return summary


def _settle(gateway: payments.PaymentGateway, item: RefundItem, at: str) -> str:
    charge_id, amount = item.charge_id, item.amount
    if charge_id is None:
        found = gateway.find_charge(item.appointment_id)
        if found is None:
            store.refund_not_charged(item.key, at=at)
            return "not_charged"
        charge_id, amount = found.charge_id, found.amount
    refund_id = gateway.refund(charge_id=charge_id, amount=amount or 0, reference=item.reference)
    store.refund_settled(item.key, charge_id=charge_id, refund_id=refund_id, at=at)
    logger.info("refund settled", extra={"reference": item.reference, "refund_id": refund_id})
    return "refunded"
