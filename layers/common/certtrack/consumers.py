"""The shape every domain-event consumer shares: an SQS queue fed by an EventBridge rule, read in
batches whose failed records alone are retried (then dead-lettered), one reaction per event.

A reaction must be idempotent on the event: the bus and SQS deliver at least once, and the
evaluator publishes an event again when it cannot tell whether its first publish went out.
"""

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from certtrack import domain_events
from certtrack.domain_events import DomainEvent
from certtrack.observability import logger, metrics, traced

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def consumer(name: str, react: Callable[[DomainEvent], str]) -> Handler:
    """The Lambda handler of one consumer; `react` answers what it did (logged and counted)."""
    processor = BatchProcessor(event_type=EventType.SQS)

    def record_handler(record: SQSRecord) -> str:
        event = domain_events.from_message(record.body)
        outcome = react(event)
        logger.info(
            "event handled",
            extra={"consumer": name, "event_id": event.event_id, "event_type": event.type, "outcome": outcome},
        )
        metrics.add_metric(name=f"{name}.{outcome}", unit="Count", value=1)
        return outcome

    @logger.inject_lambda_context(clear_state=True)
    @traced
    @metrics.log_metrics(raise_on_empty_metrics=False)
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return process_partial_response(
            event=event, record_handler=record_handler, processor=processor, context=context
        )

    return handler
