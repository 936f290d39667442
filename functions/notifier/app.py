"""SQS worker: each message names a recorded email; partial batch failures are retried by SQS."""

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from certtrack import notifications
from certtrack.observability import logger, metrics, traced

processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> str:
    message = json.loads(record.body)
    outcome = notifications.deliver(message["record"])
    logger.info("notification", extra={"outcome": outcome, "sk": message["record"]["sk"]})
    if outcome == "sent":
        metrics.add_metric(name="EmailsSent", unit="Count", value=1)
    return outcome


@logger.inject_lambda_context
@traced
@metrics.log_metrics(raise_on_empty_metrics=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
