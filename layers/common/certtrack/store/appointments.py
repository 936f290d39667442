"""The conditional writes of exam scheduling. Each condition is a rule of the flow:

- a sitting's seats are taken by one atomic counter that never passes its capacity and never goes
  below zero, so any number of concurrent bookings of the last seat give exactly one appointment;
- a candidate holds at most one open appointment per exam (a hold item, created with the booking);
- a voucher is redeemed once (`available` → `redeemed`, only before it expires), returned only by
  the appointment that holds it, and consumed when that exam was sat or missed;
- an appointment moves only from the state and start it was read in (a reschedule racing a cancel
  loses cleanly), and a receipt is marked paid or refunded once;
- a seat held for a card payment (`hold_expires_at`) ends one way only: the payment marks the
  receipt paid while it is still pending, or the payments sweep deletes the still-pending receipt
  with the appointment and returns the seat; the two conditions are the same receipt's, so exactly
  one wins. Neither a reschedule nor a cancellation touches a booking while its payment is pending;
- a refund is recorded once per reference (the provider's idempotency key) and settled once.
"""

from collections.abc import Mapping
from typing import Any

from certtrack import keys
from certtrack.store.table import NEW, Item, Operation, Table

table = Table()

OPEN_STATES = ("scheduled", "rescheduled")
_OPEN = "#s IN (:scheduled, :rescheduled)"
_OPEN_VALUES = {":scheduled": "scheduled", ":rescheduled": "rescheduled"}
#: Not held for a pending card payment (see `hold_paid_op`).
_PAID = "attribute_not_exists(hold_expires_at)"


def seat_key(partition: str, starts_at: str, center_id: str) -> dict[str, str]:
    return {"pk": keys.seats(partition), "sk": keys.seat_counter(starts_at, center_id)}


def seats_taken(partition: str, first: str, last: str) -> dict[str, int]:
    """Seats taken per sitting (`<starts_at>#<center_id>` → count) of one partition whose UTC start is
    in [first, last]: one Query (a page of availability)."""
    return {
        item["sk"]: int(item.get("taken", 0))
        for item in table.query_all(keys.seats(partition), between=(first, last + "~"))
    }


def take_seat_op(partition: str, starts_at: str, center_id: str, capacity: int) -> Operation:
    """One seat more at the sitting (label `seat`; refused when it is full)."""
    return Operation.update(
        seat_key(partition, starts_at, center_id),
        "SET #taken = if_not_exists(#taken, :zero) + :one, #cap = :cap, center_id = :center, "
        "starts_at = :start, #type = :kind",
        condition="attribute_not_exists(#taken) OR #taken < :cap",
        names={"#type": "type", "#taken": "taken", "#cap": "capacity"},
        values={":zero": 0, ":one": 1, ":cap": capacity, ":center": center_id, ":start": starts_at, ":kind": "seats"},
        label="seat",
    )


def return_seat_op(partition: str, starts_at: str, center_id: str) -> Operation:
    """The seat back to its sitting (label `old_seat`); never below zero."""
    return Operation.update(
        seat_key(partition, starts_at, center_id),
        "SET #taken = #taken - :one",
        condition="#taken > :zero",
        names={"#taken": "taken"},
        values={":one": 1, ":zero": 0},
        label="old_seat",
    )


def hold_key(candidate_id: str, exam_code: str) -> dict[str, str]:
    return {"pk": keys.candidate(candidate_id), "sk": keys.open_appointment(exam_code)}


def hold_op(candidate_id: str, exam_code: str, appointment_id: str) -> Operation:
    """The candidate's one open appointment for the exam (label `hold`; refused when one exists)."""
    item = {**hold_key(candidate_id, exam_code), "type": "appointment_hold", "appointment_id": appointment_id}
    return Operation.create(item, label="hold")


def release_hold_op(candidate_id: str, exam_code: str, appointment_id: str) -> Operation:
    return Operation.delete_if(
        hold_key(candidate_id, exam_code), "appointment_id = :appt", values={":appt": appointment_id}, label="hold"
    )


def create_op(item: Mapping[str, Any], label: str) -> Operation:
    return Operation.create(item, label=label)


def get(key: Mapping[str, str], *, consistent: bool = True) -> Item | None:
    return table.get(key, consistent=consistent)


def of_candidate(candidate_id: str, prefix: str) -> list[Item]:
    """Every item of one kind under the candidate (appointments, receipts): one Query per page."""
    return list(table.query_all(keys.candidate(candidate_id), begins_with=prefix))


