"""Reading appointments where other pages show them (landing page, calendar feed): which are still
to come, and where and when each is in its centre's own time."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from certtrack import keys
from certtrack.scheduling.inventory import Center, get_inventory
from certtrack.store import appointments as store
from certtrack.store.items.scheduling import AppointmentItem

OPEN = store.OPEN_STATES


@dataclass(frozen=True)
class Placed:
    """An appointment with its centre (None: online) and its start and end in local time."""

    item: AppointmentItem
    center: Center | None
    starts: datetime
    ends: datetime

    @property
    def location(self) -> str:
        if self.center is None:
            return "Online (proctored)"
        return f"{self.center.name}, {self.center.address}, {self.center.city}, {self.center.country}"


def place(item: AppointmentItem) -> Placed:
    center = get_inventory().center(item.center_id) if item.center_id else None
    starts = datetime.fromisoformat(item.starts_at).astimezone(center.zone if center else UTC)
    return Placed(item, center, starts, starts + timedelta(minutes=item.duration_minutes))


def upcoming(items: list[AppointmentItem], now: datetime) -> list[Placed]:
    """Open appointments still to start, soonest first."""
    found = [i for i in items if i.status in OPEN and datetime.fromisoformat(i.starts_at) > now]
    return [place(i) for i in sorted(found, key=lambda i: i.starts_at)]


def of_candidate(candidate_id: str) -> list[AppointmentItem]:
    return [AppointmentItem.from_item(i) for i in store.of_candidate(candidate_id, keys.APPOINTMENT_PREFIX)]
