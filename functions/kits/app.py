"""`GET /me/kits` and `POST /me/kits/{kit_id}/claim`."""

from chalice import Blueprint, Chalice

from certtrack import kits
from certtrack.models import Items, Model
from certtrack.web import Call, common, route

bp = Blueprint(__name__)


class KitEvent(Model):
    status: str
    at: str
    detail: str


class Kit(Model):
    kit_id: str
    cert_id: str
    name: str
    status: str
    order_id: str | None = None
    carrier: str | None = None
    tracking_number: str | None = None
    claimed_at: str | None = None
    ship_to: dict | None = None
    window: str = kits.WINDOW
    history: list[KitEvent]


def _kit(item: dict) -> Kit:
    from certtrack.catalog import get_catalog
    from certtrack.certs.events import plain

    data = plain(item)
    return Kit(
        **{k: data.get(k) for k in Kit.model_fields if k not in {"name", "window"}},
        name=get_catalog().certifications[data["cert_id"]].name,
    )


@route(bp, "/me/kits", response=Items[Kit])
def my_kits(call: Call) -> Items[Kit]:
    """Every initial certification kit with its status timeline."""
    return Items[Kit](items=[_kit(i) for i in kits.kits_of(call.candidate_id)])


@route(bp, "/me/kits/{kit_id}/claim", "POST", response=Kit, errors=(400, 404, 409, 502))
def claim(call: Call) -> Kit:
    """Claim a pending kit to the mailing address on file (once; no P.O. Box)."""
    return _kit(kits.claim(call.candidate_id, call.params["kit_id"]))


app = Chalice(app_name="certtrack-kits")
app.register_blueprint(common)
app.register_blueprint(bp)
