"""Scheduling use cases: availability, booking (seat, appointment, receipt and voucher in one
transaction, then the payment), reschedule and cancel before the cut-off, receipts, vouchers."""

import secrets
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from certtrack import clock, keys, notifications
from certtrack.accounts import repository as repo
from certtrack.catalog import get_catalog
from certtrack.errors import Conflict, InvalidInput, NotFound, UpstreamError
from certtrack.observability import logger
from certtrack.scheduling import emails, holds, payments, refunds, rules
from certtrack.scheduling import inventory as inv
from certtrack.scheduling.inventory import Center, Sitting, get_inventory
from certtrack.store import appointments as store
from certtrack.store.items.facts import AgreementItem, ExamResultItem
from certtrack.store.items.scheduling import AppointmentItem, ReceiptItem, VoucherItem
from certtrack.store.table import Item, TransactionConflict
from scheduling.models import (
    AppointmentOut,
    BookingIn,
    CenterOut,
    LineOut,
    Price,
    ReceiptOut,
    RefundOut,
    SlotOut,
    VoucherBatchIn,
    VoucherBatchOut,
)

DEFAULT_RANGE_DAYS = 14


# ------------------------------------------------------------------ inventory
def center_out(center: Center | None) -> CenterOut | None:
    return CenterOut(**center.model_dump(include=set(CenterOut.model_fields))) if center else None


def test_centers(country: str | None, city: str | None, kind: str | None) -> list[CenterOut]:
    found = get_inventory().centers
    return [
        center_out(c)  # type: ignore[misc]
        for c in found
        if (country is None or c.country == country)
        and (city is None or c.city.casefold() == city.casefold())
        and (kind is None or c.kind == kind)
    ]


def _offer(exam_code: str) -> inv.ExamOffer:
    offer = get_inventory().exams.get(exam_code)
    if offer is None:
        raise NotFound(f"exam_code: {exam_code} is not an exam offered for scheduling", field="exam_code")
    return offer


def _is_lab(exam_code: str) -> bool:
    exam = get_catalog().exam(exam_code)
    return exam is not None and exam.type == "practical"


