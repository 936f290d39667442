"""The stored item kinds of the single table, one model each, with the key that finds it.

Field names are the attribute names already stored, so reading old items needs no migration;
`extra="ignore"` lets an item carry attributes a model does not name (keys, GSI keys, `type`,
digests) and lets new attributes arrive before their readers. Values that DynamoDB stores as
ISO strings stay strings: they sort and compare as stored, and API models parse them to dates.
Keys themselves are built in `certtrack.keys`; each `key_of` only pairs them up.
"""

from collections.abc import Mapping
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict

from certtrack import keys
from certtrack.store.table import plain


class StoredItem(BaseModel):
    """Base of every item kind: built on first use (cold start), tolerant of attributes it does not
    name."""

    model_config = ConfigDict(defer_build=True, extra="ignore")

    pk: str
    sk: str

    @classmethod
    def from_item(cls, raw: Mapping[str, Any]) -> Self:
        """The item as DynamoDB returned it; numbers come back as ints and floats."""
        return cls.model_validate(plain(dict(raw)))

    @property
    def key(self) -> dict[str, str]:
        return {"pk": self.pk, "sk": self.sk}


def _candidate(candidate_id: str, sk: str) -> dict[str, str]:
    return {"pk": keys.candidate(candidate_id), "sk": sk}


# ------------------------------------------------------------------ account
class ProfileItem(StoredItem):
    candidate_id: str
    email: str
    first_name: str
    last_name: str
    country: str | None = None
    company: str | None = None
    job_title: str | None = None
    phone: str | None = None
    #: The sign-in subjects mapped to this record (a DynamoDB string set).
    logins: set[str] | None = None
    mapping: str | None = None
    vue_id: str | None = None
    credly_id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @staticmethod
    def key_of(candidate_id: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.profile())

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class AddressItem(StoredItem):
    kind: str = "mailing"
    #: Optional here although the API requires it: an address is read back as it was saved, and the
    #: API model (`MailingAddress`) is what refuses an incomplete one.
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None
    updated_at: str | None = None

    @staticmethod
    def key_of(candidate_id: str, kind: str = "mailing") -> dict[str, str]:
        return _candidate(candidate_id, keys.address(kind))

    def address(self) -> dict[str, Any]:
        """The address attributes only, as `MailingAddress` takes them."""
        return self.model_dump(include={"line1", "line2", "city", "state", "postal_code", "country"})


class SettingsItem(StoredItem):
    email_opt_in: bool = False
    reminder_emails: bool = False
    updated_at: str | None = None

    @staticmethod
    def key_of(candidate_id: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.settings())


class WelcomeItem(StoredItem):
    """When the account first saw Home's welcome (`keys.welcome`): read with the account's items."""

    seen_at: str

    @staticmethod
    def key_of(candidate_id: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.welcome())


class ActivityItem(StoredItem):
    activity_id: str
    kind: str
    text: str
    at: str
    detail: str | None = None
    #: The history item an evaluator-written entry stands for (absent on entries of other writers).
    source: str | None = None


class SupportCaseItem(StoredItem):
    case_id: str
    subject: str
    email: str
    candidate_id: str | None = None
    category: str
    description: str
    status: str
    created_at: str
    resolution: str | None = None
    resolved_at: str | None = None
    resolved_by: str | None = None

    @staticmethod
    def key_of(case_id: str) -> dict[str, str]:
        return keys.support_case(case_id)


class LoginItem(StoredItem):
    """A sign-in subject → its candidate (absent while the mapping needs support). Read on every
    request by the authorizer, so only what every writer has always set is required."""

    state: str
    subject: str | None = None
    candidate_id: str | None = None
    email: str | None = None
    open_mapping_case: str | None = None
    updated_at: str | None = None

    @staticmethod
    def key_of(subject: str) -> dict[str, str]:
        return keys.login(subject)


# ------------------------------------------------------------------ pointers
class PointerItem(StoredItem):
    """A look-up by another identifier (result, credit, challenge, order id) → the candidate's item."""

    candidate_id: str
    item_sk: str
    digest: str | None = None

    @property
    def target(self) -> dict[str, str]:
        return _candidate(self.candidate_id, self.item_sk)


# ------------------------------------------------------------------ facts
class SectionScore(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="ignore")

    name: str
    score: float


class ExamResultItem(StoredItem):
    result_id: str
    candidate_id: str
    exam_code: str
    title: str = ""
    exam_type: Literal["written", "practical"] = "written"
    taken_on: str
    score: float
    passing_score: float
    passed: bool
    sections: list[SectionScore] = []
    delivery: str | None = None
    received_at: str | None = None
    #: The id of the challenge open against this result (at most one).
    open_challenge: str | None = None

    @staticmethod
    def key_of(candidate_id: str, taken_on: str, result_id: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.exam_event(taken_on, result_id))