def open_on(day: str) -> list[Item]:
    """The open appointments starting on `day` (GSI2), every page."""
    return list(table.query_all(keys.appointments_on(day), index="GSI2"))


def move_op(
    key: Mapping[str, str], *, before: str, changes: Mapping[str, Any], day_keys: Mapping[str, str]
) -> Operation:
    """Reschedule (label `appointment`): only while open, paid for and still starting at `before`."""
    names = {"#s": "status", **{f"#{n}": n for n in changes}}
    values = {
        ":before": before,
        ":moved": "rescheduled",
        **_OPEN_VALUES,
        **{f":{n}": v for n, v in {**changes, **day_keys}.items()},
    }
    sets = ["#s = :moved", *(f"#{n} = :{n}" for n in changes), *(f"{n} = :{n}" for n in day_keys)]
    return Operation.update(
        key,
        "SET " + ", ".join(sets),
        condition=f"{_OPEN} AND starts_at = :before AND {_PAID}",
        names=names,
        values=values,
        label="appointment",
    )


def close_op(
    key: Mapping[str, str],
    *,
    status: str,
    before: str,
    at: str,
    allowed: tuple[str, ...],
    paid: bool = False,
    **extra: str,
) -> Operation:
    """Cancelled, completed or no-show (label `appointment`): off the day index, only from `allowed`
    states and the start it was read with (`paid`: and not while its card payment is pending)."""
    allowed_names = {f":from{i}": s for i, s in enumerate(allowed)}
    sets = ["#s = :status", "updated_at = :at", *(f"{n} = :{n}" for n in extra)]
    return Operation.update(
        key,
        "SET " + ", ".join(sets) + " REMOVE gsi2pk, gsi2sk",
        condition=f"#s IN ({', '.join(allowed_names)}) AND starts_at = :before" + (f" AND {_PAID}" if paid else ""),
        names={"#s": "status"},
        values={
            ":status": status,
            ":at": at,
            ":before": before,
            **allowed_names,
            **{f":{n}": v for n, v in extra.items()},
        },
        label="appointment",
    )


def redeem_voucher_op(code: str, *, today: str, appointment_id: str, candidate_id: str) -> Operation:
    """Single use (label `voucher`): only an available voucher that has not expired."""
    return Operation.update(
        keys.voucher(code),
        "SET #s = :redeemed, appointment_id = :appt, candidate_id = :cand",
        condition="#s = :available AND expires_on >= :today",
        names={"#s": "status"},
        values={
            ":redeemed": "redeemed",
            ":available": "available",
            ":today": today,
            ":appt": appointment_id,
            ":cand": candidate_id,
        },
        label="voucher",
    )


def return_voucher_op(code: str, appointment_id: str) -> Operation:
    """Back to available (a cancellation), only from the appointment that holds it."""
    return Operation.update(
        keys.voucher(code),
        "SET #s = :available REMOVE appointment_id, candidate_id",
        condition="#s = :redeemed AND appointment_id = :appt",
        names={"#s": "status"},
        values={":available": "available", ":redeemed": "redeemed", ":appt": appointment_id},
        label="voucher",
    )


def consume_voucher_op(code: str, appointment_id: str) -> Operation:
    """Used up: the exam was sat or missed."""
    return Operation.update(
        keys.voucher(code),
        "SET #s = :consumed",
        condition="#s = :redeemed AND appointment_id = :appt",
        names={"#s": "status"},
        values={":consumed": "consumed", ":redeemed": "redeemed", ":appt": appointment_id},
        label="voucher",
    )


def paid_op(key: Mapping[str, str], charge_id: str) -> Operation:
    """The card was charged (label `receipt`): once, from pending."""
    return Operation.update(
        key,
        "SET payment_status = :paid, charge_id = :charge",
        condition="payment_status = :pending",
        values={":paid": "paid", ":pending": "pending", ":charge": charge_id},
        label="receipt",
    )


def refund_op(key: Mapping[str, str], entry: Mapping[str, Any]) -> Operation:
    """A refund line (label `receipt`): once, on a paid receipt."""
    return Operation.update(
        key,
        "SET refunds = list_append(refunds, :entry), payment_status = :refunded",
        condition="payment_status = :paid",
        values={":entry": [dict(entry)], ":refunded": "refunded", ":paid": "paid"},
        label="receipt",
    )


