"""Kit shapes."""

from certtrack import kits
from certtrack.models import Model


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
