"""What the evaluator derives from the facts: certifications, their history, certificates, verification codes."""

from typing import ClassVar

from certtrack import keys
from certtrack.store.items.base import StoredItem, on_candidate


class EvaluationStateItem(StoredItem):
    """The version of the derived items: `events` counts the facts stored, `evaluated_at` stamps the
    last evaluation that wrote (absent on a state only facts have touched)."""

    events: int = 0
    evaluated_at: str | None = None

    @staticmethod
    def key_of(candidate_id: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.evaluation_state())


class CertificationItem(StoredItem):
    cert_id: str
    candidate_id: str
    name: str
    level: str
    status: str
    earned_on: str | None = None
    first_earned_on: str | None = None
    expires_on: str | None = None
    kit: bool | None = None
    cycle_started_on: str | None = None
    ce_in_cycle: float = 0.0
    ce_required: float | None = None
    revoked_on: str | None = None
    revoked_reason: str | None = None
    #: Expert tenure (levels with tenure rules): see `certtrack.rules.engine.CertState`.
    emeritus_eligible_from: str | None = None
    lifetime_emeritus_from: str | None = None
    emeritus_requested_on: str | None = None
    emeritus_since: str | None = None
    lifetime_emeritus_since: str | None = None

    @staticmethod
    def key_of(candidate_id: str, cert_id: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.certification(cert_id))

    @property
    def emeritus_at_expiry(self) -> bool:
        """Whether the cycle's end turns the certification Emeritus rather than expiring it (a
        standing request, or lifetime Emeritus reached by then)."""
        if self.emeritus_requested_on:
            return True
        lifetime = self.lifetime_emeritus_from
        return bool(lifetime and self.expires_on and lifetime < self.expires_on)

    #: `status_on(:today) == :active` as a condition on the stored item, for a write that must hold
    #: it (a kit's claim, `store.shipments.claim_kit`): the two forms of one rule, side by side.
    ACTIVE_ON: ClassVar[str] = "#s = :active AND (attribute_not_exists(expires_on) OR expires_on >= :today)"

    def status_on(self, day: str) -> str:
        """The status on `day` (ISO). The item says what the last evaluation concluded, and the day a
        cycle ends re-evaluates no one, so an item still `active` after its cycle ended reads as what
        that end made it: expired, or Emeritus. Listings read it so, so that they offer only what a
        write holding `ACTIVE_ON` will take."""
        if self.status == "active" and self.expires_on and self.expires_on < day:
            return "emeritus" if self.emeritus_at_expiry else "expired"
        return self.status


class HistoryItem(StoredItem):
    cert_id: str
    on: str
    kind: str
    detail: str = ""

    @staticmethod
    def key_of(candidate_id: str, cert_id: str, on: str, kind: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.history(cert_id, on, kind))


class FirstCertificationItem(StoredItem):
    candidate_id: str
    first_certified_on: str

    @staticmethod
    def key_of(candidate_id: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.first_certification())


class CertificateItem(StoredItem):
    """The numbered certificate of one certification cycle."""

    cert_id: str
    number: str
    code: str
    holder: str
    earned_on: str
    expires_on: str | None = None
    issued_at: str | None = None

    @staticmethod
    def key_of(candidate_id: str, cert_id: str, earned_on: str, expires_on: str | None) -> dict[str, str]:
        return on_candidate(candidate_id, keys.certificate_document(cert_id, earned_on, expires_on))


class VerificationItem(StoredItem):
    """A certificate's public verification code → what the certificate says, and whose it is."""

    candidate_id: str
    cert_id: str
    number: str
    holder: str
    earned_on: str
    expires_on: str | None = None

    @staticmethod
    def key_of(code: str) -> dict[str, str]:
        return keys.verification(code)
