"""Which reminders are due on a day, and the email each one is."""

import html
from datetime import date, timedelta
from typing import Any

from certtrack import keys, notifications
from certtrack.accounts import repository as repo
from certtrack.catalog import get_catalog
from certtrack.settings import get_settings
from certtrack.store.items.account import ProfileItem, SettingsItem
from certtrack.store.items.derived import CertificationItem
from certtrack.store.items.notifications import NotificationItem

THRESHOLDS = (180, 90, 60, 30, 7, 1)
HELD = {"active", "pending_agreement"}


def expiring_on(day: date) -> list[CertificationItem]:
    """The certification items whose cycle ends on `day` (GSI2, every page)."""
    return [
        CertificationItem.from_item(i) for i in repo.table.query_all(keys.expirations_on(day.isoformat()), index="GSI2")
    ]


def run(day: date) -> dict[str, Any]:
    due = [(f"{t}d", day + timedelta(days=t)) for t in THRESHOLDS] + [("expired", day - timedelta(days=1))]
    held = [
        (threshold, on, c)
        for threshold, on in due
        for c in expiring_on(on)
        if c.status in HELD and not c.emeritus_at_expiry  # its cycle's end turns it Emeritus: nothing to remind
    ]
    people = _people({c.candidate_id for _, _, c in held})
    queued = skipped = opted_out = 0
    for threshold, expires_on, cert in held:
        person = people.get(cert.candidate_id)
        if person is None:
            opted_out += 1
            continue
        key = NotificationItem.reminder_key(cert.candidate_id, cert.cert_id, expires_on.isoformat(), threshold)
        if notifications.record_and_queue(key, _email(person, cert, threshold, day), threshold=threshold):
            queued += 1
        else:
            skipped += 1
    return {"day": day.isoformat(), "due": len(held), "queued": queued, "already": skipped, "opted_out": opted_out}


def _people(candidate_ids: set[str]) -> dict[str, ProfileItem]:
    """The profile of every candidate with a reminder today who wants reminder emails: batched
    reads of profiles and settings."""
    wanted = [key for c in sorted(candidate_ids) for key in (ProfileItem.key_of(c), SettingsItem.key_of(c))]
    profiles: dict[str, ProfileItem] = {}
    opted_in: set[str] = set()
    for item in repo.table.batch_get(wanted):
        cid = item["pk"].removeprefix(keys.CANDIDATE_PREFIX)
        if item["sk"] == keys.profile():
            profiles[cid] = ProfileItem.from_item(item)
        elif SettingsItem.from_item(item).reminder_emails:
            opted_in.add(cid)
    return {cid: profile for cid, profile in profiles.items() if cid in opted_in}


def _email(person: ProfileItem, cert: CertificationItem, threshold: str, day: date) -> dict[str, str]:
    catalog = get_catalog()
    name = cert.name
    expires_on = cert.expires_on
    link = f"{get_settings().portal_url}/#/certifications/{cert.cert_id}"
    required = cert.ce_required
    earned = cert.ce_in_cycle
    options = [o.name for o in catalog.level(cert.level).options]
    if threshold == "expired":
        subject = f"Your {name} certification has expired"
        lines = [
            f"Your {name} certification expired on {expires_on}.",
            "To hold it again you need to earn it again from the start.",
        ]
    else:
        days = int(threshold.removesuffix("d"))
        subject = f"Your {name} certification expires in {days} day{'s' if days != 1 else ''}"
        lines = [f"Your {name} certification expires on {expires_on}.", "You can recertify with any of:"]
        lines += [f"  - {o}" for o in options]
        if required:
            lines.append(f"You have {earned:g} of the {required:g} continuing-education credits a renewal needs.")
    text = "\n".join([f"Dear {person.first_name} {person.last_name},", "", *lines, "", f"Details: {link}"])
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if not line.startswith("  - "))
    items = "".join(f"<li>{html.escape(o)}</li>" for o in options) if threshold != "expired" else ""
    greeting = html.escape(f"Dear {person.first_name} {person.last_name},")
    markup = (
        f"<html><body><p>{greeting}</p>{body}"
        + (f"<ul>{items}</ul>" if items else "")
        + f'<p><a href="{html.escape(link)}">See your certification</a></p></body></html>'
    )
    return {"to": person.email, "subject": subject, "text": text, "html": markup}
