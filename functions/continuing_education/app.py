"""`GET /me/continuing-education`: the credit ledger and each active certification's cycle."""

from chalice import Blueprint, Chalice

from certtrack.web import Call, common, route
from continuing_education import service
from continuing_education.models import Ledger

bp = Blueprint(__name__)


@route(bp, "/me/continuing-education", response=Ledger)
def ledger(call: Call) -> Ledger:
    """Every CE credit with its status, and per active certification the credits of its cycle."""
    return service.ledger(call.candidate_id)


app = Chalice(app_name="certtrack-continuing-education")
app.register_blueprint(common)
app.register_blueprint(bp)
