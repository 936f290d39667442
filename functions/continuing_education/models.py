"""Continuing-education ledger shapes."""

from datetime import date

from certtrack.models import Model


class Credit(Model):
    credit_id: str
    activity: str
    provider: str
    credits: float
    completed_on: date
    received_on: date
    status: str
    reason: str = ""
    used_for: list[str] = []


class Cycle(Model):
    cert_id: str
    name: str
    status: str
    earned: float
    required: float | None
    cycle_started_on: date | None
    cycle_ends_on: date | None


class Ledger(Model):
    items: list[Credit]
    certifications: list[Cycle]
