"""Kit shapes."""

from pydantic import Field

from certtrack import kits
from certtrack.models import Model


class KitEvent(Model):
    status: str
    at: str
    detail: str


class KitEngraving(Model):
    number: str = Field(description="the certification number engraved on the plaque")
    name: str | None = Field(None, description="the verified name engraved on the plaque, fixed by the claim")


class Kit(Model):
    kit_id: str
    cert_id: str
    name: str
    status: str
    items: list[str] = Field(description="what the kit holds: certificate, card, and for experts a plaque")
    engraving: KitEngraving | None = Field(None, description="kits with an engraved plaque")
    order_id: str | None = None
    carrier: str | None = None
    tracking_number: str | None = None
    claimed_at: str | None = None
    ship_to: dict | None = None
    window: str = kits.WINDOW
    history: list[KitEvent]
    certification_status: str | None = Field(
        None, description="the status of the certification the kit comes with (active, pending_agreement, ...)"
    )
    claimable: bool = Field(
        description="pending and its certification active: only then does the portal offer the claim"
    )
