"""The kit vendor: takes an order for a kit (certificate and card; for experts also a plaque, with
what to engrave on it), answers with its order id.

Orders carry our reference (candidate and kit) as the vendor's idempotency key, so a retried
message never becomes a second order. The fake vendor keeps its orders in its own memory (it plays
an external system) and can be told to fail a share of calls (`KIT_VENDOR_FAILURE_RATE`).
"""

import os
import random
import secrets
import threading
from typing import Any, Protocol, TypedDict


class VendorUnavailable(RuntimeError):
    """The vendor did not take the order this time; the message is retried."""


class Engraving(TypedDict):
    """What the vendor engraves on the plaque: the holder's verified name and certification number."""

    name: str
    number: str


class KitVendor(Protocol):
    def place_order(
        self, reference: str, ship_to: dict[str, Any], items: list[str], engraving: Engraving | None = None
    ) -> str: ...


class FakeKitVendor:
    def __init__(self, failure_rate: float = 0.0, seed: int | None = None) -> None:
        self.failure_rate = failure_rate
        self.orders: dict[str, dict[str, Any]] = {}
        self.calls = 0
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def place_order(
        self, reference: str, ship_to: dict[str, Any], items: list[str], engraving: Engraving | None = None
    ) -> str:
        with self._lock:
            self.calls += 1
            if self._random.random() < self.failure_rate:
                raise VendorUnavailable("the kit vendor is unavailable (fake failure)")
            existing = self.orders.get(reference)
            if existing is not None:
                return existing["order_id"]
            order_id = "KV-" + secrets.token_hex(5).upper()
            self.orders[reference] = {"order_id": order_id, "ship_to": ship_to, "items": items, "engraving": engraving}
            return order_id


_vendor: KitVendor | None = None


def vendor() -> KitVendor:
    """The process's kit vendor (the fake, until a real vendor's adapter is configured)."""
    global _vendor
    if _vendor is None:
        _vendor = FakeKitVendor(float(os.environ.get("KIT_VENDOR_FAILURE_RATE", "0")))
    return _vendor


def use_vendor(instance: KitVendor | None) -> None:
    """Inject a vendor (tests); None goes back to the configured one."""
    global _vendor
    _vendor = instance
