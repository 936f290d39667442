"""`GET /me/kits` and `POST /me/kits/{kit_id}/claim`."""

from chalice import Blueprint, Chalice

from certtrack import clock, kits
from certtrack.models import Items
from certtrack.store.items.shipments import KitItem
from certtrack.store.table import Item
from certtrack.web import Call, common, route
from kits.models import Kit, KitEngraving

bp = Blueprint(__name__)


def _kit(item: Item, offer: kits.Offer) -> Kit:
    from certtrack.catalog import get_catalog

    kit = KitItem.from_item(item)
    return Kit(
        **kit.model_dump(include=set(Kit.model_fields) - {"name", "window", "engraving"}),
        name=get_catalog().certifications[kit.cert_id].name,
        engraving=KitEngraving(number=kit.engraving_number, name=kit.engraving_name) if kit.engraving_number else None,
        **offer._asdict(),
    )


@route(bp, "/me/kits", response=Items[Kit])
def my_kits(call: Call) -> Items[Kit]:
    """Every initial certification kit with its status timeline and whether it can be claimed now
    (and if not, why)."""
    certs, today = kits.certifications(call.candidate_id), clock.today()
    return Items[Kit](
        items=[
            _kit(i, kits.offer(i["status"], i["cert_id"], certs.get(i["cert_id"]), today))
            for i in kits.kits_of(call.candidate_id)
        ]
    )


@route(bp, "/me/kits/{kit_id}/claim", "POST", response=Kit, errors=(400, 404, 409, 502))
def claim(call: Call) -> Kit:
    """Claim a pending kit to the mailing address on file (once; no P.O. Box; only while its
    certification is active: 409 `certification_not_active` otherwise, naming its state)."""
    return _kit(kits.claim(call.candidate_id, call.params["kit_id"]), kits.CLAIMED)


app = Chalice(app_name="certtrack-kits")
app.register_blueprint(common)
app.register_blueprint(bp)
