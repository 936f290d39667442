"""The landing page from one descending query over the candidate's activity and certifications.

Sort keys order as ACT# < APPT# < CHAL# < CLAIM# < D#CERT#, so reading backwards from the last
certification item yields the certifications first, then the kits still to claim (their markers,
`keys.unclaimed_kit`), then the appointments, then the newest activity: one bounded `Query`.
"""

from datetime import date

from certtrack import announcements, clock, keys, kits
from certtrack.accounts import repository as repo
from certtrack.catalog import get_catalog
from certtrack.scheduling import appointments
from certtrack.store.items.activity import ActivityItem
from certtrack.store.items.derived import CertificationItem
from certtrack.store.items.scheduling import AppointmentItem
from certtrack.store.items.shipments import UnclaimedKitItem
from dashboard.models import (
    Activity,
    Dashboard,
    Expiration,
    PendingAgreement,
    Tenure,
    UnclaimedKit,
    UpcomingAppointment,
)

RECENT = 10
HORIZON_DAYS = 180
_PAGE = 100


def dashboard(candidate_id: str) -> Dashboard:
    today = clock.today()
    items, _ = repo.table.query(
        keys.candidate(candidate_id),
        between=(keys.ACTIVITY_PREFIX, keys.certification("~")),
        forward=False,
        limit=_PAGE,
    )
    activity = [ActivityItem.from_item(i) for i in items if i["sk"].startswith(keys.ACTIVITY_PREFIX)][:RECENT]
    certs = [CertificationItem.from_item(i) for i in items if i["sk"].startswith(keys.certification(""))]
    booked = [AppointmentItem.from_item(i) for i in items if i["sk"].startswith(keys.APPOINTMENT_PREFIX)]
    waiting = [UnclaimedKitItem.from_item(i) for i in items if i["sk"].startswith(keys.UNCLAIMED_KIT_PREFIX)]
    return Dashboard(
        upcoming_appointments=[_appointment(p) for p in appointments.upcoming(booked, clock.now())],
        announcements=announcements.active(today),
        recent_activity=[Activity.model_validate(a.model_dump(include=set(Activity.model_fields))) for a in activity],
        upcoming_expirations=_expiring(certs, today),
        emeritus=_tenure(certs, today),
        pending_agreement=[
            PendingAgreement(cert_id=c.cert_id, name=c.name) for c in certs if c.status == "pending_agreement"
        ],
        unclaimed_kits=_unclaimed_kits(waiting, certs, today),
    )


def _unclaimed_kits(waiting: list[UnclaimedKitItem], certs: list[CertificationItem], today: date) -> list[UnclaimedKit]:
    """The kits still pending, each claimable only while its certification is active today (the
    claim's own rule: `kits.offer`), else with why not."""
    held = {c.cert_id: c for c in certs}
    out = []
    for kit in sorted(waiting, key=lambda k: k.kit_id):
        cert = held.get(kit.cert_id)
        out.append(
            UnclaimedKit(
                kit_id=kit.kit_id,
                cert_id=kit.cert_id,
                name=cert.name if cert else kit.cert_id,
                **kits.offer(kits.PENDING, kit.cert_id, cert, today)._asdict(),
            )
        )
    return out


def _appointment(placed: appointments.Placed) -> UpcomingAppointment:
    item = placed.item
    return UpcomingAppointment(
        appointment_id=item.appointment_id,
        exam_code=item.exam_code,
        exam_title=get_catalog().exams[item.exam_code].title,
        starts_at=placed.starts.isoformat(timespec="minutes"),
        local_time=placed.starts.strftime("%a %d %b %Y, %H:%M %Z"),
        time_zone=placed.center.time_zone if placed.center else "UTC",
        delivery=item.delivery,
        location=placed.location,
        status=item.status,
    )


def _tenure(certs: list[CertificationItem], today: date) -> list[Tenure]:
    """When Emeritus eligibility starts, for each held certification that has Emeritus rules. The
    certification items are as last evaluated; the dates they carry do not change with time, so what
    depends on today is worked out here."""
    out = []
    for cert in certs:
        if not cert.emeritus_eligible_from or not cert.lifetime_emeritus_from:
            continue
        if cert.status not in {"active", "pending_agreement", "emeritus"}:
            continue
        eligible_from = date.fromisoformat(cert.emeritus_eligible_from)
        lifetime_from = date.fromisoformat(cert.lifetime_emeritus_from)
        requested = cert.emeritus_requested_on
        out.append(
            Tenure(
                cert_id=cert.cert_id,
                name=cert.name,
                status=cert.status,
                eligible_from=eligible_from,
                eligible=cert.status == "active" and not requested and eligible_from <= today,
                requested_on=requested,
                starts_on=cert.expires_on if requested and cert.status != "emeritus" else None,
                since=cert.emeritus_since,
                lifetime_from=lifetime_from,
                lifetime=bool(cert.lifetime_emeritus_since) or lifetime_from <= today,
            )
        )
    return sorted(out, key=lambda t: t.eligible_from)


def _expiring(certs: list[CertificationItem], today: date) -> list[Expiration]:
    catalog = get_catalog()
    out = []
    for cert in certs:
        if cert.status not in {"active", "pending_agreement"} or not cert.expires_on or cert.emeritus_at_expiry:
            continue  # (a cycle that ends in Emeritus does not expire: the tenure list says when)
        expires_on = date.fromisoformat(cert.expires_on)
        days_left = (expires_on - today).days
        if not 0 <= days_left <= HORIZON_DAYS:
            continue
        required = cert.ce_required
        earned = cert.ce_in_cycle
        level = catalog.level(cert.level)
        out.append(
            Expiration(
                cert_id=cert.cert_id,
                name=cert.name,
                level=cert.level,
                expires_on=expires_on,
                days_left=days_left,
                ce_earned=earned,
                ce_required=required,
                ce_missing=max(0.0, required - earned) if required is not None else None,
                recertify_with=[o.name for o in level.options],
            )
        )
    return sorted(out, key=lambda e: e.expires_on)