class CeCreditItem(StoredItem):
    credit_id: str
    candidate_id: str
    activity: str
    provider: str
    credits: float
    completed_on: str
    received_on: str
    received_at: str | None = None

    @staticmethod
    def key_of(candidate_id: str, completed_on: str, credit_id: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.ce_event(completed_on, credit_id))


class AgreementItem(StoredItem):
    version: str
    accepted_on: str
    accepted_at: str | None = None

    @staticmethod
    def key_of(candidate_id: str, version: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.agreement_event(version))


# ------------------------------------------------------------------ derived
class EvaluationStateItem(StoredItem):
    """The version of the derived items: `events` counts the facts stored, `evaluated_at` stamps the
    last evaluation that wrote (absent on a state only facts have touched)."""

    events: int = 0
    evaluated_at: str | None = None

    @staticmethod
    def key_of(candidate_id: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.evaluation_state())


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
        return _candidate(candidate_id, keys.certification(cert_id))

    @property
    def emeritus_at_expiry(self) -> bool:
        """Whether the cycle's end turns the certification Emeritus rather than expiring it (a
        standing request, or lifetime Emeritus reached by then)."""
        if self.emeritus_requested_on:
            return True
        lifetime = self.lifetime_emeritus_from
        return bool(lifetime and self.expires_on and lifetime < self.expires_on)


class HistoryItem(StoredItem):
    cert_id: str
    on: str
    kind: str
    detail: str = ""

    @staticmethod
    def key_of(candidate_id: str, cert_id: str, on: str, kind: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.history(cert_id, on, kind))


class FirstCertificationItem(StoredItem):
    candidate_id: str
    first_certified_on: str

    @staticmethod
    def key_of(candidate_id: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.first_certification())


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
        return _candidate(candidate_id, keys.certificate_document(cert_id, earned_on, expires_on))


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


# ------------------------------------------------------------------ challenges
class ChallengeItem(StoredItem):
    challenge_id: str
    candidate_id: str
    result_id: str
    exam_code: str
    reason: str
    status: Literal["open", "upheld", "denied"]
    created_at: str
    resolved_at: str | None = None
    resolution_note: str | None = None
    resolved_by: str | None = None

    @staticmethod
    def key_of(candidate_id: str, created_at: str, challenge_id: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.challenge(created_at, challenge_id))


# ------------------------------------------------------------------ shipments
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
        return _candidate(candidate_id, keys.kit(kit_id))


class UnclaimedKitItem(StoredItem):
    """A pending kit's marker in the landing page's query range (`keys.unclaimed_kit`)."""

    kit_id: str
    cert_id: str

    @staticmethod
    def key_of(candidate_id: str, kit_id: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.unclaimed_kit(kit_id))


class BenefitItem(ShipmentItem):
    benefit_id: str
    kind: str
    #: The one-time claim token, removed by the claim.
    token: str | None = None
    size: str | None = None
    first_certified_on: str

    @staticmethod
    def key_of(candidate_id: str, benefit_id: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.benefit(benefit_id))


# ------------------------------------------------------------------ email, reminders, announcements
class EmailMessage(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="ignore")

    to: str
    subject: str
    text: str
    html: str


class NotificationItem(StoredItem):
    """An email recorded before it is sent (kit, benefit, reminder, event emails): sent once."""

    #: `unconfirmed`: SES's answer to the send was lost, so it is not sent again.
    status: Literal["queued", "sending", "sent", "unconfirmed"]
    queued_at: str
    email: EmailMessage
    #: Reminders only: which threshold (`180d` … `1d`, `expired`) this one is.
    threshold: str | None = None
    lease_until: str | None = None
    sent_at: str | None = None
    message_id: str | None = None

    @staticmethod
    def reminder_key(candidate_id: str, cert_id: str, cycle_ends_on: str, threshold: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.reminder(cert_id, cycle_ends_on, threshold))


class AnnouncementItem(StoredItem):
    announcement_id: str
    title: str
    body: str
    format: str
    starts_on: str
    ends_on: str
    created_at: str
    updated_at: str
    created_by: str | None = None
    updated_by: str | None = None
    retired_at: str | None = None
    retired_by: str | None = None

    @staticmethod
    def key_of(announcement_id: str) -> dict[str, str]:
        return keys.announcement(announcement_id)


class CalendarFeedRefItem(StoredItem):
    """The candidate's current secret calendar address, by the hash of its token."""

    token_hash: str
    created_at: str

    @staticmethod
    def key_of(candidate_id: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.calendar_feed_of_candidate())


class CalendarFeedItem(StoredItem):
    candidate_id: str
    created_at: str

    @staticmethod
    def key_of(token_hash: str) -> dict[str, str]:
        return keys.calendar_feed(token_hash)


class RevocationItem(StoredItem):
    """An administrator's revocation of a certification (a fact the rules engine replays)."""

    cert_id: str
    reason: str
    revoked_on: str
    revoked_at: str
    revoked_by: str

    @staticmethod
    def key_of(candidate_id: str, cert_id: str, revoked_on: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.revocation_event(cert_id, revoked_on))


