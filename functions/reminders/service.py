"""Which reminders are due on a day, and the email each one is."""

import html
from datetime import date, timedelta
from typing import Any

from certtrack import keys, notifications
from certtrack.accounts import repository as repo
from certtrack.catalog import get_catalog
from certtrack.certs.events import plain
from certtrack.settings import get_settings
from certtrack.store.table import Item

THRESHOLDS = (180, 90, 60, 30, 7, 1)
HELD = {"active", "pending_agreement"}


def expiring_on(day: date) -> list[Item]:
    """The certification items whose cycle ends on `day` (GSI2, every page)."""
    items: list[Item] = []
    start = None
    while True:
        page, start = repo.table.query(keys.expirations_on(day.isoformat()), index="GSI2", start=start)
        items.extend(page)
        if not start:
            return items


def run(day: date) -> dict[str, Any]:
    due: list[tuple[str, Item]] = [(f"{t}d", c) for t in THRESHOLDS for c in expiring_on(day + timedelta(days=t))]
    due += [("expired", c) for c in expiring_on(day - timedelta(days=1))]
    due = [(threshold, plain(c)) for threshold, c in due if c.get("status") in HELD]
    candidates = {c["candidate_id"] for _, c in due} if due else set()
    people = _people(candidates)
    queued = skipped = opted_out = 0
    for threshold, cert in due:
        person = people.get(cert["candidate_id"], {})
        if not person.get("reminder_emails"):
            opted_out += 1
            continue
        key = repo.candidate_key(cert["candidate_id"], keys.reminder(cert["cert_id"], cert["expires_on"], threshold))
        if notifications.record_and_queue(key, _email(person, cert, threshold, day), threshold=threshold):
            queued += 1
        else:
            skipped += 1
    return {"day": day.isoformat(), "due": len(due), "queued": queued, "already": skipped, "opted_out": opted_out}


def _people(candidate_ids: set[str]) -> dict[str, dict[str, Any]]:
    """Profile and settings of every candidate with a reminder today: batched reads."""
    wanted = [repo.candidate_key(c, sk) for c in sorted(candidate_ids) for sk in (keys.profile(), keys.settings())]
    people: dict[str, dict[str, Any]] = {}
    for item in repo.table.batch_get(wanted):
        cid = item["pk"].removeprefix(keys.CANDIDATE_PREFIX)
        person = people.setdefault(cid, {})
        if item["sk"] == keys.profile():
            person.update(email=item["email"], first_name=item["first_name"], last_name=item["last_name"])
        else:
            person.update(reminder_emails=bool(item.get("reminder_emails")))
    return people


def _email(person: dict[str, Any], cert: dict[str, Any], threshold: str, day: date) -> dict[str, str]:
    catalog = get_catalog()
    name = cert["name"]
    expires_on = cert["expires_on"]
    link = f"{get_settings().portal_url}/#/certifications/{cert['cert_id']}"
    required = cert.get("ce_required")
    earned = float(cert.get("ce_in_cycle") or 0)
    options = [o.name for o in catalog.level(cert["level"]).options]
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
            lines.append(
                f"You have {earned:g} of the {float(required):g} continuing-education credits a renewal needs."
            )
    text = "\n".join([f"Dear {person['first_name']} {person['last_name']},", "", *lines, "", f"Details: {link}"])
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if not line.startswith("  - "))
    items = "".join(f"<li>{html.escape(o)}</li>" for o in options) if threshold != "expired" else ""
    greeting = html.escape(f"Dear {person['first_name']} {person['last_name']},")
    markup = (
        f"<html><body><p>{greeting}</p>{body}"
        + (f"<ul>{items}</ul>" if items else "")
        + f'<p><a href="{html.escape(link)}">See your certification</a></p></body></html>'
    )
    return {"to": person["email"], "subject": subject, "text": text, "html": markup}
