"""Daily job: reminders for certifications expiring in 180, 90, 60, 30, 7 and 1 days, and notices
for those that expired that day. Reads go through the expiration index only, so the job's cost
grows with that day's expirations, never with the number of candidates."""

from datetime import date
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from certtrack import clock
from certtrack.observability import logger, metrics, traced
from reminders import service


@logger.inject_lambda_context
@traced
@metrics.log_metrics(raise_on_empty_metrics=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    day = _day(event)
    logger.append_keys(job="reminders", day=day.isoformat())
    summary = service.run(day)
    logger.info("reminders done", extra=summary)
    metrics.add_metric(name="RemindersQueued", unit="Count", value=summary["queued"])
    return summary


def _day(event: dict[str, Any]) -> date:
    """The local runner passes {"date": ...}; EventBridge passes the scheduled time."""
    if event.get("date"):
        return date.fromisoformat(event["date"])
    if event.get("time"):
        return date.fromisoformat(event["time"][:10])
    return clock.today()