class EmeritusRequestItem(StoredItem):
    """A holder's Emeritus request (a fact the rules engine replays), with an administrator's
    reversal once there is one; GSI1 lists the requests by state for the back office."""

    candidate_id: str
    cert_id: str
    requested_on: str
    requested_at: str
    reversed_on: str | None = None
    reversed_at: str | None = None
    reversed_by: str | None = None
    reversal_reason: str | None = None

    @staticmethod
    def key_of(candidate_id: str, cert_id: str, requested_on: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.emeritus_event(cert_id, requested_on))


# ------------------------------------------------------------------ digital badges
class BadgeItem(StoredItem):
    """One issued credential: the signed JWS as issued, and where its status bit is."""

    badge_id: str
    candidate_id: str
    cert_id: str
    name: str
    level: str
    valid_from: str
    valid_until: str | None = None
    issued_at: str
    jwt: str
    status_list: str
    status_index: int
    revoked_on: str | None = None
    revoked_reason: str | None = None

    @staticmethod
    def key_of(candidate_id: str, cert_id: str, valid_from: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.badge(cert_id, valid_from))


class StatusListItem(StoredItem):
    """A status list credential as last signed; `revision` counts the revoked indices it holds."""

    list_id: str
    jwt: str
    revision: int
    updated_at: str

    @staticmethod
    def key_of(list_id: str) -> dict[str, str]:
        return {"pk": keys.status_list(list_id), "sk": keys.status_list_credential()}


# ------------------------------------------------------------------ exam scheduling
class SeatCounterItem(StoredItem):
    """The seats taken at one sitting (created by the first booking; never above `capacity`)."""

    center_id: str
    starts_at: str
    capacity: int
    taken: int = 0


class AppointmentItem(StoredItem):
    appointment_id: str
    candidate_id: str
    confirmation_number: str
    exam_code: str
    slot_id: str
    delivery: str
    center_id: str | None = None
    #: UTC, ISO with offset: sorts and compares as stored.
    starts_at: str
    duration_minutes: int
    status: Literal["scheduled", "rescheduled", "cancelled", "completed", "no_show"]
    receipt_id: str
    voucher_code: str | None = None
    booked_at: str
    updated_at: str
    cancelled_at: str | None = None
    result_id: str | None = None
    #: GSI2 `APPTDAY#<day>` while the appointment is open (absent once cancelled or done).
    gsi2pk: str | None = None

    @staticmethod
    def key_of(candidate_id: str, appointment_id: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.appointment(appointment_id))


class ReceiptLine(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="ignore")

    description: str
    #: Minor units (cents): totals add up exactly.
    amount: int


class RefundEntry(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="ignore")

    description: str
    amount: int
    at: str
    reference: str | None = None


class ReceiptItem(StoredItem):
    receipt_id: str
    number: str
    candidate_id: str
    appointment_id: str
    issued_at: str
    lines: list[ReceiptLine]
    tax: int
    tax_rate: float
    tax_country: str
    total: int
    currency: str
    #: `card`, `voucher` or `voucher+card`.
    method: str
    #: `pending` until the card is charged, then `paid`; `none` when a voucher covered it all.
    payment_status: str
    charge_id: str | None = None
    refunds: list[RefundEntry] = []

    @staticmethod
    def key_of(candidate_id: str, receipt_id: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.receipt(receipt_id))


class VoucherItem(StoredItem):
    code: str
    batch_id: str
    discount_percent: int
    exam_codes: list[str] = []
    expires_on: str
    #: `available` → `redeemed` (held by a booking; a cancellation returns it) → `consumed` (the
    #: exam was taken or missed).
    status: Literal["available", "redeemed", "consumed"]
    created_at: str
    created_by: str
    appointment_id: str | None = None
    candidate_id: str | None = None

    @staticmethod
    def key_of(code: str) -> dict[str, str]:
        return keys.voucher(code)


# ------------------------------------------------------------------ transcripts
class TranscriptItem(StoredItem):
    """A transcript shared with a third party: what it discloses, until when, and how often it was
    seen. The link's token and the verification code are kept only as keyed hashes."""

    transcript_id: str
    candidate_id: str
    recipient: str | None = None
    #: None: every certification held, as of each viewing.
    cert_ids: list[str] | None = None
    include_exams: bool = False
    include_scores: bool = False
    created_at: str
    expires_on: str
    code_hash: str
    revoked_at: str | None = None
    views: int = 0
    last_viewed_at: str | None = None

    @staticmethod
    def key_of(candidate_id: str, transcript_id: str) -> dict[str, str]:
        return _candidate(candidate_id, keys.transcript(transcript_id))


class TranscriptViewItem(StoredItem):
    """One successful viewing; the viewer's address only as a keyed hash."""

    transcript_id: str
    at: str
    how: Literal["link", "code"]
    user_agent: str | None = None
    country: str | None = None
    viewer: str
