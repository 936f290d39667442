"""The payments sweep (`handler`), every 5 minutes: takes back the bookings whose seat hold expired
before their card payment completed (`certtrack.scheduling.holds`), then settles with the provider
every refund it has not yet confirmed (`certtrack.scheduling.refunds`), the ones the releases just
recorded included. Both read sparse indexes of what is due, never the table, and both may run again
or overlap: each change is conditional and each refund idempotent at the provider."""

from datetime import date

from certtrack import clock, jobs
from certtrack.scheduling import holds, refunds


def _sweep(day: date) -> dict[str, int]:
    """Due as of now, whatever day the schedule names: a hold expires 30 minutes after its booking."""
    now = clock.now()
    return {**holds.release_expired(now), **refunds.settle_pending(now)}


handler = jobs.scheduled(
    "payments",
    _sweep,
    counts={
        "ExpiredHoldsReleased": "released",
        "ExpiredHoldsStuck": "stuck",
        "RefundsSettled": "refunded",
        "RefundsFailed": "refund_failed",
    },
)
