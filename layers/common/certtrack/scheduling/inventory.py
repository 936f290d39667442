"""The testing network as data (`catalog/scheduling.json`): test centres, CCIE lab locations and
online proctored sittings with their weekly sitting times, each exam's price, delivery modes,
duration, scheduling policy and private access code, and the tax rate per country.

Sittings are not stored: they follow from each centre's weekly pattern in its own time zone, so the
inventory is a few hundred lines of data rather than rows to seed and expire. Only the seats taken
at a sitting are stored (a counter created by the first booking, `store/appointments.py`).
"""

import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator, model_validator

from certtrack.catalog import CatalogError, catalog_dir, get_catalog
from certtrack.models import Model

Delivery = Literal["test_center", "online"]
ONLINE = "online"


class Sittings(Model):
    """Weekly sitting times in the centre's local time (Monday is 0)."""

    weekdays: list[int] = Field(min_length=1)
    times: list[time] = Field(min_length=1)

    @field_validator("weekdays")
    @classmethod
    def _weekdays(cls, value: list[int]) -> list[int]:
        if any(d < 0 or d > 6 for d in value):
            raise ValueError("weekdays are 0 (Monday) to 6 (Sunday)")
        return value


class Center(Model):
    center_id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]{2,30}$")
    name: str
    kind: Literal["test_center", "lab"]
    address: str
    city: str
    country: str = Field(pattern=r"^[A-Z]{2}$")
    time_zone: str
    seats: int = Field(ge=1)
    sittings: Sittings

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value}") from exc
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


class Online(Model):
    seats: int = Field(ge=1)
    sittings: Sittings


class FailureWait(Model):
    """From the `failures`-th failed attempt on (the highest matching row applies), wait `days`."""

    failures: int = Field(ge=1)
    days: int = Field(ge=1)


class MaxAttempts(Model):
    count: int = Field(ge=1)
    months: int = Field(ge=1)


class Policy(Model):
    #: Rescheduling and cancelling close this many hours before the start.
    cutoff_hours: int = Field(ge=1)
    after_pass_days: int = Field(ge=1)
    after_failure: list[FailureWait] = Field(min_length=1)
    max_attempts: MaxAttempts | None = None


class ExamOffer(Model):
    price: Decimal = Field(ge=0)
    delivery: list[Delivery] = Field(min_length=1)
    duration_minutes: int = Field(ge=1)
    policy: str
    #: sha256 of the private access code of a restricted exam (the code itself is not data).
    access_code_sha256: str | None = None
    #: A lab's qualifying exams: one of them passed and still valid on the lab date.
    qualifying_exams: list[str] = []

    def code_matches(self, code: str) -> bool:
        digest = hashlib.sha256(code.strip().encode()).hexdigest()
        return self.access_code_sha256 is not None and hmac.compare_digest(digest, self.access_code_sha256)


class Inventory(Model):
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    #: How far ahead sittings are offered.
    horizon_days: int = Field(ge=1)
    #: The widest availability page (a date range).
    max_range_days: int = Field(ge=1)
    policies: dict[str, Policy]
    tax_rates: dict[str, Decimal]
    exams: dict[str, ExamOffer]
    centers: list[Center]
    online: Online

    @model_validator(mode="after")
    def _consistent(self) -> "Inventory":
        for code, offer in self.exams.items():
            if offer.policy not in self.policies:
                raise ValueError(f"exams.{code}: no policy {offer.policy}")
        ids = [c.center_id for c in self.centers]
        if len(ids) != len(set(ids)) or ONLINE in ids:
            raise ValueError("centers: ids must be unique and not 'online'")
        return self

    def center(self, center_id: str) -> Center | None:
        return next((c for c in self.centers if c.center_id == center_id), None)

    def tax_rate(self, country: str) -> Decimal:
        """Percent; a country the table does not list pays none."""
        return self.tax_rates.get(country, Decimal(0))


class Sitting(Model):
    """One sitting: a centre (None: online) at one start."""

    center: Center | None
    starts_at: datetime
    capacity: int

    @property
    def slot_id(self) -> str:
        return slot_id(self.center.center_id if self.center else ONLINE, self.starts_at)

    @property
    def partition(self) -> str:
        return self.center.country if self.center else ONLINE

    @property
    def delivery(self) -> Delivery:
        return "test_center" if self.center else "online"

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(self.center.zone if self.center else UTC)


def utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def slot_id(center_id: str, starts_at: datetime) -> str:
    return f"{center_id}_{starts_at.astimezone(UTC).strftime('%Y%m%dT%H%MZ')}"


def sitting(inventory: Inventory, slot: str) -> Sitting | None:
    """The sitting a slot id names, if the centre holds a sitting at that time (None otherwise)."""
    center_id, _, stamp = slot.rpartition("_")
    try:
        starts_at = datetime.strptime(stamp, "%Y%m%dT%H%MZ").replace(tzinfo=UTC)
    except ValueError:
        return None
    if center_id == ONLINE:
        center, pattern, capacity, zone = None, inventory.online.sittings, inventory.online.seats, ZoneInfo("UTC")
    else:
        center = inventory.center(center_id)
        if center is None:
            return None
        pattern, capacity, zone = center.sittings, center.seats, center.zone
    local = starts_at.astimezone(zone)
    if local.weekday() not in pattern.weekdays or local.time().replace(tzinfo=None) not in pattern.times:
        return None
    return Sitting(center=center, starts_at=starts_at, capacity=capacity)


def sittings(inventory: Inventory, center: Center | None, first: date, last: date) -> Iterator[Sitting]:
    """Every sitting of one centre (None: online) whose local day is in [first, last]."""
    pattern = center.sittings if center else inventory.online.sittings
    zone = center.zone if center else ZoneInfo("UTC")
    capacity = center.seats if center else inventory.online.seats
    day = first
    while day <= last:
        if day.weekday() in pattern.weekdays:
            for at in sorted(pattern.times):
                yield Sitting(center=center, starts_at=datetime.combine(day, at, zone), capacity=capacity)
        day += timedelta(days=1)


def load() -> Inventory:
    path = catalog_dir() / "scheduling.json"
    try:
        inventory = Inventory.model_validate(json.loads(path.read_text()))
    except (OSError, ValueError) as exc:
        if isinstance(exc, ValidationError):
            first = exc.errors(include_url=False)[0]
            raise CatalogError(f"scheduling.json: {'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from exc
        raise CatalogError(f"scheduling.json: {exc}") from exc
    catalog = get_catalog()
    for code, offer in inventory.exams.items():
        exam = catalog.exam(code)
        if exam is None:
            raise CatalogError(f"scheduling.json: exams.{code}: not an exam of exams.json")
        for qualifying in offer.qualifying_exams:
            if catalog.exam(qualifying) is None:
                raise CatalogError(f"scheduling.json: exams.{code}: unknown qualifying exam {qualifying}")
    return inventory


@cache
def get_inventory() -> Inventory:
    """The process's inventory: loaded and checked once."""
    return load()
