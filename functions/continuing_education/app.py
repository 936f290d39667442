"""`GET /me/continuing-education`: the credit ledger and each active certification's cycle."""

from chalice import Blueprint, Chalice

from certtrack import keys
from certtrack.catalog import get_catalog
from certtrack.certs.events import evaluate_items, partition, plain
from certtrack.web import Call, common, route
from continuing_education.models import Credit, Cycle, Ledger

bp = Blueprint(__name__)


@route(bp, "/me/continuing-education", response=Ledger)
def ledger(call: Call) -> Ledger:
    """Every CE credit with its status, and per active certification the credits of its cycle."""
    events = partition(call.candidate_id, keys.EVENTS)
    evaluation = evaluate_items(events)
    credits = []
    for item in reversed([i for i in events if i["sk"].startswith(keys.CE_EVENTS)]):
        data = plain(item)
        state = evaluation.credits.get(data["credit_id"])
        credits.append(
            Credit(
                **{k: data[k] for k in ("credit_id", "activity", "provider", "credits", "completed_on", "received_on")},
                status=state.status if state else "pending",
                reason=state.reason if state else "",
                used_for=state.used_for if state else [],
            )
        )
    catalog = get_catalog()
    cycles = [
        Cycle(
            cert_id=s.cert_id,
            name=catalog.certifications[s.cert_id].name,
            status=s.status,
            earned=s.ce_in_cycle,
            required=s.ce_required,
            cycle_started_on=s.cycle_started_on,
            cycle_ends_on=s.expires_on,
        )
        for s in evaluation.current()
        if s.held and s.expires_on
    ]
    return Ledger(items=credits, certifications=cycles)


app = Chalice(app_name="certtrack-continuing-education")
app.register_blueprint(common)
app.register_blueprint(bp)
