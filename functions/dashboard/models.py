"""Landing-page shapes."""

from datetime import date

from certtrack.announcements import Announcement
from certtrack.models import Model


class Activity(Model):
    activity_id: str
    kind: str
    text: str
    at: str


class Expiration(Model):
    cert_id: str
    name: str
    level: str
    expires_on: date
    days_left: int
    ce_earned: float
    ce_required: float | None
    ce_missing: float | None
    recertify_with: list[str]


class UpcomingAppointment(Model):
    appointment_id: str
    exam_code: str
    exam_title: str
    #: In the centre's time zone, with its offset (online: UTC).
    starts_at: str
    local_time: str
    time_zone: str
    delivery: str
    location: str
    status: str


class Tenure(Model):
    """Expert tenure of one held certification with Emeritus rules: when Emeritus can be requested,
    and where it stands."""

    cert_id: str
    name: str
    status: str
    eligible_from: date
    eligible: bool
    requested_on: date | None = None
    starts_on: date | None = None
    since: date | None = None
    lifetime_from: date
    lifetime: bool


class PendingAgreement(Model):
    """A certification whose requirements are met, waiting for the candidate to accept the agreement."""

    cert_id: str
    name: str


class UnclaimedKit(Model):
    """An initial kit not claimed yet; `claimable` while its certification is active today, else
    `not_claimable_reason` says why and what would unblock it."""

    kit_id: str
    cert_id: str
    name: str
    certification_status: str
    claimable: bool
    not_claimable_reason: str | None = None


class Dashboard(Model):
    announcements: list[Announcement]
    recent_activity: list[Activity]
    upcoming_expirations: list[Expiration]
    upcoming_appointments: list[UpcomingAppointment] = []
    emeritus: list[Tenure] = []
    #: What waits on the candidate, for Home to name: the agreement, kits to claim.
    pending_agreement: list[PendingAgreement] = []
    unclaimed_kits: list[UnclaimedKit] = []
