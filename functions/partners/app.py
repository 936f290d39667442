"""Partner routes: signed with HMAC (not the JWT authorizer); idempotent on the partner's ids."""

from chalice import Blueprint, Chalice, Response

from certtrack import kits
from certtrack.web import Call, common, route
from partners import service
from partners.models import CeCreditIn, ExamResultIn, KitStatusIn, StoredCeCredit, StoredExamResult

bp = Blueprint(__name__)


@route(
    bp,
    "/vendor/exam-results",
    "POST",
    request=ExamResultIn,
    response=StoredExamResult,
    status=201,
    public=True,
    partner="exam-results",
    errors=(400, 401, 403, 409),
)
def post_exam_result(call: Call) -> Response:
    """A testing vendor's exam result; the same result_id again changes nothing (200)."""
    stored, created = service.record_exam_result(call.body)
    return Response(body=stored.model_dump(mode="json"), status_code=201 if created else 200)


@route(
    bp,
    "/vendor/ce-credits",
    "POST",
    request=CeCreditIn,
    response=StoredCeCredit,
    status=201,
    public=True,
    partner="ce-credits",
    errors=(400, 401, 403, 409),
)
def post_ce_credit(call: Call) -> Response:
    """A training partner's CE credit; the same credit_id again changes nothing (200)."""
    stored, created = service.record_ce_credit(call.body)
    return Response(body=stored.model_dump(mode="json"), status_code=201 if created else 200)


@route(
    bp,
    "/vendor/kit-orders/{order_id}/status",
    "POST",
    request=KitStatusIn,
    public=True,
    partner="kit-status",
    errors=(400, 401, 403, 404, 409),
)
def kit_status(call: Call) -> dict:
    """The kit vendor reports a shipment or a delivery; repeats change nothing."""
    body: KitStatusIn = call.body
    at = body.at.isoformat(timespec="milliseconds") if body.at else None
    kit = kits.vendor_update(call.params["order_id"], body.status, body.carrier, body.tracking_number, at)
    return {"order_id": call.params["order_id"], "status": kit["status"]}


app = Chalice(app_name="certtrack-partners")
app.register_blueprint(common)
app.register_blueprint(bp)
