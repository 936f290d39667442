"""SQS worker: one claimed shipment (kit or benefit) per message, ordered from the vendor once (a repeated message finds
the order id recorded; the vendor dedupes on our reference). A failing vendor call is reported as a
partial batch failure, retried by SQS, and ends in the DLQ after five tries. Once a day the same
function queues again any claim whose message never reached it (`kits.requeue_stalled`)."""

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from certtrack import clock, kits
from certtrack.accounts import repository as repo
from certtrack.observability import logger, metrics
from certtrack.partners.kits import vendor

processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> str:
    message = json.loads(record.body)
    candidate_id, item_sk = message["candidate_id"], message["item_sk"]
    item = repo.table.get(repo.candidate_key(candidate_id, item_sk), consistent=True)
    if item is None or item.get("order_id") or item.get("status") != kits.ORDERED:
        return "nothing to do"
    if "gsi1pk" in item:
        kits.received(candidate_id, item_sk)
    order_id = vendor().place_order(f"{candidate_id}:{item_sk}", item["ship_to"], list(item["items"]))
    if kits.record_order(candidate_id, item_sk, order_id):
        metrics.add_metric(name="ShipmentsOrdered", unit="Count", value=1)
        logger.info("shipment ordered", extra={"item": item_sk, "order_id": order_id})
    return order_id


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """A batch from the fulfillment queue, or (the daily schedule) the sweep of claims whose message
    never arrived."""
    if "Records" not in event:
        logger.append_keys(job="fulfillment-sweep")
        summary = kits.requeue_stalled(clock.now())
        logger.info("stalled claims queued again", extra=summary)
        metrics.add_metric(name="StalledClaimsRequeued", unit="Count", value=summary["requeued"])
        metrics.flush_metrics()
        return summary
    response = process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
    metrics.flush_metrics()
    return response