def hold_paid_op(appointment_key: Mapping[str, str]) -> Operation:
    """The payment completed (label `appointment`): the seat is no longer held but booked, so the
    appointment leaves the unpaid-hold index. In the transaction of `paid_op`, whose condition on the
    pending receipt decides a race with the sweep."""
    return Operation.update(
        appointment_key,
        "REMOVE gsi1pk, gsi1sk, hold_expires_at",
        condition="attribute_exists(hold_expires_at)",
        label="appointment",
    )


def unbook_ops(appointment_key: Mapping[str, str], receipt_key: Mapping[str, str]) -> list[Operation]:
    """A booking whose payment failed or never completed, taken back: the appointment (still held
    for its payment) and its receipt, only while the receipt still waits for the payment."""
    return [
        Operation.delete_if(appointment_key, "attribute_exists(hold_expires_at)", label="appointment"),
        Operation.delete_if(receipt_key, "payment_status = :pending", values={":pending": "pending"}, label="receipt"),
    ]


def lapsed_holds(until: str) -> list[Item]:
    """The appointments whose seat hold lapsed before `until` and whose payment never completed
    (GSI1 `HOLDS#UNPAID`, sparse: paid bookings are not in it), every page."""
    return list(table.query_all(keys.UNPAID_HOLDS, index="GSI1", between=("0", until)))


# ------------------------------------------------------------------ refunds
def request_refund_op(item: Mapping[str, Any]) -> Operation:
    """A refund owed (label `refund`), in the transaction that decides it: once per reference."""
    return Operation.create(item, label="refund")


def record_late_charge(
    key: Mapping[str, str], item: Mapping[str, Any], *, charge_id: str, amount: int, currency: str
) -> None:
    """A charge that came after its hold was released: the refund record for the appointment is
    created, or given the charge when the sweep had recorded it without one (or found none yet). One
    that already names a charge is that same charge (the provider dedupes on the appointment), so a
    refused condition here means the refund is already on its way."""
    fresh = {n: v for n, v in item.items() if n not in ("pk", "sk", "charge_id", "amount", "currency", "status")}
    sets = ", ".join(f"#{n} = :{n}" for n in fresh)
    table.update(
        key,
        f"SET {sets}, charge_id = :charge, amount = :amount, currency = :currency, #status = :pending",
        condition="attribute_not_exists(charge_id)",
        names={"#status": "status", **{f"#{n}": n for n in fresh}},
        values={
            ":charge": charge_id,
            ":amount": amount,
            ":currency": currency,
            ":pending": "pending",
            **{f":{n}": v for n, v in fresh.items()},
        },
        conflict="the refund already names its charge",
    )


def pending_refunds() -> list[Item]:
    """Refunds the provider has not confirmed (GSI1 `REFUNDS#PENDING`, sparse), oldest first."""
    return list(table.query_all(keys.PENDING_REFUNDS, index="GSI1"))


def refund_settled(key: Mapping[str, str], *, charge_id: str, refund_id: str, at: str) -> None:
    """Done (once, from pending): off the pending index."""
    table.update(
        key,
        "SET #status = :done, charge_id = :charge, refund_id = :refund, settled_at = :at REMOVE gsi1pk, gsi1sk",
        condition="#status = :pending",
        names={"#status": "status"},
        values={":done": "done", ":pending": "pending", ":charge": charge_id, ":refund": refund_id, ":at": at},
        conflict="the refund was settled meanwhile",
    )


def refund_not_charged(key: Mapping[str, str], *, at: str) -> None:
    """Nothing was charged under the lapsed hold's reference: nothing to refund (until a late charge
    names one, `record_late_charge`)."""
    table.update(
        key,
        "SET #status = :none, settled_at = :at REMOVE gsi1pk, gsi1sk",
        condition="#status = :pending AND attribute_not_exists(charge_id)",
        names={"#status": "status"},
        values={":none": "not_charged", ":pending": "pending", ":at": at},
        conflict="the refund was given a charge meanwhile",
    )


def refund_attempt_failed(key: Mapping[str, str], error: str) -> None:
    """The provider failed this time: counted, so that a refund that keeps failing shows."""
    table.update(
        key,
        "SET last_error = :error ADD attempts :one",
        condition="#status = :pending",
        names={"#status": "status"},
        values={":error": error[:300], ":one": 1, ":pending": "pending"},
        conflict="the refund was settled meanwhile",
    )


def create_vouchers(items: list[Mapping[str, Any]]) -> None:
    """A batch of vouchers, all or none (a code drawn twice fails the batch: it is drawn again)."""
    table.transact([Operation.put(item, condition=NEW, label="voucher") for item in items])


def transact(operations: list[Operation], conflict: str) -> None:
    table.transact(operations, conflict=conflict)
