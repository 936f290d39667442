"""Exam scheduling (guide §10): availability from the inventory, booking with the seat, appointment
and receipt in one transaction, the programme's rules as refusals, payments, vouchers, tax,
reschedule and cancel before the cut-off, receipts."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from certtrack import clock, keys
from certtrack.accounts import repository as repo
from certtrack.errors import Conflict
from certtrack.scheduling import inventory as inv
from certtrack.scheduling.payments import FakeGateway, use_gateway
from certtrack.store.items.scheduling import AppointmentItem, VoucherItem

LONDON = "gb-lon-1"


@pytest.fixture
def gateway():
    fake = FakeGateway()
    use_gateway(fake)
    yield fake
    use_gateway(None)


def accept_agreement(api, user):
    version = api.get("/me/agreement", token=user.id_token).body["version"]
    assert api.post("/me/agreement", {"version": version}, token=user.id_token).status in (200, 201)


@pytest.fixture
def candidate(api, users, gateway):
    user = users.complete(users.signup())
    accept_agreement(api, user)
    user.extra["id"] = api.get("/me", token=user.id_token).body["candidate_id"]
    return user


@pytest.fixture
def admin(users):
    return users.signup(groups=("admin",))


def slots(api, exam="200-301", **query):
    # three days ahead: clear of the 24-hour cut-off, so that a booking can still be changed
    params = {"center_id": LONDON, "from": (clock.today() + timedelta(days=3)).isoformat(), **query}
    path = f"/exams/{exam}/availability?" + "&".join(f"{k}={v}" for k, v in params.items())
    answer = api.get(path)
    assert answer.status == 200, answer.body
    return answer.body["items"]


def book(api, user, slot, exam="200-301", **extra):
    body = {"exam_code": exam, "slot_id": slot["slot_id"] if isinstance(slot, dict) else slot, **extra}
    if "payment" not in extra and "voucher_code" not in extra:
        body["payment"] = {"token": "tok_visa"}
    return api.post("/me/appointments", body, token=user.id_token)


def result(api, candidate_id, exam, on, passed, result_id=None):
    body = {
        "result_id": result_id or f"{candidate_id}-{exam}-{on}",
        "candidate_id": candidate_id,
        "exam_code": exam,
        "taken_on": on.isoformat(),
        "score": 900 if passed else 500,
        "passing_score": 825,
        "passed": passed,
    }
    if exam.startswith("ccie-"):
        body["sections"] = [{"name": "Design", "score": 80}, {"name": "Deploy, Operate and Optimize", "score": 80}]
    assert api.partner_post("/vendor/exam-results", body).status == 201


# ------------------------------------------------------------------ inventory and availability
def test_test_centers_filter_by_country_and_city(api):
    gb = api.get("/test-centers?country=GB").body["items"]
    assert {c["center_id"] for c in gb} == {"gb-lon-1", "gb-man-1"}
    (manchester,) = api.get("/test-centers?country=GB&city=manchester").body["items"]
    assert manchester["time_zone"] == "Europe/London"
    labs = api.get("/test-centers?kind=lab").body["items"]
    assert labs
    assert all(c["kind"] == "lab" for c in labs)


def test_availability_lists_future_sittings_in_local_time_with_seats_and_price(api):
    found = slots(api)
    assert found
    first = found[0]
    assert first["center"]["center_id"] == LONDON
    start = datetime.fromisoformat(first["starts_at"])
    assert start.utcoffset() is not None
    assert start > clock.now()
    assert start.strftime("%H:%M") in ("09:00", "13:30")
    assert first["seats_left"] == 10
    assert first["price"] == {"amount": 300.0, "currency": "USD"}
    assert first["delivery"] == "test_center"


def test_availability_reads_one_query_per_page(api, roles):
    calls: list[str] = []
    from certtrack import aws as clients

    client = clients.client("dynamodb")

    def count(**kwargs):
        calls.append(kwargs.get("model").name if kwargs.get("model") else "")

    client.meta.events.register("before-call.dynamodb.*", count)
    try:
        slots(api, country="US")
    finally:
        client.meta.events.unregister("before-call.dynamodb.*", count)
    assert calls == ["Query"]


def test_online_sittings_and_labs_are_offered_by_delivery(api):
    online = slots(api, center_id="", delivery="online")
    assert online
    assert online[0]["center"] is None
    assert online[0]["delivery"] == "online"
    labs = api.get("/exams/ccie-ei-lab/availability?country=BE").body["items"]
    assert labs
    assert {s["center"]["center_id"] for s in labs} == {"be-bru-lab"}
    assert labs[0]["price"]["amount"] == 1600.0
    refused = api.get("/exams/ccie-ei-lab/availability?delivery=online")
    assert (refused.status, refused.error["field"]) == (400, "delivery")


def test_availability_refuses_bad_input_naming_the_field(api):
    assert api.get("/exams/no-such/availability?country=GB").status == 404
    assert api.get("/exams/200-301/availability?delivery=test_center").error["field"] == "country"
    assert api.get("/exams/200-301/availability?country=gb").error["field"] == "country"
    far = (clock.today() + timedelta(days=60)).isoformat()
    assert api.get(f"/exams/200-301/availability?country=GB&to={far}").error["field"] == "to"


# ------------------------------------------------------------------ booking
def test_booking_takes_a_seat_writes_the_receipt_and_emails_it(api, candidate, gateway):
    slot = slots(api)[0]
    answer = book(api, candidate, slot)
    assert answer.status == 201, answer.body
    appt = answer.body
    assert appt["status"] == "scheduled"
    assert appt["slot_id"] == slot["slot_id"]
    assert appt["starts_at"] == slot["starts_at"]
    assert appt["center"]["center_id"] == LONDON
    assert len(appt["confirmation_number"]) == 10
    assert [s["seats_left"] for s in slots(api) if s["slot_id"] == slot["slot_id"]] == [9]
    (receipt,) = api.get("/me/receipts", token=candidate.id_token).body["items"]
    assert receipt["receipt_id"] == appt["receipt_id"]
    assert (receipt["subtotal"], receipt["tax"], receipt["total"]) == (300.0, 60.0, 360.0)  # GB: 20 %
    assert (receipt["method"], receipt["payment_status"]) == ("card", "paid")
    assert next(iter(gateway.charges.values())).amount == 36000
    mail = repo.table.get(
        repo.candidate_key(candidate.extra["id"], keys.appointment_notice(appt["appointment_id"], "confirmation"))
    )
    assert mail["email"]["subject"].startswith("Exam scheduled: 200-301")
    assert "Total: 360.00 USD" in mail["email"]["text"]


def test_a_declined_card_is_402_and_nothing_is_booked(api, candidate, gateway):
    slot = slots(api)[0]
    answer = book(api, candidate, slot, payment={"token": "tok_chargeDeclined"})
    assert (answer.status, answer.error["code"]) == (402, "payment_declined")
    assert api.get("/me/appointments", token=candidate.id_token).body["items"] == []
    assert api.get("/me/receipts", token=candidate.id_token).body["items"] == []
    assert slots(api)[0]["seats_left"] == 10
    assert book(api, candidate, slot).status == 201  # nothing left behind blocks a second try


def test_a_payment_provider_outage_is_502_and_nothing_is_booked(api, candidate):
    from certtrack.scheduling.payments import PaymentUnavailable

    class Unreachable(FakeGateway):
        def charge(self, **_: object) -> None:
            raise PaymentUnavailable("connect timeout")

    use_gateway(Unreachable())
    slot = slots(api)[0]
    answer = book(api, candidate, slot)
    assert (answer.status, answer.error["code"]) == (502, "upstream_error")
    assert api.get("/me/appointments", token=candidate.id_token).body["items"] == []
    assert slots(api)[0]["seats_left"] == 10


def test_booking_needs_payment_a_complete_profile_and_the_agreement(api, users, candidate):
    slot = slots(api)[0]
    missing = api.post(
        "/me/appointments", {"exam_code": "200-301", "slot_id": slot["slot_id"]}, token=candidate.id_token
    )
    assert (missing.status, missing.error["field"]) == (400, "payment")
    bare = users.signup()
    assert (book(api, bare, slot).status, book(api, bare, slot).error["code"]) == (409, "profile_incomplete")
    unsigned = users.complete(users.signup())
    answer = book(api, unsigned, slot)
    assert (answer.status, answer.error["code"]) == (409, "agreement_required")
    assert book(api, candidate, {"slot_id": "gb-lon-1_20270101T0300Z"}).error["field"] == "slot_id"
    assert book(api, candidate, slot, exam="ccie-ei-lab").error["field"] == "slot_id"


def test_no_second_open_appointment_for_the_same_exam(api, candidate):
    first, second = slots(api)[:2]
    assert book(api, candidate, first).status == 201
    answer = book(api, candidate, second)
    assert (answer.status, answer.error["code"]) == (409, "one_open_appointment")
    assert book(api, candidate, second, exam="200-201").status == 201


def test_retake_wait_after_a_failure_names_the_first_date_allowed(api, candidate):
    failed_on = clock.today() - timedelta(days=1)
    result(api, candidate.extra["id"], "200-301", failed_on, passed=False)
    first_allowed = failed_on + timedelta(days=6)
    early = [s for s in slots(api) if datetime.fromisoformat(s["starts_at"]).date() < first_allowed]
    late = [s for s in slots(api) if datetime.fromisoformat(s["starts_at"]).date() >= first_allowed]
    answer = book(api, candidate, early[0])
    assert (answer.status, answer.error["code"]) == (409, "retake_wait")
    assert answer.error["first_allowed"] == first_allowed.isoformat()
    assert first_allowed.isoformat() in answer.error["message"]
    assert book(api, candidate, late[0]).status == 201


def test_no_retake_for_180_days_after_a_pass(api, candidate):
    result(api, candidate.extra["id"], "200-301", clock.today() - timedelta(days=10), passed=True)
    answer = book(api, candidate, slots(api)[0])
    assert (answer.status, answer.error["code"]) == (409, "pass_wait")
    assert answer.error["first_allowed"] == (clock.today() - timedelta(days=10) + timedelta(days=181)).isoformat()


def test_expert_written_exams_allow_four_attempts_in_twelve_months(api, candidate):
    cid = candidate.extra["id"]
    for weeks in (40, 30, 20, 10):
        result(api, cid, "350-401", clock.today() - timedelta(weeks=weeks), passed=False)
    answer = book(api, candidate, slots(api, exam="350-401")[0], exam="350-401")
    assert (answer.status, answer.error["code"]) == (409, "attempt_limit")


def test_a_lab_needs_a_valid_qualifying_exam_and_waits_after_failures(api, candidate):
    lab = api.get("/exams/ccie-ei-lab/availability?country=BE").body["items"][0]
    refused = book(api, candidate, lab, exam="ccie-ei-lab")
    assert (refused.status, refused.error["code"]) == (409, "qualifying_exam")
    cid = candidate.extra["id"]
    result(api, cid, "350-401", clock.today() - timedelta(days=400), passed=True)
    result(api, cid, "ccie-ei-lab", clock.today() - timedelta(days=3), passed=False)
    waiting = book(api, candidate, lab, exam="ccie-ei-lab")
    assert (waiting.status, waiting.error["code"]) == (409, "retake_wait")
    assert waiting.error["first_allowed"] == (clock.today() + timedelta(days=28)).isoformat()


def test_a_restricted_exam_needs_its_access_code(api, candidate):
    slot = slots(api, exam="beta-350-401")[0]
    missing = book(api, candidate, slot, exam="beta-350-401")
    assert (missing.status, missing.error["field"]) == (400, "access_code")
    wrong = book(api, candidate, slot, exam="beta-350-401", access_code="GUESS")
    assert (wrong.status, wrong.error["field"]) == (400, "access_code")
    assert book(api, candidate, slot, exam="beta-350-401", access_code="ENCOR-BETA-2027").status == 201


def _ready_candidate(n: int) -> str:
    """A candidate with a complete profile and the current agreement, written directly (the race
    needs fifty of them)."""
    from certtrack.catalog import get_catalog

    cid = f"CSCO9{n:07d}"
    version = get_catalog().current_agreement(clock.today()).version
    for sk, attrs in (
        (keys.profile(), {"candidate_id": cid, "email": f"r{n}@example.com", "first_name": "R", "last_name": str(n)}),
        (keys.address("mailing"), {"line1": "1 Road", "city": "London", "postal_code": "E1 6AN", "country": "GB"}),
        (keys.settings(), {"email_opt_in": False, "reminder_emails": True}),
        (keys.agreement_event(version), {"version": version, "accepted_on": clock.today().isoformat()}),
    ):
        repo.table.put({**repo.candidate_key(cid, sk), **attrs})
    return cid


def test_fifty_concurrent_bookings_of_the_last_seat_give_one_appointment(api, gateway):
    from scheduling import service
    from scheduling.models import BookingIn

    slot = slots(api)[0]
    one = inv.sitting(inv.get_inventory(), slot["slot_id"])
    repo.table.put(
        {
            "pk": keys.seats("GB"),
            "sk": keys.seat_counter(inv.utc_iso(one.starts_at), LONDON),
            "taken": one.capacity - 1,
            "capacity": one.capacity,
        }
    )
    candidates = [_ready_candidate(n) for n in range(50)]
    outcomes: list[str] = []
    request = BookingIn(exam_code="200-301", slot_id=slot["slot_id"], payment={"token": "tok_visa"})

    def attempt(cid: str) -> None:
        try:
            service.book(cid, request)
            outcomes.append("booked")
        except Conflict as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=attempt, args=(c,)) for c in candidates]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("booked") == 1
    assert outcomes.count("sitting_full") == 49
    assert len(gateway.charges) == 1
    counter = repo.table.get({"pk": keys.seats("GB"), "sk": keys.seat_counter(inv.utc_iso(one.starts_at), LONDON)})
    assert counter["taken"] == one.capacity
    assert slot["slot_id"] not in {s["slot_id"] for s in slots(api)}


# ------------------------------------------------------------------ vouchers and tax
def vouchers(api, admin, **body):
    answer = api.post(
        "/admin/vouchers",
        {"count": 1, "discount_percent": 100, "expires_on": (clock.today() + timedelta(days=30)).isoformat(), **body},
        token=admin.id_token,
    )
    assert answer.status == 201, answer.body
    return answer.body["codes"]


def test_only_admins_create_voucher_batches_and_bad_input_names_the_field(api, admin, candidate):
    assert (
        api.post(
            "/admin/vouchers",
            {"count": 1, "discount_percent": 10, "expires_on": "2099-01-01"},
            token=candidate.id_token,
        ).status
        == 403
    )
    codes = vouchers(api, admin, count=5, discount_percent=50, exam_codes=["200-301"])
    assert len(set(codes)) == 5
    for body, field in (
        ({"count": 0, "discount_percent": 10, "expires_on": "2099-01-01"}, "count"),
        ({"count": 1, "discount_percent": 101, "expires_on": "2099-01-01"}, "discount_percent"),
        ({"count": 1, "discount_percent": 10, "expires_on": "2000-01-01"}, "expires_on"),
        ({"count": 1, "discount_percent": 10, "expires_on": "2099-01-01", "exam_codes": ["nope"]}, "exam_codes"),
    ):
        answer = api.post("/admin/vouchers", body, token=admin.id_token)
        assert (answer.status, answer.error["field"]) == (400, field)


def test_a_full_voucher_needs_no_payment_and_is_single_use(api, admin, candidate, users, gateway):
    (code,) = vouchers(api, admin)
    first, second = slots(api)[:2]
    answer = book(api, candidate, first, voucher_code=code)
    assert answer.status == 201, answer.body
    (receipt,) = api.get("/me/receipts", token=candidate.id_token).body["items"]
    assert (receipt["total"], receipt["tax"], receipt["method"]) == (0.0, 0.0, "voucher")
    assert gateway.charges == {}
    other = users.complete(users.signup())
    accept_agreement(api, other)
    again = book(api, other, second, voucher_code=code)
    assert (again.status, again.error["code"]) == (409, "voucher_used")


def test_a_partial_voucher_discounts_before_tax_and_the_card_pays_the_rest(api, admin, candidate, gateway):
    (code,) = vouchers(api, admin, discount_percent=25)
    answer = book(api, candidate, slots(api)[0], voucher_code=code, payment={"token": "tok_visa"})
    assert answer.status == 201
    (receipt,) = api.get("/me/receipts", token=candidate.id_token).body["items"]
    assert [line["amount"] for line in receipt["lines"]] == [300.0, -75.0]
    assert (receipt["subtotal"], receipt["tax"], receipt["total"]) == (225.0, 45.0, 270.0)
    assert receipt["method"] == "voucher+card"
    assert round(sum(line["amount"] for line in receipt["lines"]) + receipt["tax"], 2) == receipt["total"]


def test_tax_follows_the_centres_country(api, candidate):
    us = slots(api, center_id="us-nyc-1")[0]
    assert book(api, candidate, us).status == 201
    (receipt,) = api.get("/me/receipts", token=candidate.id_token).body["items"]
    assert (receipt["tax_country"], receipt["tax"], receipt["total"]) == ("US", 0.0, 300.0)


def test_an_expired_or_foreign_voucher_is_refused(api, admin, candidate):
    (other_exam,) = vouchers(api, admin, exam_codes=["200-201"])
    answer = book(api, candidate, slots(api)[0], voucher_code=other_exam)
    assert (answer.status, answer.error["code"]) == (409, "voucher_not_for_exam")
    (code,) = vouchers(api, admin, expires_on=clock.today().isoformat())
    with clock.pinned(clock.now() + timedelta(days=1)):
        late = book(api, candidate, slots(api)[0], voucher_code=code)
    assert (late.status, late.error["code"]) == (409, "voucher_expired")
    unknown = book(api, candidate, slots(api)[0], voucher_code="NOPE-NOPE-NOPE-NOPE")
    assert (unknown.status, unknown.error["field"]) == (400, "voucher_code")


def test_fifty_concurrent_redemptions_of_one_voucher_book_once(api, admin, gateway):
    from scheduling import service
    from scheduling.models import BookingIn

    (code,) = vouchers(api, admin)
    slot = slots(api, country="GB", center_id=LONDON)[0]
    candidates = [_ready_candidate(100 + n) for n in range(50)]
    outcomes: list[str] = []

    def attempt(cid: str) -> None:
        try:
            service.book(cid, BookingIn(exam_code="200-301", slot_id=slot["slot_id"], voucher_code=code))
            outcomes.append("booked")
        except Conflict as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=attempt, args=(c,)) for c in candidates]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("booked") == 1
    assert set(outcomes) - {"booked"} == {"voucher_used"}
    assert [s["seats_left"] for s in slots(api) if s["slot_id"] == slot["slot_id"]] == [9]


# ------------------------------------------------------------------ reschedule and cancel
def test_reschedule_moves_the_seat_in_one_transaction(api, candidate):
    first, second = slots(api)[:2]
    appt = book(api, candidate, first).body
    moved = api.put(
        f"/me/appointments/{appt['appointment_id']}", {"slot_id": second["slot_id"]}, token=candidate.id_token
    )
    assert moved.status == 200, moved.body
    assert (moved.body["status"], moved.body["slot_id"]) == ("rescheduled", second["slot_id"])
    left = {s["slot_id"]: s["seats_left"] for s in slots(api)}
    assert (left[first["slot_id"]], left[second["slot_id"]]) == (10, 9)


def test_cancel_refunds_the_card_and_returns_the_seat(api, candidate, gateway):
    slot = slots(api)[0]
    appt = book(api, candidate, slot).body
    answer = api.delete(f"/me/appointments/{appt['appointment_id']}", token=candidate.id_token)
    assert (answer.status, answer.body["status"]) == (200, "cancelled")
    assert slots(api)[0]["seats_left"] == 10
    (receipt,) = api.get("/me/receipts", token=candidate.id_token).body["items"]
    assert [r["amount"] for r in receipt["refunds"]] == [360.0]
    assert (receipt["refunded"], receipt["net"], receipt["payment_status"]) == (360.0, 0.0, "refunded")
    # recorded with the cancellation; the payments sweep settles it with the provider, once
    assert gateway.refunds == {}
    assert run_payments_sweep()["refunded"] == 1
    assert list(gateway.refunds) == [f"cancel-{appt['appointment_id']}"]
    assert run_payments_sweep()["refunded"] == 0
    again = api.delete(f"/me/appointments/{appt['appointment_id']}", token=candidate.id_token)
    assert (again.status, again.error["code"]) == (409, "appointment_cancelled")
    assert book(api, candidate, slot).status == 201  # the exam is open to book again


def test_cancel_returns_the_voucher(api, admin, candidate):
    (code,) = vouchers(api, admin)
    appt = book(api, candidate, slots(api)[0], voucher_code=code).body
    assert api.delete(f"/me/appointments/{appt['appointment_id']}", token=candidate.id_token).status == 200
    voucher = VoucherItem.from_item(repo.table.get(keys.voucher(code)))
    assert voucher.status == "available"
    assert book(api, candidate, slots(api)[1], voucher_code=code).status == 201


def test_after_the_cut_off_reschedule_and_cancel_are_refused(api, candidate):
    first, second = slots(api)[:2]
    appt = book(api, candidate, first).body
    start = datetime.fromisoformat(first["starts_at"])
    with clock.pinned(start - timedelta(hours=23)):
        listed = api.get("/me/appointments?when=upcoming", token=candidate.id_token).body["items"]
        assert listed[0]["can_change"] is False
        cancel = api.delete(f"/me/appointments/{appt['appointment_id']}", token=candidate.id_token)
        move = api.put(
            f"/me/appointments/{appt['appointment_id']}", {"slot_id": second["slot_id"]}, token=candidate.id_token
        )
    assert (cancel.status, cancel.error["code"]) == (409, "cutoff_passed")
    assert (move.status, move.error["code"]) == (409, "cutoff_passed")
    assert "24 hours" in cancel.error["message"]
    assert datetime.fromisoformat(appt["change_until"]) == start - timedelta(hours=24)


def test_another_candidates_appointment_and_receipt_are_not_found(api, users, candidate):
    appt = book(api, candidate, slots(api)[0]).body
    stranger = users.complete(users.signup())
    accept_agreement(api, stranger)
    assert api.delete(f"/me/appointments/{appt['appointment_id']}", token=stranger.id_token).status == 404
    assert (
        api.put(
            f"/me/appointments/{appt['appointment_id']}", {"slot_id": slots(api)[1]["slot_id"]}, token=stranger.id_token
        ).status
        == 404
    )
    assert api.get(f"/me/receipts/{appt['receipt_id']}/pdf", token=stranger.id_token).status == 404
    assert api.get("/me/appointments", token=stranger.id_token).body["items"] == []


# ------------------------------------------------------------------ receipts
def test_the_receipt_pdf_is_a_short_lived_link(api, candidate):
    appt = book(api, candidate, slots(api)[0]).body
    answer = api.get(f"/me/receipts/{appt['receipt_id']}/pdf", token=candidate.id_token)
    assert answer.status == 200, answer.body
    assert "X-Amz-Expires=300" in answer.body["url"] or "Expires=" in answer.body["url"]
    import boto3

    s3 = boto3.client("s3", region_name="us-east-1")
    from certtrack.settings import get_settings

    listed = s3.list_objects_v2(Bucket=get_settings().documents_bucket, Prefix="candidates/")["Contents"]
    body = s3.get_object(Bucket=get_settings().documents_bucket, Key=listed[0]["Key"])["Body"].read()
    assert body.startswith(b"%PDF")


def test_appointments_list_upcoming_and_past(api, candidate):
    first = slots(api)[0]
    appt = book(api, candidate, first).body
    upcoming = api.get("/me/appointments?when=upcoming", token=candidate.id_token).body["items"]
    assert [a["appointment_id"] for a in upcoming] == [appt["appointment_id"]]
    assert api.get("/me/appointments?when=past", token=candidate.id_token).body["items"] == []
    assert api.get("/me/appointments?when=soon", token=candidate.id_token).error["field"] == "when"
    item = AppointmentItem.from_item(
        repo.table.get(AppointmentItem.key_of(candidate.extra["id"], appt["appointment_id"]))
    )
    assert item.starts_at == inv.utc_iso(datetime.fromisoformat(first["starts_at"]))
    assert date.fromisoformat(item.starts_at[:10]) >= clock.today()
    assert datetime.fromisoformat(item.starts_at).tzinfo == UTC or item.starts_at.endswith("+00:00")


def test_all_appointments_come_in_one_answer_each_marked_upcoming_or_not(api, candidate):
    # GIVEN one appointment cancelled and another booked after it
    first, second = slots(api)[:2]
    cancelled = book(api, candidate, first).body
    assert api.delete(f"/me/appointments/{cancelled['appointment_id']}", token=candidate.id_token).status == 200
    booked = book(api, candidate, second).body
    # WHEN the page asks for every appointment at once
    answer = api.get("/me/appointments", token=candidate.id_token).body["items"]
    # THEN each carries the flag that decides its list, as ?when= decides it
    flags = {a["appointment_id"]: a["upcoming"] for a in answer}
    assert flags == {booked["appointment_id"]: True, cancelled["appointment_id"]: False}
    past = api.get("/me/appointments?when=past", token=candidate.id_token).body["items"]
    assert [a["appointment_id"] for a in past] == [cancelled["appointment_id"]]


def run_payments_sweep() -> dict:
    from lambda_context import lambda_context
    from payments.app import handler

    return handler({"time": clock.iso_now()}, lambda_context())


# ------------------------------------------------------------------ around it: reminders, no-shows, results
def run_appointments_job(day: date) -> dict:
    from appointments.app import handler
    from lambda_context import lambda_context

    return handler({"date": day.isoformat()}, lambda_context())


def test_the_reminder_goes_out_once_two_days_before(api, candidate):
    slot = slots(api)[0]
    appt = book(api, candidate, slot).body
    sitting_day = date.fromisoformat(inv.utc_iso(datetime.fromisoformat(slot["starts_at"]))[:10])
    assert run_appointments_job(sitting_day - timedelta(days=3))["reminded"] == 0
    assert run_appointments_job(sitting_day - timedelta(days=2))["reminded"] == 1
    again = run_appointments_job(sitting_day - timedelta(days=2))
    assert (again["reminded"], again["already"]) == (0, 1)
    mails, _ = repo.table.query(
        keys.candidate(candidate.extra["id"]), begins_with=f"MAIL#APPT#{appt['appointment_id']}#reminder"
    )
    assert len(mails) == 1
    assert mails[0]["email"]["subject"] == "Reminder: 200-301 in two days"
    assert "London Bridge Testing Centre" in mails[0]["email"]["text"]


def test_a_cancelled_appointment_gets_no_reminder(api, candidate):
    slot = slots(api)[0]
    appt = book(api, candidate, slot).body
    assert api.delete(f"/me/appointments/{appt['appointment_id']}", token=candidate.id_token).status == 200
    sitting_day = date.fromisoformat(inv.utc_iso(datetime.fromisoformat(slot["starts_at"]))[:10])
    assert run_appointments_job(sitting_day - timedelta(days=2))["reminded"] == 0


def test_a_sitting_without_a_result_is_a_no_show_and_consumes_the_voucher(api, admin, candidate):
    (code,) = vouchers(api, admin)
    slot = slots(api)[0]
    appt = book(api, candidate, slot, voucher_code=code).body
    sitting_day = datetime.fromisoformat(slot["starts_at"]).date()
    assert run_appointments_job(sitting_day + timedelta(days=1))["no_show"] == 1
    assert run_appointments_job(sitting_day + timedelta(days=1))["no_show"] == 0
    with clock.pinned(datetime.combine(sitting_day + timedelta(days=1), datetime.min.time(), UTC)):
        (past,) = api.get("/me/appointments?when=past", token=candidate.id_token).body["items"]
        assert (past["appointment_id"], past["status"], past["can_change"]) == (
            appt["appointment_id"],
            "no_show",
            False,
        )
        refused = api.delete(f"/me/appointments/{appt['appointment_id']}", token=candidate.id_token)
    assert (refused.status, refused.error["code"]) == (409, "appointment_no_show")
    assert VoucherItem.from_item(repo.table.get(keys.voucher(code))).status == "consumed"
    (receipt,) = api.get("/me/receipts", token=candidate.id_token).body["items"]
    assert receipt["refunds"] == []


def test_a_partner_result_marks_the_appointment_completed(api, candidate):
    slot = slots(api)[0]
    appt = book(api, candidate, slot).body
    sitting_day = datetime.fromisoformat(slot["starts_at"]).date()
    with clock.pinned(datetime.fromisoformat(slot["starts_at"]) + timedelta(hours=3)):
        result(api, candidate.extra["id"], "200-301", sitting_day, passed=True)
        (done,) = api.get("/me/appointments?when=past", token=candidate.id_token).body["items"]
    assert (done["appointment_id"], done["status"]) == (appt["appointment_id"], "completed")
    item = AppointmentItem.from_item(
        repo.table.get(AppointmentItem.key_of(candidate.extra["id"], appt["appointment_id"]))
    )
    assert item.result_id == f"{candidate.extra['id']}-200-301-{sitting_day.isoformat()}"
    assert run_appointments_job(sitting_day + timedelta(days=1))["no_show"] == 0


def test_upcoming_appointments_are_on_the_landing_page_and_in_the_calendar(api, candidate):
    from icalendar import Calendar

    slot = slots(api)[0]
    appt = book(api, candidate, slot).body
    (shown,) = api.get("/me/dashboard", token=candidate.id_token).body["upcoming_appointments"]
    assert (shown["appointment_id"], shown["starts_at"], shown["time_zone"]) == (
        appt["appointment_id"],
        slot["starts_at"],
        "Europe/London",
    )
    assert "1 London Bridge St" in shown["location"]
    feed = api.get("/me/calendar.ics", token=candidate.id_token)
    assert feed.status == 200
    events = Calendar.from_ical(feed.body).walk("VEVENT")
    (event,) = [e for e in events if str(e["uid"]).startswith(appt["appointment_id"])]
    assert event.decoded("dtstart") == datetime.fromisoformat(slot["starts_at"])
    assert str(event["dtstart"].params.get("TZID")) == "Europe/London"
    assert "London Bridge" in str(event["location"])
    assert api.delete(f"/me/appointments/{appt['appointment_id']}", token=candidate.id_token).status == 200
    assert api.get("/me/dashboard", token=candidate.id_token).body["upcoming_appointments"] == []


def test_a_labs_cut_off_is_the_catalogs_longer_one(api, candidate):
    result(api, candidate.extra["id"], "350-401", clock.today() - timedelta(days=30), passed=True)
    lab = slots(api, exam="ccie-ei-lab", center_id="be-bru-lab")[0]
    appt = book(api, candidate, lab, exam="ccie-ei-lab")
    assert appt.status == 201, appt.body
    assert appt.body["can_change"] is False  # within 30 days of the lab already
    refused = api.delete(f"/me/appointments/{appt.body['appointment_id']}", token=candidate.id_token)
    assert (refused.status, refused.error["code"]) == (409, "cutoff_passed")
    assert "720 hours" in refused.error["message"]
    (receipt,) = api.get("/me/receipts", token=candidate.id_token).body["items"]
    assert (receipt["tax_country"], receipt["total"]) == ("BE", 1936.0)  # 1,600 + 21 %


# ------------------------------------------------------------------ seat holds of unpaid bookings, refunds
HOLD = timedelta(minutes=30)


class StopsAfterCharging(FakeGateway):
    """The booking function stops right after the provider's answer: DynamoDB is unreachable from
    then on, so it records neither the payment nor a failure. `charges_first=False`: the provider
    did not charge (its answer was a timeout)."""

    def __init__(self, stack, charges_first: bool = True) -> None:
        super().__init__()
        self.outage = stack.outage("dynamodb", "TransactWriteItems")
        self.charges_first = charges_first

    def charge(self, **kw):
        from certtrack.scheduling.payments import PaymentUnavailable

        charged = super().charge(**kw) if self.charges_first else None
        self.outage.__enter__()
        if charged is None:
            raise PaymentUnavailable("read timeout")
        return charged


def seats_left(api, slot_id):
    return {s["slot_id"]: s["seats_left"] for s in slots(api)}.get(slot_id, 0)


def later(minutes: float):
    return clock.pinned(clock.now() + timedelta(minutes=minutes))


def stranded_booking(api, aws, candidate, *, charged: bool):
    """A card booking whose function stopped after its first transaction (seat, hold, appointment,
    receipt written) and, `charged`, after the provider took the money."""
    gateway = StopsAfterCharging(aws, charges_first=charged)
    use_gateway(gateway)
    slot = slots(api)[0]
    try:
        answer = book(api, candidate, slot)
    finally:
        gateway.outage.__exit__(None, None, None)
    assert answer.status >= 500, answer.body
    return gateway, slot


def refund_item(candidate, reference):
    from certtrack.store.items.scheduling import RefundItem

    found = repo.table.get(RefundItem.key_of(candidate.extra["id"], reference), consistent=True)
    return RefundItem.from_item(found) if found else None


def test_an_unpaid_booking_holds_its_seat_until_the_hold_expires_then_the_sweep_releases_it(api, aws, candidate):
    # GIVEN a booking whose function stopped after the provider charged the card
    before = clock.now()
    gateway, slot = stranded_booking(api, aws, candidate, charged=True)
    (held,) = api.get("/me/appointments", token=candidate.id_token).body["items"]
    expires = datetime.fromisoformat(held["hold_expires_at"])
    assert before + HOLD <= expires <= clock.now() + HOLD
    assert held["can_change"] is False
    assert seats_left(api, slot["slot_id"]) == 9
    refused = book(api, candidate, slots(api)[1])
    assert (refused.status, refused.error["code"]) == (409, "one_open_appointment")
    # WHEN the sweep runs before the hold expires THEN it keeps the seat
    with later(29):
        assert run_payments_sweep()["released"] == 0
    assert seats_left(api, slot["slot_id"]) == 9
    # WHEN it runs after the hold expired
    with later(31):
        summary = run_payments_sweep()
    # THEN the booking is taken back (seat, exam hold, appointment, receipt) and the charge only the
    # provider knew is found and refunded
    assert (summary["released"], summary["refunded"]) == (1, 1)
    assert seats_left(api, slot["slot_id"]) == 10
    assert api.get("/me/appointments", token=candidate.id_token).body["items"] == []
    assert api.get("/me/receipts", token=candidate.id_token).body["items"] == []
    appointment_id = held["appointment_id"]
    assert gateway.refunds[f"expired-{appointment_id}"][1] == 36000
    refund = refund_item(candidate, f"expired-{appointment_id}")
    assert (refund.status, refund.reason, refund.charge_id) == (
        "done",
        "hold_expired",
        gateway.charges[appointment_id].charge_id,
    )
    # AND a retried sweep changes nothing; the exam can be booked again
    with later(36):
        assert run_payments_sweep() == {
            "released": 0,
            "skipped": 0,
            "stuck": 0,
            "refunded": 0,
            "not_charged": 0,
            "refund_failed": 0,
        }
    assert len(gateway.refunds) == 1
    use_gateway(FakeGateway())
    assert book(api, candidate, slot).status == 201


def test_an_expired_hold_that_was_never_charged_is_released_with_nothing_to_refund(api, aws, candidate):
    gateway, slot = stranded_booking(api, aws, candidate, charged=False)
    (held,) = api.get("/me/appointments", token=candidate.id_token).body["items"]
    with later(31):
        summary = run_payments_sweep()
    assert (summary["released"], summary["not_charged"], summary["refunded"]) == (1, 1, 0)
    assert seats_left(api, slot["slot_id"]) == 10
    assert gateway.refunds == {}
    assert refund_item(candidate, f"expired-{held['appointment_id']}").status == "not_charged"


def test_a_paid_booking_leaves_the_hold_index_and_the_sweep_never_touches_it(api, candidate, gateway):
    slot = slots(api)[0]
    booked = book(api, candidate, slot)
    assert booked.status == 201
    assert booked.body["hold_expires_at"] is None
    item = repo.table.get(AppointmentItem.key_of(candidate.extra["id"], booked.body["appointment_id"]))
    assert "gsi1pk" not in item
    assert "hold_expires_at" not in item
    with later(31):
        assert run_payments_sweep()["released"] == 0
    assert seats_left(api, slot["slot_id"]) == 9


def test_a_payment_that_completes_while_the_sweep_releases_a_stale_read_of_its_hold_wins(
    api, candidate, gateway, monkeypatch
):
    """The sweep read the hold from the index (eventually consistent) before the payment completed;
    its release then finds the receipt paid and changes nothing: the seat stays booked."""
    from certtrack.store import appointments as store

    stale: list[dict] = []

    class SweepReadsMeanwhile(FakeGateway):
        def charge(self, **kw):
            # what the index answers the sweep now: the appointment as it is while its seat is held
            stale.append(repo.table.get(AppointmentItem.key_of(candidate.extra["id"], kw["reference"])))
            return super().charge(**kw)

    use_gateway(SweepReadsMeanwhile())
    slot = slots(api)[0]
    booked = book(api, candidate, slot)
    assert booked.status == 201, booked.body
    assert [s["appointment_id"] for s in stale] == [booked.body["appointment_id"]]
    monkeypatch.setattr(store, "lapsed_holds", lambda until: stale)
    with later(31):
        summary = run_payments_sweep()
    assert (summary["released"], summary["skipped"]) == (0, 1)
    assert seats_left(api, slot["slot_id"]) == 9
    (appt,) = api.get("/me/appointments", token=candidate.id_token).body["items"]
    assert (appt["status"], appt["hold_expires_at"]) == ("scheduled", None)
    (receipt,) = api.get("/me/receipts", token=candidate.id_token).body["items"]
    assert receipt["payment_status"] == "paid"


@pytest.mark.parametrize("sweep_sees_the_charge", [False, True])
def test_a_payment_that_completes_after_the_sweep_released_its_hold_is_409_and_refunded_once(
    api, candidate, sweep_sees_the_charge
):
    """The sweep wins: it released the seat while the provider was charging. The booking's payment
    is then refused (409 naming the state), nothing is booked, and the charge is refunded once
    whether the sweep's own look-up found the charge first or the booking recorded it."""

    class SweepRunsMeanwhile(FakeGateway):
        def charge(self, **kw):
            if sweep_sees_the_charge:
                charged = super().charge(**kw)
            with later(31):
                self.summary = run_payments_sweep()
            return charged if sweep_sees_the_charge else super().charge(**kw)

    gateway = SweepRunsMeanwhile()
    use_gateway(gateway)
    slot = slots(api)[0]
    answer = book(api, candidate, slot)
    assert (answer.status, answer.error["code"]) == (409, "hold_expired")
    assert "was released before the payment completed" in answer.error["message"]
    assert "360.00 USD is refunded" in answer.error["message"]
    assert gateway.summary["released"] == 1
    assert seats_left(api, slot["slot_id"]) == 10
    assert api.get("/me/appointments", token=candidate.id_token).body["items"] == []
    (appointment_id,) = gateway.charges
    with later(35):
        run_payments_sweep()
        run_payments_sweep()
    assert list(gateway.refunds) == [f"expired-{appointment_id}"]
    assert gateway.refunds[f"expired-{appointment_id}"][1] == 36000
    assert refund_item(candidate, f"expired-{appointment_id}").status == "done"


