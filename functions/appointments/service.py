"""The daily job (reminders two days before a sitting, once; no-shows for sittings that passed
without a result) and the reaction to a recorded exam result (the appointment is completed).

Both find appointments through the day index (GSI2 `APPTDAY#<day>`, open appointments only) or the
candidate's own partition, never by scanning."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from certtrack import clock, keys, notifications
from certtrack.accounts import repository as repo
from certtrack.domain_events import DomainEvent
from certtrack.errors import Conflict
from certtrack.scheduling import emails
from certtrack.scheduling.inventory import get_inventory
from certtrack.store import appointments as store
from certtrack.store.items.account import ProfileItem
from certtrack.store.items.scheduling import AppointmentItem

OPEN = store.OPEN_STATES
REMIND_DAYS_AHEAD = 2
#: A job that did not run for a few days still marks the sittings it missed.
NO_SHOW_LOOKBACK_DAYS = 7


def run(day: date) -> dict[str, Any]:
    reminded, already = _remind(day + timedelta(days=REMIND_DAYS_AHEAD))
    # as of the day's start, so that a run for any day (`make job DATE=...`) decides the same
    as_of = datetime.combine(day, time.min, UTC)
    no_shows = sum(_no_shows(day - timedelta(days=back), as_of) for back in range(1, NO_SHOW_LOOKBACK_DAYS + 1))
    return {"day": day.isoformat(), "reminded": reminded, "already": already, "no_show": no_shows}


def _remind(on: date) -> tuple[int, int]:
    """One reminder per appointment and start (a rescheduled appointment is reminded of its new
    start); recorded before it is queued, so a rerun sends none twice."""
    due = [a for a in (AppointmentItem.from_item(i) for i in store.open_on(on.isoformat())) if a.status in OPEN]
    profiles = {
        p["pk"].removeprefix(keys.CANDIDATE_PREFIX): p
        for p in repo.table.batch_get([ProfileItem.key_of(c) for c in sorted({a.candidate_id for a in due})])
    }
    sent = skipped = 0
    for appointment in due:
        profile = profiles.get(appointment.candidate_id)
        if profile is None:
            continue
        key = repo.candidate_key(
            appointment.candidate_id,
            keys.appointment_notice(appointment.appointment_id, f"reminder-{appointment.starts_at}"),
        )
        if notifications.record_and_queue(key, emails.reminder(profile, appointment)):
            sent += 1
        else:
            skipped += 1
    return sent, skipped


def _no_shows(on: date, as_of: datetime) -> int:
    """Open appointments whose sitting ended before `as_of` with no result: `no_show`, the voucher
    consumed, the exam open to book again (a sitting ending after midnight is the next run's)."""
    marked = 0
    for raw in store.open_on(on.isoformat()):
        appointment = AppointmentItem.from_item(raw)
        ends = datetime.fromisoformat(appointment.starts_at) + timedelta(minutes=appointment.duration_minutes)
        if appointment.status not in OPEN or ends > as_of:
            continue
        try:
            _close(appointment, "no_show", allowed=OPEN)
        except Conflict:
            continue  # a result or a change won meanwhile
        marked += 1
    return marked


def _close(appointment: AppointmentItem, status: str, *, allowed: tuple[str, ...], **extra: str) -> None:
    was_open = appointment.status in OPEN
    ops = [
        store.close_op(
            appointment.key, status=status, before=appointment.starts_at, at=clock.iso_now(), allowed=allowed, **extra
        )
    ]
    if was_open:
        ops.append(store.release_hold_op(appointment.candidate_id, appointment.exam_code, appointment.appointment_id))
        if appointment.voucher_code:
            ops.append(store.consume_voucher_op(appointment.voucher_code, appointment.appointment_id))
    store.transact(ops, conflict=f"appointment {appointment.appointment_id} changed meanwhile")


def complete(event: DomainEvent) -> str:
    """A recorded result for an exam the candidate had an appointment for on that day completes the
    appointment (also one already marked a no-show: the result shows they sat it)."""
    exam_code = event.data.get("exam_code")
    candidates = [
        a
        for a in (AppointmentItem.from_item(i) for i in store.of_candidate(event.candidate_id, keys.APPOINTMENT_PREFIX))
        if a.exam_code == exam_code and event.on in _days_of(a)
    ]
    if not candidates:
        return "no_appointment"
    appointment = candidates[0]
    if appointment.status == "completed":
        return "already"
    if appointment.status not in (*OPEN, "no_show"):
        return "not_open"
    _close(appointment, "completed", allowed=(*OPEN, "no_show"), result_id=str(event.data.get("result_id", "")))
    return "completed"


def _days_of(appointment: AppointmentItem) -> set[date]:
    """The sitting's day in UTC and at the centre (a partner reports the local day)."""
    start = datetime.fromisoformat(appointment.starts_at)
    center = get_inventory().center(appointment.center_id) if appointment.center_id else None
    local = start.astimezone(center.zone) if center else start
    return {start.date(), local.date()}
