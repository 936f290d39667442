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
        None,
        description="the status of the certification the kit comes with as of today (active, pending_agreement,"
        " expired once its cycle has ended, ...)",
    )
    claimable: bool = Field(
        description="pending and its certification active today: only then does the portal offer the claim"
    )
    not_claimable_reason: str | None = Field(
        None,
        description="a pending kit that cannot be claimed now: why, and what would unblock it"
        " ('CCNA expired on 2026-10-01: recertify ...')",
    )