def test_a_sweep_whose_release_answer_was_lost_runs_again_and_changes_nothing_more(api, aws, candidate):
    from lambda_context import lambda_context
    from payments.app import handler

    gateway, slot = stranded_booking(api, aws, candidate, charged=True)
    # WHEN the release transaction is applied but its answer lost (the run fails), then the next run
    with later(31), aws.answer_lost("dynamodb", "TransactWriteItems"), pytest.raises(Exception, match="timeout"):
        handler({}, lambda_context())
    with later(36):
        again = run_payments_sweep()
    # THEN the release stands (the index no longer lists the booking): the seat came back once, and
    # the refund recorded with it is settled once
    assert (again["released"], again["stuck"], again["refunded"]) == (0, 0, 1)
    assert seats_left(api, slot["slot_id"]) == 10
    assert len(gateway.refunds) == 1


def test_a_booking_whose_payment_is_pending_cannot_be_cancelled_or_moved(api, aws, candidate):
    stranded_booking(api, aws, candidate, charged=False)
    (held,) = api.get("/me/appointments", token=candidate.id_token).body["items"]
    cancel = api.delete(f"/me/appointments/{held['appointment_id']}", token=candidate.id_token)
    move = api.put(
        f"/me/appointments/{held['appointment_id']}", {"slot_id": slots(api)[1]["slot_id"]}, token=candidate.id_token
    )
    for answer in (cancel, move):
        assert (answer.status, answer.error["code"]) == (409, "payment_pending")
        assert held["hold_expires_at"] in answer.error["message"]


