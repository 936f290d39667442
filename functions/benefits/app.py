"""`GET /me/benefits` and `POST /me/benefits/{benefit_id}/claim`."""

from chalice import Blueprint, Chalice

from benefits.models import Benefit, BenefitClaim
from certtrack import benefits
from certtrack.models import Items
from certtrack.store.items.shipments import BenefitItem
from certtrack.store.table import Item
from certtrack.web import Call, common, route

bp = Blueprint(__name__)


def _benefit(item: Item) -> Benefit:
    return Benefit(**BenefitItem.from_item(item).model_dump(include=set(Benefit.model_fields) - {"sizes"}))


@route(bp, "/me/benefits", response=Items[Benefit])
def my_benefits(call: Call) -> Items[Benefit]:
    """Anniversary benefits with their claim token (until claimed) and shipping status."""
    return Items[Benefit](items=[_benefit(i) for i in benefits.benefits_of(call.candidate_id)])


@route(
    bp, "/me/benefits/{benefit_id}/claim", "POST", request=BenefitClaim, response=Benefit, errors=(400, 404, 409, 502)
)
def claim(call: Call) -> Benefit:
    """Claim the benefit with its one-time token and a size; it ships to the mailing address."""
    body: BenefitClaim = call.body
    return _benefit(benefits.claim(call.candidate_id, call.params["benefit_id"], body.token, body.size.upper()))


app = Chalice(app_name="certtrack-benefits")
app.register_blueprint(common)
app.register_blueprint(bp)
