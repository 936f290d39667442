"""Exam scheduling routes (guide §10): the testing network, availability, appointments, receipts,
and the back office's voucher batches."""

from chalice import Blueprint, Chalice

from certtrack.models import Items
from certtrack.web import Call, common, route
from scheduling import documents, service
from scheduling.models import (
    AppointmentOut,
    AppointmentsQuery,
    AvailabilityQuery,
    BookingIn,
    CenterOut,
    CentersQuery,
    ReceiptLink,
    ReceiptOut,
    RescheduleIn,
    SlotOut,
    VoucherBatchIn,
    VoucherBatchOut,
)

bp = Blueprint(__name__)


@route(bp, "/test-centers", query=CentersQuery, response=Items[CenterOut], public=True, max_age=3600)
def test_centers(call: Call) -> Items[CenterOut]:
    """Test centres and CCIE lab locations, by country and city. The network changes only with a
    deploy (catalog/scheduling.json): cacheable for an hour."""
    q = call.query
    return Items[CenterOut](items=service.test_centers(q.get("country"), q.get("city"), q.get("kind")))


@route(
    bp, "/exams/{exam_code}/availability", query=AvailabilityQuery, response=Items[SlotOut], public=True, errors=(404,)
)
def availability(call: Call) -> Items[SlotOut]:
    """Open sittings of an exam in a date range, in each centre's local time, with seats left."""
    return Items[SlotOut](items=service.availability(call.params["exam_code"], call.query))


@route(
    bp, "/me/appointments", "POST", request=BookingIn, response=AppointmentOut, status=201, errors=(402, 404, 409, 502)
)
def book(call: Call) -> AppointmentOut:
    """Book a sitting: seat, appointment and receipt at once; pay by card or voucher."""
    return service.book(call.candidate_id, call.body)


@route(bp, "/me/appointments", query=AppointmentsQuery, response=Items[AppointmentOut])
def my_appointments(call: Call) -> Items[AppointmentOut]:
    """Scheduled exams: upcoming (soonest first) or past (latest first)."""
    return Items[AppointmentOut](items=service.appointments(call.candidate_id, call.query.get("when")))


@route(bp, "/me/appointments/{appointment_id}", "PUT", request=RescheduleIn, response=AppointmentOut, errors=(404, 409))
def reschedule(call: Call) -> AppointmentOut:
    """Move an appointment to another sitting, until the cut-off."""
    return service.reschedule(call.candidate_id, call.params["appointment_id"], call.body.slot_id)


@route(bp, "/me/appointments/{appointment_id}", "DELETE", response=AppointmentOut, errors=(404, 409))
def cancel(call: Call) -> AppointmentOut:
    """Cancel an appointment until the cut-off: the seat returns, the payment is refunded or the voucher returned."""
    return service.cancel(call.candidate_id, call.params["appointment_id"])


@route(bp, "/me/receipts", response=Items[ReceiptOut])
def my_receipts(call: Call) -> Items[ReceiptOut]:
    """Exam payment history: lines, tax, total and refunds of each booking."""
    return Items[ReceiptOut](items=service.receipts(call.candidate_id))


@route(bp, "/me/receipts/{receipt_id}/pdf", response=ReceiptLink, errors=(404,))
def receipt_pdf(call: Call) -> ReceiptLink:
    """A short-lived link to the receipt as PDF."""
    return documents.receipt_link(call.candidate_id, call.params["receipt_id"])


@route(bp, "/admin/vouchers", "POST", request=VoucherBatchIn, response=VoucherBatchOut, status=201, errors=(403,))
def create_vouchers(call: Call) -> VoucherBatchOut:
    """Create a batch of single-use exam vouchers (administrators)."""
    admin = call.admin
    return service.create_vouchers(admin.subject, call.body)


app = Chalice(app_name="certtrack-scheduling")
app.register_blueprint(common)
app.register_blueprint(bp)
