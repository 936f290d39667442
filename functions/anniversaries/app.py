"""Daily job: candidates whose first certification turns 25 today get the anniversary benefit."""

from datetime import date
from typing import Any

from certtrack import benefits, clock
from certtrack.observability import logger, metrics


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    day = (
        date.fromisoformat(event["date"])
        if event.get("date")
        else (date.fromisoformat(event["time"][:10]) if event.get("time") else clock.today())
    )
    logger.append_keys(job="anniversaries", day=day.isoformat())
    summary = benefits.anniversaries(day)
    logger.info("anniversaries done", extra=summary)
    metrics.add_metric(name="AnniversaryBenefitsGranted", unit="Count", value=summary["granted"])
    metrics.flush_metrics()
    return summary
