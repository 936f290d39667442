"""The one source of the current time.

Expirations, reminders and anniversaries must be testable on any date, so nothing reads the system
clock directly: tests and the local runtime pin or shift this one.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

_now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    return _now()


def today() -> date:
    return _now().date()


def set_clock(source: Callable[[], datetime]) -> None:
    """Replace the time source (tests, the local runtime's job runner)."""
    global _now
    _now = source


def pin(at: datetime) -> None:
    set_clock(lambda: at)


@contextmanager
def pinned(at: datetime) -> Iterator[None]:
    """Inside the block the time is `at`; afterwards it is whatever it was before (pinned or not)."""
    before = _now
    pin(at)
    try:
        yield
    finally:
        set_clock(before)


def shift_to(day: date) -> None:
    """Run as if today were `day`, with the time of day still moving."""
    offset = datetime.combine(day, datetime.min.time(), UTC) - datetime.now(UTC).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    set_clock(lambda: datetime.now(UTC) + offset)


def reset() -> None:
    set_clock(lambda: datetime.now(UTC))


def iso_now() -> str:
    return now().isoformat(timespec="milliseconds")


__all__ = ["iso_now", "now", "pin", "pinned", "reset", "set_clock", "shift_to", "today"]