class RefundsFailFirst(FakeGateway):
    """The provider's refund endpoint is down for the first `failures` calls."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures
        self.calls = 0

    def refund(self, **kw):
        from certtrack.scheduling.payments import PaymentUnavailable

        self.calls += 1
        if self.calls <= self.failures:
            raise PaymentUnavailable("connect timeout")
        return super().refund(**kw)


def test_a_failed_refund_is_retried_by_each_sweep_until_done_and_done_once(api, candidate):
    gateway = RefundsFailFirst(failures=2)
    use_gateway(gateway)
    appt = book(api, candidate, slots(api)[0]).body
    assert api.delete(f"/me/appointments/{appt['appointment_id']}", token=candidate.id_token).status == 200
    reference = f"cancel-{appt['appointment_id']}"
    # WHEN the provider fails twice
    assert run_payments_sweep()["refund_failed"] == 1
    assert run_payments_sweep()["refund_failed"] == 1
    pending = refund_item(candidate, reference)
    assert (pending.status, pending.attempts, pending.last_error) == ("pending", 2, "connect timeout")
    # THEN the next run refunds it, and no later run again
    assert run_payments_sweep()["refunded"] == 1
    assert run_payments_sweep()["refunded"] == 0
    assert gateway.calls == 3
    assert list(gateway.refunds) == [reference]
    done = refund_item(candidate, reference)
    assert (done.status, done.amount, done.refund_id) == ("done", 36000, gateway.refunds[reference][0])


def test_a_refund_whose_record_failed_after_the_provider_refunded_is_not_refunded_twice(api, aws, candidate, gateway):
    from lambda_context import lambda_context
    from payments.app import handler

    class Counting(FakeGateway):
        calls = 0

        def refund(self, **kw):
            Counting.calls += 1
            return super().refund(**kw)

    counting = Counting()
    use_gateway(counting)
    appt = book(api, candidate, slots(api)[0]).body
    assert api.delete(f"/me/appointments/{appt['appointment_id']}", token=candidate.id_token).status == 200
    # WHEN the provider refunds but the sweep cannot record it (DynamoDB unreachable)
    with aws.outage("dynamodb", "UpdateItem"), pytest.raises(Exception, match="Could not connect"):
        handler({}, lambda_context())
    # THEN the next run asks again with the same idempotency key: the provider's one refund, recorded
    assert run_payments_sweep()["refunded"] == 1
    assert Counting.calls == 2
    (reference,) = counting.refunds
    assert refund_item(candidate, reference).refund_id == counting.refunds[reference][0]


def test_a_charge_whose_answer_was_lost_is_taken_back_at_once_and_refunded_by_the_sweep(api, candidate):
    from certtrack.scheduling.payments import PaymentUnavailable

    class ChargesThenTimesOut(FakeGateway):
        def charge(self, **kw):
            super().charge(**kw)
            raise PaymentUnavailable("read timeout")

    gateway = ChargesThenTimesOut()
    use_gateway(gateway)
    slot = slots(api)[0]
    answer = book(api, candidate, slot)
    # THEN nothing is booked (502) ...
    assert (answer.status, answer.error["code"]) == (502, "upstream_error")
    assert seats_left(api, slot["slot_id"]) == 10
    # ... and the charge the provider made after all is found and refunded by the sweep, once
    (appointment_id,) = gateway.charges
    assert run_payments_sweep()["refunded"] == 1
    assert run_payments_sweep()["refunded"] == 0
    assert gateway.refunds[f"expired-{appointment_id}"][1] == 36000
