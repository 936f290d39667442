"""Daily job: candidates whose first certification turns 25 today get the anniversary benefit."""

from datetime import date
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from certtrack import benefits, clock
from certtrack.observability import logger, metrics, traced


@logger.inject_lambda_context
@traced
@metrics.log_metrics(raise_on_empty_metrics=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    day = (
        date.fromisoformat(event["date"])
        if event.get("date")
        else (date.fromisoformat(event["time"][:10]) if event.get("time") else clock.today())
    )
    logger.append_keys(job="anniversaries", day=day.isoformat())
    summary = benefits.anniversaries(day)
    logger.info("anniversaries done", extra=summary)
    metrics.add_metric(name="AnniversaryBenefitsGranted", unit="Count", value=summary["granted"])
    return summary
