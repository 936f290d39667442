"""The payment provider behind a small adapter. Locally (and in the tests) a fake plays it with the
test card tokens the portal offers: `tok_visa` succeeds, `tok_chargeDeclined` is declined.

Charges and refunds carry our reference (the appointment) as the provider's idempotency key, so a
retried call never charges or refunds twice. A charge can be found again by its reference: a
function that stopped after the provider charged but before it recorded the charge leaves a charge
only the provider knows, which the payments sweep finds and refunds when the seat hold lapses.
"""

import secrets
import threading
from dataclasses import dataclass
from typing import Protocol

from certtrack.errors import InvalidInput, PaymentDeclined


class PaymentUnavailable(RuntimeError):
    """The provider could not be reached or did not answer; nothing was charged."""


@dataclass(frozen=True)
class Charge:
    charge_id: str
    amount: int
    currency: str


class PaymentGateway(Protocol):
    def charge(self, *, token: str, amount: int, currency: str, reference: str) -> Charge: ...

    def refund(self, *, charge_id: str, amount: int, reference: str) -> str: ...

    def find_charge(self, reference: str) -> Charge | None: ...


class FakeGateway:
    """The provider's test mode: a card token that always succeeds and one always declined."""

    SUCCEEDS = "tok_visa"
    DECLINED = "tok_chargeDeclined"

    def __init__(self) -> None:
        self.charges: dict[str, Charge] = {}
        self.refunds: dict[str, tuple[str, int]] = {}
        self._lock = threading.Lock()

    def charge(self, *, token: str, amount: int, currency: str, reference: str) -> Charge:
        if token == self.DECLINED:
            raise PaymentDeclined("payment.token: the card was declined (test card tok_chargeDeclined)")
        if token != self.SUCCEEDS:
            raise InvalidInput(
                f"payment.token: not a card token of the payment provider ({self.SUCCEEDS} or {self.DECLINED} "
                "in test mode)",
                field="payment.token",
            )
        with self._lock:
            if reference not in self.charges:
                self.charges[reference] = Charge("ch_" + secrets.token_hex(8), amount, currency)
            return self.charges[reference]

    def refund(self, *, charge_id: str, amount: int, reference: str) -> str:
        with self._lock:
            if reference not in self.refunds:
                self.refunds[reference] = ("re_" + secrets.token_hex(8), amount)
            return self.refunds[reference][0]

    def find_charge(self, reference: str) -> Charge | None:
        with self._lock:
            return self.charges.get(reference)


_gateway: PaymentGateway | None = None


def gateway() -> PaymentGateway:
    """The process's payment provider (the fake, until a real provider's adapter is configured)."""
    global _gateway
    if _gateway is None:
        _gateway = FakeGateway()
    return _gateway


def use_gateway(instance: PaymentGateway | None) -> None:
    """Inject a provider (tests); None goes back to the configured one."""
    global _gateway
    _gateway = instance
