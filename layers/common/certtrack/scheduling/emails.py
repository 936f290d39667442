"""The scheduling emails: confirmation with the receipt, the reminder before the sitting, the
cancellation. Each is recorded before it is sent (`certtrack.notifications`): never twice."""

import html
from datetime import UTC, datetime, tzinfo
from typing import Any

from certtrack.catalog import get_catalog
from certtrack.scheduling.inventory import Sitting, get_inventory
from certtrack.store.items.scheduling import AppointmentItem


def _where(center_id: str | None) -> tuple[str, tzinfo]:
    center = get_inventory().center(center_id) if center_id else None
    if center is None:
        return "online (proctored); sign in 30 minutes early", UTC
    return f"{center.name}, {center.address}, {center.city} ({center.time_zone})", center.zone


def _when(starts_at: str, center_id: str | None) -> str:
    _, zone = _where(center_id)
    return datetime.fromisoformat(starts_at).astimezone(zone).strftime("%A %d %B %Y at %H:%M %Z")


def _email(profile: dict[str, Any], subject: str, lines: list[str]) -> dict[str, str]:
    name = f"{profile.get('first_name', '')} {profile.get('last_name', '')}".strip()
    text = f"Dear {name},\n\n" + "\n".join(lines)
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return {
        "to": str(profile.get("email", "")),
        "subject": subject,
        "text": text,
        "html": f"<html><body>{body}</body></html>",
    }


def _money(cents: int, currency: str) -> str:
    return f"{cents / 100:.2f} {currency}"


def confirmation(
    profile: dict[str, Any], appointment: dict[str, Any], receipt: dict[str, Any], sitting: Sitting
) -> dict[str, str]:
    exam = get_catalog().exams[appointment["exam_code"]]
    where, _ = _where(appointment.get("center_id"))
    when = _when(appointment["starts_at"], appointment.get("center_id"))
    lines = [
        f"Your {exam.code} {exam.title} exam is scheduled for {when}.",
        f"Where: {where}.",
        f"Confirmation number: {appointment['confirmation_number']}.",
        f"Receipt {receipt['number']}:",
        *(f"  {line['description']}: {_money(line['amount'], receipt['currency'])}" for line in receipt["lines"]),
        f"  Tax ({receipt['tax_rate']:g}%, {receipt['tax_country']}): {_money(receipt['tax'], receipt['currency'])}",
        f"  Total: {_money(receipt['total'], receipt['currency'])} ({receipt['method']})",
        "You can reschedule or cancel in the portal until the cut-off shown there.",
    ]
    return _email(profile, f"Exam scheduled: {exam.code} on {sitting.local_start.date().isoformat()}", lines)


def cancelled(profile: dict[str, Any], item: AppointmentItem, refund: int, currency: str) -> dict[str, str]:
    exam = get_catalog().exams[item.exam_code]
    lines = [f"Your {exam.code} {exam.title} exam on {_when(item.starts_at, item.center_id)} is cancelled."]
    if refund:
        lines.append(f"{_money(refund, currency)} is refunded to your card.")
    if item.voucher_code:
        lines.append(f"Voucher {item.voucher_code} can be used again until it expires.")
    return _email(profile, f"Exam cancelled: {exam.code}", lines)


def reminder(profile: dict[str, Any], item: AppointmentItem) -> dict[str, str]:
    exam = get_catalog().exams[item.exam_code]
    where, _ = _where(item.center_id)
    lines = [
        f"A reminder: your {exam.code} {exam.title} exam is on {_when(item.starts_at, item.center_id)}.",
        f"Where: {where}.",
        f"Confirmation number: {item.confirmation_number}. Bring two forms of identification.",
    ]
    return _email(profile, f"Reminder: {exam.code} in two days", lines)
