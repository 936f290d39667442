"""The payments sweep (`handler`), every 5 minutes: takes back the bookings whose seat hold expired
before their card payment completed (`certtrack.scheduling.holds`), then settles with the provider
every refund it has not yet confirmed (`certtrack.scheduling.refunds`), the ones the releases just
recorded included. Both read sparse indexes of what is due, never the table, and both may run again
or overlap: each change is conditional and each refund idempotent at the provider."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from certtrack import clock
from certtrack.observability import logger, metrics, traced
from certtrack.scheduling import holds, refunds


@logger.inject_lambda_context
@traced
@metrics.log_metrics(raise_on_empty_metrics=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    logger.append_keys(job="payments")
    now = clock.now()
    summary = {**holds.release_expired(now), **refunds.settle_pending(now)}
    logger.info("payments sweep done", extra=summary)
    metrics.add_metric(name="ExpiredHoldsReleased", unit="Count", value=summary["released"])
    metrics.add_metric(name="ExpiredHoldsStuck", unit="Count", value=summary["stuck"])
    metrics.add_metric(name="RefundsSettled", unit="Count", value=summary["refunded"])
    metrics.add_metric(name="RefundsFailed", unit="Count", value=summary["refund_failed"])
    return summary
