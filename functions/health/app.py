"""`GET /health` and `GET /openapi.json` (public)."""

from functools import cache
from pathlib import Path

from chalice import Blueprint, Chalice

from certtrack.models import Health
from certtrack.settings import get_settings
from certtrack.web import Call, common, route

bp = Blueprint(__name__)


@route(bp, "/health", response=Health, public=True)
def health(call: Call) -> Health:
    """Liveness: the function answers and its configuration loads."""
    return Health(status="ok", stage=get_settings().stage)


@route(bp, "/openapi.json", public=True)
def openapi(call: Call) -> dict:
    """The OpenAPI 3.1 description of every route, generated from the routes and their models."""
    return _document()


@cache
def _document() -> dict:
    """Every feature's routes; imported on first request so `/health` stays cheap to start."""
    from certtrack.web.features import http_apps
    from certtrack.web.openapi import document

    return document(http_apps(Path(__file__).resolve().parent.parent).values())


app = Chalice(app_name="certtrack-health")
app.register_blueprint(common)
app.register_blueprint(bp)
