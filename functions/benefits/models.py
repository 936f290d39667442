"""Anniversary-benefit shapes."""

from pydantic import ConfigDict, Field

from certtrack import benefits
from certtrack.models import Model


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
    size: str = Field(min_length=1, max_length=4, json_schema_extra={"enum": list(benefits.SIZES)})
