"""What is shipped to a candidate: kits and anniversary benefits."""

from typing import Any

from pydantic import BaseModel, ConfigDict

from certtrack import keys
from certtrack.store.items.base import StoredItem, on_candidate


class ShipmentEvent(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="ignore")

    status: str
    at: str
    detail: str


class ShipmentItem(StoredItem):
    """What kits and anniversary benefits share: claimed to an address, ordered, shipped."""

    title: str = ""
    status: str
    created_at: str
    history: list[ShipmentEvent] = []
    items: list[str] = []
    claimed_at: str | None = None
    ship_to: dict[str, Any] | None = None
    order_id: str | None = None
    ordered_at: str | None = None
    carrier: str | None = None
    tracking_number: str | None = None
    shipped_at: str | None = None
    delivered_at: str | None = None
    #: Kits holding an engraved item (the expert plaque): the certification number, set when the kit
    #: is made, and the holder's verified name, set by the claim (what the vendor engraves).
    engraving_number: str | None = None
    engraving_name: str | None = None
    #: Set from the claim until the fulfillment worker first receives its message
    #: (`keys.awaiting_order`): what the daily sweep finds.
    gsi1pk: str | None = None


class KitItem(ShipmentItem):
    kit_id: str
    cert_id: str

    @staticmethod
    def key_of(candidate_id: str, kit_id: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.kit(kit_id))


class UnclaimedKitItem(StoredItem):
    """A pending kit's marker in the landing page's query range (`keys.unclaimed_kit`)."""

    kit_id: str
    cert_id: str

    @staticmethod
    def key_of(candidate_id: str, kit_id: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.unclaimed_kit(kit_id))


class BenefitItem(ShipmentItem):
    benefit_id: str
    kind: str
    #: The one-time claim token, removed by the claim.
    token: str | None = None
    size: str | None = None
    first_certified_on: str

    @staticmethod
    def key_of(candidate_id: str, benefit_id: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.benefit(benefit_id))