def _cents(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _major(cents: int) -> float:
    return cents / 100


def _local_time(sitting_start: datetime) -> str:
    return sitting_start.strftime("%a %d %b %Y, %H:%M %Z")


def availability(exam_code: str, query: dict[str, Any]) -> list[SlotOut]:
    """The open sittings of one exam in a date range: the centres' patterns less the seats taken,
    read with one Query of the partition (a country's centres, or online)."""
    inventory = get_inventory()
    offer = _offer(exam_code)
    center = None
    if query.get("center_id"):
        center = inventory.center(query["center_id"])
        if center is None:
            raise InvalidInput(f"center_id: no test centre {query['center_id']}", field="center_id")
    delivery = query.get("delivery") or ("test_center" if center or query.get("country") else offer.delivery[0])
    if delivery not in offer.delivery:
        raise InvalidInput(f"delivery: {exam_code} is delivered {' or '.join(offer.delivery)}", field="delivery")
    today = clock.today()
    first = query.get("from_") or today
    last = query.get("to") or first + timedelta(days=DEFAULT_RANGE_DAYS - 1)
    first = max(first, today)
    if last < first:
        raise InvalidInput("to: is before from (or before today)", field="to")
    if (last - first).days >= inventory.max_range_days:
        raise InvalidInput(f"to: a page covers at most {inventory.max_range_days} days", field="to")
    last = min(last, today + timedelta(days=inventory.horizon_days))
    lab = _is_lab(exam_code)
    if delivery == "online":
        centers: list[Center | None] = [None]
        partition = inv.ONLINE
    else:
        if center is None and not query.get("country"):
            raise InvalidInput("country: is required for test centre sittings (or name a center_id)", field="country")
        country = center.country if center else query["country"]
        kind = "lab" if lab else "test_center"
        if center is not None and center.kind != kind:
            raise InvalidInput(f"center_id: {center.center_id} does not deliver {exam_code}", field="center_id")
        centers = [center] if center else [c for c in inventory.centers if c.country == country and c.kind == kind]
        partition = country
    # local days may start up to 14 hours before or after the UTC day
    low = datetime.combine(first, datetime.min.time(), UTC) - timedelta(hours=14)
    high = datetime.combine(last, datetime.max.time(), UTC) + timedelta(hours=14)
    taken = store.seats_taken(partition, inv.utc_iso(low), inv.utc_iso(high))
    now = clock.now()
    price = Price(amount=float(offer.price), currency=inventory.currency)
    slots = []
    for one in sorted((s for c in centers for s in inv.sittings(inventory, c, first, last)), key=lambda s: s.starts_at):
        if one.starts_at <= now:
            continue
        left = one.capacity - taken.get(keys.seat_counter(inv.utc_iso(one.starts_at), _center_id(one)), 0)
        if left <= 0:
            continue
        slots.append(_slot(one, exam_code, offer, left, price))
    return slots


def _center_id(one: Sitting) -> str:
    return one.center.center_id if one.center else inv.ONLINE


def _slot(one: Sitting, exam_code: str, offer: inv.ExamOffer, left: int, price: Price) -> SlotOut:
    local = one.local_start
    return SlotOut(
        slot_id=one.slot_id,
        exam_code=exam_code,
        delivery=one.delivery,
        center=center_out(one.center),
        starts_at=local.isoformat(timespec="minutes"),
        local_time=_local_time(local),
        seats_left=left,
        price=price,
        duration_minutes=offer.duration_minutes,
    )


def _sitting_for(exam_code: str, slot_id: str) -> Sitting:
    """The sitting a booking names, checked against the exam's delivery (400 naming slot_id)."""
    one = inv.sitting(get_inventory(), slot_id)
    if one is None:
        raise InvalidInput(f"slot_id: {slot_id} is not a sitting of the inventory", field="slot_id")
    offer = _offer(exam_code)
    if one.delivery not in offer.delivery:
        raise InvalidInput(f"slot_id: {exam_code} is not delivered {one.delivery}", field="slot_id")
    wanted = "lab" if _is_lab(exam_code) else "test_center"
    if one.center is not None and one.center.kind != wanted:
        raise InvalidInput(f"slot_id: {one.center.center_id} does not deliver {exam_code}", field="slot_id")
    if one.starts_at <= clock.now():
        raise Conflict(f"sitting_started: the sitting {slot_id} has already started", code="sitting_started")
    horizon = clock.today() + timedelta(days=get_inventory().horizon_days)
    if one.starts_at.date() > horizon:
        raise InvalidInput(f"slot_id: sittings are offered up to {horizon.isoformat()}", field="slot_id")
    return one


# ------------------------------------------------------------------ booking
def _candidate_state(candidate_id: str) -> tuple[dict[str, Item], list[ExamResultItem], list[AppointmentItem]]:
    """What the rules read: account items, facts (results, agreements) and appointments."""
    account = repo.account_items(candidate_id)
    facts = store.of_candidate(candidate_id, keys.EVENTS)
    appointments = [AppointmentItem.from_item(i) for i in store.of_candidate(candidate_id, keys.APPOINTMENT_PREFIX)]
    account.update({i["sk"]: i for i in facts if i["sk"].startswith(keys.AGREEMENT_EVENTS)})
    results = [ExamResultItem.from_item(i) for i in facts if i["sk"].startswith(keys.EXAM_EVENTS)]
    return account, results, appointments


def _eligible(candidate_id: str, account: dict[str, Item]) -> None:
    missing = [
        name
        for name, sk in (("mailing_address", keys.address("mailing")), ("settings", keys.settings()))
        if sk not in account
    ]
    if missing:
        raise Conflict(
            f"profile_incomplete: complete your profile first: missing {', '.join(missing)}", code="profile_incomplete"
        )
    current = get_catalog().current_agreement(clock.today())
    if AgreementItem.key_of(candidate_id, current.version)["sk"] not in account:
        raise Conflict(
            f"agreement_required: accept the current Certification Agreement ({current.version}) first",
            code="agreement_required",
        )


def _check_rules(
    exam_code: str,
    one: Sitting,
    results: list[ExamResultItem],
    appointments: list[AppointmentItem],
    moving: str | None = None,
) -> None:
    inventory = get_inventory()
    offer = inventory.exams[exam_code]
    rules.check(
        exam_code=exam_code,
        offer=offer,
        policy=inventory.policies[offer.policy],
        on=one.local_start.date(),
        results=results,
        appointments=appointments,
        exam_validity_years=get_catalog().programme.exam_validity_years,
        moving=moving,
    )


def _voucher(code: str, exam_code: str) -> VoucherItem:
    found = store.get(keys.voucher(code.strip().upper()))
    if found is None:
        raise InvalidInput("voucher_code: no such voucher", field="voucher_code")
    voucher = VoucherItem.from_item(found)
    if voucher.status != "available":
        raise Conflict(f"voucher_used: voucher {voucher.code} has already been used", code="voucher_used")
    if voucher.expires_on < clock.today().isoformat():
        raise Conflict(
            f"voucher_expired: voucher {voucher.code} expired on {voucher.expires_on}", code="voucher_expired"
        )
    if voucher.exam_codes and exam_code not in voucher.exam_codes:
        raise Conflict(
            f"voucher_not_for_exam: voucher {voucher.code} is for {', '.join(voucher.exam_codes)}",
            code="voucher_not_for_exam",
        )
    return voucher


def _receipt(
    *,
    candidate_id: str,
    receipt_id: str,
    appointment_id: str,
    exam_code: str,
    one: Sitting,
    country: str,
    voucher: VoucherItem | None,
    now: str,
) -> dict[str, Any]:
    inventory = get_inventory()
    offer = inventory.exams[exam_code]
    title = get_catalog().exams[exam_code].title
    where = one.center.name if one.center else "online proctored"
    price = _cents(offer.price)
    lines = [{"description": f"{exam_code} {title}, {_local_time(one.local_start)}, {where}", "amount": price}]
    discount = 0
    if voucher is not None:
        discount = int((Decimal(price) * voucher.discount_percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        lines.append({"description": f"Voucher {voucher.code} ({voucher.discount_percent}% off)", "amount": -discount})
    rate = inventory.tax_rate(country)
    subtotal = price - discount
    tax = int((Decimal(subtotal) * rate / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    total = subtotal + tax
    method = "voucher" if voucher and total == 0 else "voucher+card" if voucher else "card"
    return {
        **ReceiptItem.key_of(candidate_id, receipt_id),
        "type": "receipt",
        "receipt_id": receipt_id,
        "number": f"R{now[:10].replace('-', '')}-{secrets.randbelow(10**6):06d}",
        "candidate_id": candidate_id,
        "appointment_id": appointment_id,
        "issued_at": now,
        "lines": lines,
        "tax": tax,
        "tax_rate": float(rate),
        "tax_country": country,
        "total": total,
        "currency": inventory.currency,
        "method": method,
        "payment_status": "pending" if total > 0 else "none",
        "refunds": [],
    }


def _day_keys(candidate_id: str, appointment_id: str, starts_at: str) -> dict[str, str]:
    return {"gsi2pk": keys.appointments_on(starts_at[:10]), "gsi2sk": f"{starts_at}#{candidate_id}#{appointment_id}"}


def book(candidate_id: str, request: BookingIn) -> AppointmentOut:
    """One transaction takes the seat (conditional), holds the exam, writes the appointment and its
    receipt and redeems the voucher; then the card is charged for what the voucher does not cover. A
    declined card takes the booking back (402, nothing booked). Until the payment is recorded the seat
    is only held (`holds`): a booking whose function stops before then is released by the sweep."""
    offer = _offer(request.exam_code)
    one = _sitting_for(request.exam_code, request.slot_id)
    if offer.access_code_sha256:
        if request.access_code is None:
            raise InvalidInput("access_code: is required: this exam is restricted", field="access_code")
        if not offer.code_matches(request.access_code):
            raise InvalidInput("access_code: is not this exam's access code", field="access_code")
    account, results, appointments = _candidate_state(candidate_id)
    _eligible(candidate_id, account)
    _check_rules(request.exam_code, one, results, appointments)
    voucher = _voucher(request.voucher_code, request.exam_code) if request.voucher_code else None
    now = clock.iso_now()
    appointment_id = "AP" + secrets.token_hex(8).upper()
    receipt_id = "RC" + secrets.token_hex(8).upper()
    address = account[keys.address("mailing")]
    country = one.center.country if one.center else str(address.get("country"))
    receipt = _receipt(
        candidate_id=candidate_id,
        receipt_id=receipt_id,
        appointment_id=appointment_id,
        exam_code=request.exam_code,
        one=one,
        country=country,
        voucher=voucher,
        now=now,
    )
    if receipt["total"] > 0 and request.payment is None:
        raise InvalidInput(
            f"payment: is required: {_major(receipt['total']):.2f} {receipt['currency']} to pay", field="payment"
        )
    starts_at = inv.utc_iso(one.starts_at)
    appointment = {
        **AppointmentItem.key_of(candidate_id, appointment_id),
        "type": "appointment",
        "appointment_id": appointment_id,
        "candidate_id": candidate_id,
        "confirmation_number": f"{secrets.randbelow(10**10):010d}",
        "exam_code": request.exam_code,
        "slot_id": one.slot_id,
        "delivery": one.delivery,
        "center_id": one.center.center_id if one.center else None,
        "starts_at": starts_at,
        "duration_minutes": offer.duration_minutes,
        "status": "scheduled",
        "receipt_id": receipt_id,
        "voucher_code": voucher.code if voucher else None,
        "booked_at": now,
        "updated_at": now,
        **_day_keys(candidate_id, appointment_id, starts_at),
    }
    paid = receipt["total"] == 0
    if not paid:
        appointment.update(holds.held(candidate_id, appointment_id, clock.now()))
    ops = [
        store.take_seat_op(one.partition, starts_at, _center_id(one), one.capacity),
        store.hold_op(candidate_id, request.exam_code, appointment_id),
        store.create_op(appointment, "appointment"),
        store.create_op(receipt, "receipt"),
    ]
    if voucher is not None:
        ops.append(
            store.redeem_voucher_op(
                voucher.code, today=clock.today().isoformat(), appointment_id=appointment_id, candidate_id=candidate_id
            )
        )
    profile = account[keys.profile()]
    mail_key = repo.candidate_key(candidate_id, keys.appointment_notice(appointment_id, "confirmation"))
    if paid:
        ops.append(notifications.record_op(mail_key, emails.confirmation(profile, appointment, receipt, one)))
    try:
        store.transact(ops, conflict="the sitting changed meanwhile")
    except TransactionConflict as exc:
        raise _booking_refused(exc, request, one, voucher) from exc
    if not paid:
        assert request.payment is not None
        receipt = _charge(appointment, receipt, request.payment.token)
        _finish_payment(profile, appointment, receipt, one, mail_key)
        appointment = {k: v for k, v in appointment.items() if k not in ("hold_expires_at", "gsi1pk", "gsi1sk")}
    notifications.queue(mail_key)
    return appointment_out(AppointmentItem.from_item(appointment))


def _booking_refused(
    exc: TransactionConflict, request: BookingIn, one: Sitting, voucher: VoucherItem | None
) -> Conflict:
    if "seat" in exc.failed:
        return Conflict(f"sitting_full: no seat is left at the sitting {one.slot_id}", code="sitting_full")
    if "hold" in exc.failed:
        return Conflict(
            f"one_open_appointment: {request.exam_code} is already scheduled; reschedule or cancel it instead",
            code="one_open_appointment",
        )
    if "voucher" in exc.failed and voucher is not None:
        return Conflict(f"voucher_used: voucher {voucher.code} has already been used", code="voucher_used")
    return exc


def _charge(appointment: dict[str, Any], receipt: dict[str, Any], token: str) -> dict[str, Any]:
    """Charges the card; on any failure the booking is taken back (seat, hold, voucher) first."""
    try:
        charge = payments.gateway().charge(
            token=token, amount=receipt["total"], currency=receipt["currency"], reference=appointment["appointment_id"]
        )
    except payments.PaymentUnavailable as exc:
        logger.exception("payment provider unavailable; the booking is taken back")
        # the provider may have charged before its answer was lost: the sweep looks the charge up
        _unbook(appointment, charge_unknown=True)
        raise UpstreamError("the payment could not be taken just now and nothing was booked; please try again") from exc
    except Exception:
        # declined, a token the provider does not know, or a fault: nothing stays booked, and the
        # error itself goes on to its answer (402, 400 or 5xx)
        _unbook(appointment, charge_unknown=False)
        raise
    return {**receipt, "charge_id": charge.charge_id, "payment_status": "paid"}


def _unbook(appointment: dict[str, Any], *, charge_unknown: bool) -> None:
    item = AppointmentItem.from_item(appointment)
    store.transact(
        holds.release_ops(item, charge_unknown=charge_unknown, at=clock.iso_now()),
        conflict="the booking changed meanwhile",
    )


def _finish_payment(
    profile: Item, appointment: dict[str, Any], receipt: dict[str, Any], one: Sitting, mail_key: dict[str, str]
) -> None:
    """The receipt paid and the seat booked, unless the sweep released the expired hold first: then
    nothing is booked, the charge is refunded and the answer is a 409 naming the state."""
    candidate_id, appointment_id = appointment["candidate_id"], appointment["appointment_id"]
    try:
        store.transact(
            [
                store.paid_op(ReceiptItem.key_of(candidate_id, receipt["receipt_id"]), receipt["charge_id"]),
                store.hold_paid_op(AppointmentItem.key_of(candidate_id, appointment_id)),
                notifications.record_op(mail_key, emails.confirmation(profile, appointment, receipt, one)),
            ],
            conflict="the receipt changed meanwhile",
        )
    except TransactionConflict as exc:
        if "receipt" not in exc.failed:
            raise
        charge = payments.Charge(receipt["charge_id"], receipt["total"], receipt["currency"])
        refunds.late_charge(candidate_id, appointment_id, charge, at=clock.iso_now())
        expired = appointment["hold_expires_at"]
        raise Conflict(
            f"hold_expired: the seat held for this booking until {expired} was released before the payment "
            f"completed; nothing is booked and the charge of {_major(charge.amount):.2f} {charge.currency} is "
            "refunded",
            code="hold_expired",
            details={"hold_expires_at": expired},
        ) from exc


# ------------------------------------------------------------------ reading
def _policy_for(exam_code: str) -> inv.Policy:
    inventory = get_inventory()
    return inventory.policies[inventory.exams[exam_code].policy]


def change_until(item: AppointmentItem) -> datetime:
    return datetime.fromisoformat(item.starts_at) - timedelta(hours=_policy_for(item.exam_code).cutoff_hours)


def appointment_out(item: AppointmentItem) -> AppointmentOut:
    inventory = get_inventory()
    center = inventory.center(item.center_id) if item.center_id else None
    start = datetime.fromisoformat(item.starts_at)
    local = start.astimezone(center.zone if center else UTC)
    until = change_until(item)
    return AppointmentOut(
        appointment_id=item.appointment_id,
        confirmation_number=item.confirmation_number,
        exam_code=item.exam_code,
        exam_title=get_catalog().exams[item.exam_code].title,
        slot_id=item.slot_id,
        starts_at=local.isoformat(timespec="minutes"),
        local_time=_local_time(local),
        duration_minutes=item.duration_minutes,
        delivery=item.delivery,
        center=center_out(center),
        status=item.status,
        receipt_id=item.receipt_id,
        voucher_code=item.voucher_code,
        change_until=until.isoformat(timespec="minutes"),
        can_change=item.status in rules.OPEN and clock.now() < until and item.hold_expires_at is None,
        hold_expires_at=item.hold_expires_at,
        upcoming=_upcoming(item, clock.now()),
    )


def _upcoming(item: AppointmentItem, now: datetime) -> bool:
    return item.status in rules.OPEN and datetime.fromisoformat(item.starts_at) > now


def appointments(candidate_id: str, when: str | None) -> list[AppointmentOut]:
    """Upcoming: open ones still to start, soonest first; past: the rest, latest first."""
    items = [AppointmentItem.from_item(i) for i in store.of_candidate(candidate_id, keys.APPOINTMENT_PREFIX)]
    now = clock.now()
    if when == "upcoming":
        chosen = sorted((a for a in items if _upcoming(a, now)), key=lambda a: a.starts_at)
    elif when == "past":
        chosen = sorted((a for a in items if not _upcoming(a, now)), key=lambda a: a.starts_at, reverse=True)
    else:
        chosen = sorted(items, key=lambda a: a.starts_at, reverse=True)
    return [appointment_out(a) for a in chosen]


def _appointment(candidate_id: str, appointment_id: str) -> AppointmentItem:
    found = store.get(AppointmentItem.key_of(candidate_id, appointment_id))
    if found is None:
        raise NotFound(f"no appointment {appointment_id}", field="appointment_id")
    return AppointmentItem.from_item(found)


def _changeable(item: AppointmentItem, verb: str) -> None:
    if item.status not in rules.OPEN:
        raise Conflict(
            f"appointment_{item.status}: appointment {item.appointment_id} is {item.status}",
            code=f"appointment_{item.status}",
        )
    if item.hold_expires_at is not None:
        raise Conflict(
            f"payment_pending: the payment of appointment {item.appointment_id} has not completed; its seat is "
            f"held until {item.hold_expires_at}",
            code="payment_pending",
            details={"hold_expires_at": item.hold_expires_at},
        )
    until = change_until(item)
    if clock.now() >= until:
        hours = _policy_for(item.exam_code).cutoff_hours
        raise Conflict(
            f"cutoff_passed: an appointment can be {verb} until {hours} hours before its start "
            f"({until.isoformat(timespec='minutes')})",
            code="cutoff_passed",
            details={"cutoff": until.isoformat(timespec="minutes")},
        )


def reschedule(candidate_id: str, appointment_id: str, slot_id: str) -> AppointmentOut:
    """The old seat back and the new one taken in one transaction, with the appointment moved (the
    rules are checked again for the new day; the receipt stands)."""
    item = _appointment(candidate_id, appointment_id)
    _changeable(item, "rescheduled")
    one = _sitting_for(item.exam_code, slot_id)
    if one.slot_id == item.slot_id:
        raise Conflict(f"same_sitting: appointment {appointment_id} is already at {slot_id}", code="same_sitting")
    _, results, appointments_ = _candidate_state(candidate_id)
    _check_rules(item.exam_code, one, results, appointments_, moving=appointment_id)
    starts_at = inv.utc_iso(one.starts_at)
    now = clock.iso_now()
    changes = {
        "slot_id": one.slot_id,
        "starts_at": starts_at,
        "center_id": one.center.center_id if one.center else None,
        "delivery": one.delivery,
        "updated_at": now,
    }
    ops = [
        holds.seat_back_op(item),
        store.take_seat_op(one.partition, starts_at, _center_id(one), one.capacity),
        store.move_op(
            item.key,
            before=item.starts_at,
            changes=changes,
            day_keys=_day_keys(candidate_id, appointment_id, starts_at),
        ),
    ]
    try:
        store.transact(ops, conflict=f"appointment {appointment_id} changed meanwhile")
    except TransactionConflict as exc:
        if "seat" in exc.failed:
            raise Conflict(f"sitting_full: no seat is left at the sitting {one.slot_id}", code="sitting_full") from exc
        raise
    return appointment_out(item.model_copy(update={**changes, "status": "rescheduled"}))


def cancel(candidate_id: str, appointment_id: str) -> AppointmentOut:
    """Before the cut-off: the seat goes back, the voucher is returned and the card refunded, all
    recorded in one transaction with the cancellation; the refund itself is the payments sweep's
    (`refunds`), which retries it until the provider confirms it, once."""
    item = _appointment(candidate_id, appointment_id)
    _changeable(item, "cancelled")
    receipt = receipt_item(candidate_id, item.receipt_id)
    now = clock.iso_now()
    ops = [
        holds.seat_back_op(item),
        store.close_op(
            item.key,
            status="cancelled",
            before=item.starts_at,
            at=now,
            allowed=rules.OPEN,
            paid=True,
            cancelled_at=now,
        ),
        store.release_hold_op(candidate_id, item.exam_code, appointment_id),
    ]
    if item.voucher_code:
        ops.append(store.return_voucher_op(item.voucher_code, appointment_id))
    refund = receipt.total if receipt.payment_status == "paid" else 0
    if refund:
        assert receipt.charge_id is not None  # a paid receipt names its charge
        ops.append(
            refunds.cancellation_op(item, charge_id=receipt.charge_id, amount=refund, currency=receipt.currency, at=now)
        )
        ops.append(
            store.refund_op(
                receipt.key,
                {
                    "description": "Refund: appointment cancelled",
                    "amount": refund,
                    "at": now,
                    "reference": f"cancel-{appointment_id}",
                },
            )
        )
    profile = repo.get_profile(candidate_id) or {}
    mail_key = repo.candidate_key(candidate_id, keys.appointment_notice(appointment_id, "cancelled"))
    ops.append(notifications.record_op(mail_key, emails.cancelled(profile, item, refund, receipt.currency)))
    store.transact(ops, conflict=f"appointment {appointment_id} changed meanwhile")
    notifications.queue(mail_key)
    return appointment_out(item.model_copy(update={"status": "cancelled"}))


# ------------------------------------------------------------------ receipts
def receipt_out(item: ReceiptItem) -> ReceiptOut:
    refunded = sum(r.amount for r in item.refunds)
    subtotal = sum(line.amount for line in item.lines)
    return ReceiptOut(
        receipt_id=item.receipt_id,
        number=item.number,
        appointment_id=item.appointment_id,
        issued_at=item.issued_at,
        lines=[LineOut(description=line.description, amount=_major(line.amount)) for line in item.lines],
        subtotal=_major(subtotal),
        tax=_major(item.tax),
        tax_rate=item.tax_rate,
        tax_country=item.tax_country,
        total=_major(item.total),
        currency=item.currency,
        method=item.method,
        payment_status=item.payment_status,
        refunds=[RefundOut(description=r.description, amount=_major(r.amount), at=r.at) for r in item.refunds],
        refunded=_major(refunded),
        net=_major(item.total - refunded),
    )


def receipts(candidate_id: str) -> list[ReceiptOut]:
    items = [ReceiptItem.from_item(i) for i in store.of_candidate(candidate_id, keys.RECEIPT_PREFIX)]
    return [receipt_out(i) for i in sorted(items, key=lambda r: r.issued_at, reverse=True)]


def receipt_item(candidate_id: str, receipt_id: str) -> ReceiptItem:
    found = store.get(ReceiptItem.key_of(candidate_id, receipt_id), consistent=False)
    if found is None:
        raise NotFound(f"no receipt {receipt_id}", field="receipt_id")
    return ReceiptItem.from_item(found)


# ------------------------------------------------------------------ vouchers
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def create_vouchers(admin: str, request: VoucherBatchIn) -> VoucherBatchOut:
    """A batch of single-use codes, written all or none."""
    for code in request.exam_codes:
        if code not in get_inventory().exams:
            raise InvalidInput(f"exam_codes: {code} is not an exam offered for scheduling", field="exam_codes")
    if request.expires_on < clock.today():
        raise InvalidInput("expires_on: is in the past", field="expires_on")
    batch_id = "VB" + secrets.token_hex(6).upper()
    now = clock.iso_now()
    drawn: set[str] = set()
    while len(drawn) < request.count:
        drawn.add(_code())
    codes = sorted(drawn)
    store.create_vouchers(
        [
            {
                **keys.voucher(code),
                "type": "voucher",
                "code": code,
                "batch_id": batch_id,
                "discount_percent": request.discount_percent,
                "exam_codes": request.exam_codes,
                "expires_on": request.expires_on.isoformat(),
                "status": "available",
                "created_at": now,
                "created_by": admin,
            }
            for code in codes
        ]
    )
    return VoucherBatchOut(
        batch_id=batch_id,
        codes=codes,
        discount_percent=request.discount_percent,
        exam_codes=request.exam_codes,
        expires_on=request.expires_on,
    )
