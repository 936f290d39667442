"""The candidate's calendar: one all-day event per certification expiration and one event per
upcoming exam appointment (in its centre's time zone, at its address), with reminders. Secret feed
addresses carry a 256-bit token stored only hashed."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from certtrack import clock, keys
from certtrack.accounts import repository as repo
from certtrack.certs.events import evaluate_candidate
from certtrack.errors import NotFound
from certtrack.scheduling import appointments
from certtrack.settings import get_settings
from certtrack.store.items.calendar import CalendarFeedItem, CalendarFeedRefItem
from certtrack.store.table import Operation

PRODID = "-//certtrack//certification expirations//EN"


def render(candidate_id: str) -> bytes:
    from icalendar import Alarm, Calendar, Event  # only this function pays for it

    evaluation, _ = evaluate_candidate(candidate_id)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Certification expirations")
    stamp = clock.now()
    for state in evaluation.current():
        if not state.held or state.expires_on is None:
            continue
        event = Event()
        event.add("uid", f"{candidate_id}-{state.cert_id}-{state.expires_on.isoformat()}@certtrack")
        event.add("dtstamp", stamp)
        event.add("dtstart", state.expires_on)
        event.add("dtend", state.expires_on + timedelta(days=1))
        event.add("summary", f"{_name(state.cert_id)} expires")
        event.add(
            "description",
            f"Your {_name(state.cert_id)} certification expires on {state.expires_on.isoformat()}. "
            f"Recertify before then: {get_settings().portal_url}/#/certifications/{state.cert_id}",
        )
        event.add("transp", "TRANSPARENT")
        for days in (90, 30):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{_name(state.cert_id)} expires in {days} days")
            alarm.add("trigger", timedelta(days=-days))
            event.add_component(alarm)
        calendar.add_component(event)
    for placed in appointments.upcoming(appointments.of_candidate(candidate_id), stamp):
        calendar.add_component(_appointment_event(Event, Alarm, placed, stamp))
    return calendar.to_ical()


def _appointment_event(event_type: Any, alarm_type: Any, placed: appointments.Placed, stamp: Any) -> Any:
    """A timed event in the centre's own time zone (the calendar shows it in the viewer's)."""
    from certtrack.catalog import get_catalog

    item = placed.item
    exam = get_catalog().exams[item.exam_code]
    event = event_type()
    event.add("uid", f"{item.appointment_id}@certtrack")
    event.add("dtstamp", stamp)
    event.add("dtstart", placed.starts)
    event.add("dtend", placed.ends)
    event.add("summary", f"Exam {exam.code}: {exam.title}")
    event.add("location", placed.location)
    event.add(
        "description",
        f"Confirmation number {item.confirmation_number}. Manage it at {get_settings().portal_url}/#/schedule",
    )
    alarm = alarm_type()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Exam {exam.code} in two days")
    alarm.add("trigger", timedelta(hours=-48))
    event.add_component(alarm)
    return event


def _name(cert_id: str) -> str:
    from certtrack.catalog import get_catalog

    return get_catalog().certifications[cert_id].name


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_url(token: str) -> str:
    return f"{get_settings().portal_url}/calendar/{token}.ics"


def create_feed(candidate_id: str) -> dict[str, Any]:
    """A new secret address; any previous one stops working (rotation)."""
    token = secrets.token_urlsafe(32)
    mine = CalendarFeedRefItem.key_of(candidate_id)
    previous = repo.table.get(mine, consistent=True)
    now = clock.iso_now()
    ops = [
        Operation.create(
            {
                **keys.calendar_feed(_hash(token)),
                "type": "calendar_feed",
                "candidate_id": candidate_id,
                "created_at": now,
            },
        ),
        Operation.put({**mine, "type": "calendar_feed_ref", "token_hash": _hash(token), "created_at": now}),
    ]
    if previous:
        ops.append(Operation.delete(CalendarFeedItem.key_of(CalendarFeedRefItem.from_item(previous).token_hash)))
    repo.table.transact(ops)
    return {"url": feed_url(token), "created_at": now}


def feed_state(candidate_id: str) -> dict[str, Any]:
    """Whether a secret address exists (its token is never shown again: only its hash is kept)."""
    found = repo.table.get(CalendarFeedRefItem.key_of(candidate_id))
    mine = CalendarFeedRefItem.from_item(found) if found else None
    return {"exists": mine is not None, "created_at": mine.created_at if mine else None}


def revoke_feed(candidate_id: str) -> None:
    mine = CalendarFeedRefItem.key_of(candidate_id)
    previous = repo.table.get(mine, consistent=True)
    if previous is None:
        raise NotFound("there is no calendar feed address to revoke")
    feed = CalendarFeedItem.key_of(CalendarFeedRefItem.from_item(previous).token_hash)
    repo.table.transact([Operation.delete(feed), Operation.delete(mine)])


def feed_owner(token: str) -> str:
    """The candidate of a secret feed token; an unknown or revoked one is a 404."""
    if not token or len(token) > 100:
        raise NotFound("no such calendar feed")
    found = repo.table.get(CalendarFeedItem.key_of(_hash(token)))
    if found is None:
        raise NotFound("no such calendar feed")
    return CalendarFeedItem.from_item(found).candidate_id
