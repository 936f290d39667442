"""Scheduling shapes (ARCHITECTURE.md, "Scheduling"). Money is in major units on the wire and in
minor units (cents) in storage, so that totals add up exactly."""

from datetime import date

from pydantic import ConfigDict, Field, field_validator

from certtrack.catalog import ExamCode
from certtrack.models import Model


class Price(Model):
    amount: float
    currency: str


class CenterOut(Model):
    center_id: str
    name: str
    kind: str
    address: str
    city: str
    country: str
    time_zone: str


class SlotOut(Model):
    slot_id: str
    exam_code: str
    delivery: str
    center: CenterOut | None = None
    #: The start in the centre's time zone, with its offset (online sittings: UTC).
    starts_at: str
    local_time: str
    seats_left: int
    price: Price
    duration_minutes: int


class AvailabilityQuery(Model):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    delivery: str | None = Field(None, pattern=r"^(test_center|online)$")
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$")
    center_id: str | None = Field(None, max_length=40)
    from_: date | None = Field(None, alias="from")
    to: date | None = None


class CentersQuery(Model):
    model_config = ConfigDict(extra="forbid")

    country: str | None = Field(None, pattern=r"^[A-Z]{2}$")
    city: str | None = Field(None, max_length=80)
    kind: str | None = Field(None, pattern=r"^(test_center|lab)$")


class PaymentIn(Model):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=200)


class BookingIn(Model):
    model_config = ConfigDict(extra="forbid")

    exam_code: ExamCode
    slot_id: str = Field(min_length=1, max_length=80)
    voucher_code: str | None = Field(None, min_length=1, max_length=40)
    payment: PaymentIn | None = None
    access_code: str | None = Field(None, min_length=1, max_length=80)


class RescheduleIn(Model):
    model_config = ConfigDict(extra="forbid")

    slot_id: str = Field(min_length=1, max_length=80)


class AppointmentOut(Model):
    appointment_id: str
    confirmation_number: str
    exam_code: str
    exam_title: str
    slot_id: str
    starts_at: str
    local_time: str
    duration_minutes: int
    delivery: str
    center: CenterOut | None = None
    status: str
    receipt_id: str
    voucher_code: str | None = None
    #: Rescheduling and cancelling close at this moment (the catalog's cut-off before the start).
    change_until: str
    can_change: bool
    #: Open and still to start: what `?when=upcoming` lists (the rest is `?when=past`), so that a
    #: page can ask for all of them once and place each itself.
    upcoming: bool
    #: Set while the card payment has not completed: the seat is only held, and released at this
    #: moment (UTC) unless the payment completes first. None once paid (or paid by voucher).
    hold_expires_at: str | None = None


class AppointmentsQuery(Model):
    model_config = ConfigDict(extra="forbid")

    when: str | None = Field(None, pattern=r"^(upcoming|past)$")


class LineOut(Model):
    description: str
    amount: float


class RefundOut(Model):
    description: str
    amount: float
    at: str


class ReceiptOut(Model):
    receipt_id: str
    number: str
    appointment_id: str
    issued_at: str
    lines: list[LineOut]
    subtotal: float
    tax: float
    tax_rate: float
    tax_country: str
    total: float
    currency: str
    method: str
    payment_status: str
    refunds: list[RefundOut]
    refunded: float
    #: What the candidate paid in the end: total less refunds.
    net: float


class ReceiptLink(Model):
    url: str
    expires_in: int
    filename: str


class VoucherBatchIn(Model):
    model_config = ConfigDict(extra="forbid")

    count: int = Field(ge=1, le=100)
    discount_percent: int = Field(ge=1, le=100)
    exam_codes: list[ExamCode] = Field(default_factory=list, max_length=50)
    expires_on: date

    @field_validator("exam_codes")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        return sorted(set(value))


class VoucherBatchOut(Model):
    batch_id: str
    codes: list[str]
    discount_percent: int
    exam_codes: list[str]
    expires_on: date
