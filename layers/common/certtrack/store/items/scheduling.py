"""Exam scheduling: seat counters, appointments, receipts, vouchers."""

from typing import Literal

from pydantic import BaseModel, ConfigDict

from certtrack import keys
from certtrack.store.items.base import StoredItem, on_candidate


class SeatCounterItem(StoredItem):
    """The seats taken at one sitting (created by the first booking; never above `capacity`)."""

    center_id: str
    starts_at: str
    capacity: int
    taken: int = 0


class AppointmentItem(StoredItem):
    appointment_id: str
    candidate_id: str
    confirmation_number: str
    exam_code: str
    slot_id: str
    delivery: str
    center_id: str | None = None
    #: UTC, ISO with offset: sorts and compares as stored.
    starts_at: str
    duration_minutes: int
    status: Literal["scheduled", "rescheduled", "cancelled", "completed", "no_show"]
    receipt_id: str
    voucher_code: str | None = None
    booked_at: str
    updated_at: str
    cancelled_at: str | None = None
    result_id: str | None = None
    #: GSI2 `APPTDAY#<day>` while the appointment is open (absent once cancelled or done).
    gsi2pk: str | None = None
    #: While the card payment is pending: the seat is held until then, and the payments sweep
    #: releases it (GSI1 `HOLDS#UNPAID`) unless the payment completes first. Absent once paid.
    hold_expires_at: str | None = None

    @staticmethod
    def key_of(candidate_id: str, appointment_id: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.appointment(appointment_id))


class ReceiptLine(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="ignore")

    description: str
    #: Minor units (cents): totals add up exactly.
    amount: int


class RefundEntry(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="ignore")

    description: str
    amount: int
    at: str
    reference: str | None = None


class ReceiptItem(StoredItem):
    receipt_id: str
    number: str
    candidate_id: str
    appointment_id: str
    issued_at: str
    lines: list[ReceiptLine]
    tax: int
    tax_rate: float
    tax_country: str
    total: int
    currency: str
    #: `card`, `voucher` or `voucher+card`.
    method: str
    #: `pending` until the card is charged, then `paid`; `none` when a voucher covered it all.
    payment_status: str
    charge_id: str | None = None
    refunds: list[RefundEntry] = []

    @staticmethod
    def key_of(candidate_id: str, receipt_id: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.receipt(receipt_id))


class VoucherItem(StoredItem):
    code: str
    batch_id: str
    discount_percent: int
    exam_codes: list[str] = []
    expires_on: str
    #: `available` → `redeemed` (held by a booking; a cancellation returns it) → `consumed` (the
    #: exam was taken or missed).
    status: Literal["available", "redeemed", "consumed"]
    created_at: str
    created_by: str
    appointment_id: str | None = None
    candidate_id: str | None = None

    @staticmethod
    def key_of(code: str) -> dict[str, str]:
        return keys.voucher(code)


class RefundItem(StoredItem):
    """A refund owed to a card, recorded in the transaction that decides it and settled with the
    provider by the payments sweep: `pending` → `done` (or `not_charged`: a lapsed hold whose charge
    never happened). The reference is the provider's idempotency key, so a settlement retried after
    its answer was lost refunds nothing twice."""

    reference: str
    candidate_id: str
    appointment_id: str
    #: `cancelled` (the candidate cancelled a paid appointment) or `hold_expired` (a charge for a
    #: booking whose seat hold had been released).
    reason: Literal["cancelled", "hold_expired"]
    #: None: look up what was charged under the appointment's reference (a lapsed hold whose payment
    #: may have happened after its function stopped).
    charge_id: str | None = None
    #: Minor units; None with `charge_id`: the whole charge.
    amount: int | None = None
    currency: str | None = None
    status: Literal["pending", "done", "not_charged"]
    requested_at: str
    attempts: int = 0
    last_error: str | None = None
    refund_id: str | None = None
    settled_at: str | None = None

    @staticmethod
    def key_of(candidate_id: str, reference: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.refund(reference))
