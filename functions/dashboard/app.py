"""`GET /me/dashboard`: one query of the candidate's partition, plus cached announcements."""

from chalice import Blueprint, Chalice

from certtrack.web import Call, common, route
from dashboard import service
from dashboard.models import Dashboard

bp = Blueprint(__name__)


@route(bp, "/me/dashboard", response=Dashboard)
def dashboard(call: Call) -> Dashboard:
    """Announcements active today, the latest activity, and certifications expiring within 180 days."""
    return service.dashboard(call.candidate_id)


app = Chalice(app_name="certtrack-dashboard")
app.register_blueprint(common)
app.register_blueprint(bp)
