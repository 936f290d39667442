"""`GET /me/calendar.ics`, the secret feed address (create, rotate, revoke), and the public feed."""

from chalice import Blueprint, Chalice, Response

from calendar_feed import service
from certtrack.models import Model
from certtrack.web import Call, common, route

bp = Blueprint(__name__)
_ICS = {"Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": 'inline; filename="certtrack.ics"'}


class FeedAddress(Model):
    url: str
    created_at: str


@route(bp, "/me/calendar.ics", media_type="text/calendar")
def my_calendar(call: Call) -> Response:
    """The caller's expiration dates as iCalendar (RFC 5545)."""
    return Response(body=service.render(call.candidate_id).decode(), headers=_ICS)


@route(bp, "/me/calendar/feed", "POST", response=FeedAddress, status=201, errors=(429,))
def create_feed(call: Call) -> Response:
    """A secret address calendar apps can subscribe to without signing in (replaces any earlier one)."""
    return Response(body=service.create_feed(call.candidate_id), status_code=201)


class FeedState(Model):
    exists: bool
    created_at: str | None = None


@route(bp, "/me/calendar/feed", response=FeedState, errors=(429,))
def feed_state(call: Call) -> FeedState:
    """Whether a secret address exists and since when (the address itself is shown only once)."""
    return FeedState(**service.feed_state(call.candidate_id))


@route(bp, "/me/calendar/feed", "DELETE", status=204, errors=(404, 429))
def revoke_feed(call: Call) -> Response:
    """Revoke the secret address at once."""
    service.revoke_feed(call.candidate_id)
    return Response(body="", status_code=204)


@route(bp, "/calendar/{feed}", public=True, errors=(404, 429), media_type="text/calendar")
def public_feed(call: Call) -> Response:
    """The feed behind a secret address (`/calendar/<token>.ics`)."""
    token = call.params["feed"].removesuffix(".ics")
    return Response(body=service.render(service.feed_owner(token)).decode(), headers=_ICS)


app = Chalice(app_name="certtrack-calendar")
app.register_blueprint(common)
app.register_blueprint(bp)
