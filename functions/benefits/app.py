"""`GET /me/benefits` and `POST /me/benefits/{benefit_id}/claim`."""

from chalice import Blueprint, Chalice
from pydantic import ConfigDict, Field

from certtrack import benefits
from certtrack.certs.events import plain
from certtrack.models import Items, Model
from certtrack.web import Call, common, route

bp = Blueprint(__name__)


class BenefitEvent(Model):
    status: str
    at: str
    detail: str


class Benefit(Model):
    benefit_id: str
    kind: str
    title: str
    status: str
    token: str | None = Field(None, description="the one-time claim token; blank once claimed")
    sizes: list[str] = list(benefits.SIZES)
    size: str | None = None
    order_id: str | None = None
    carrier: str | None = None
    tracking_number: str | None = None
    first_certified_on: str
    created_at: str
    history: list[BenefitEvent]


class BenefitClaim(Model):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=100)
    size: str = Field(min_length=1, max_length=4)


def _benefit(item: dict) -> Benefit:
    data = plain(item)
    return Benefit(**{k: data.get(k) for k in Benefit.model_fields if k != "sizes"})


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
