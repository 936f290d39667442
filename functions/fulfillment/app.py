"""Two handlers, one per trigger. `handler`, the SQS worker: one claimed shipment (kit or benefit)
per message, ordered from the vendor once (a repeated message finds the order id recorded; the vendor
dedupes on our reference); a failing vendor call is reported as a partial batch failure, retried by
SQS, and ends in the DLQ after five tries. `sweep`, the daily schedule: queues again any claim whose
message never reached the worker (`shipping.requeue_stalled`)."""

import json
from datetime import date
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from certtrack import clock, jobs, shipping
from certtrack.accounts import repository as repo
from certtrack.observability import logger, metrics, traced
from certtrack.partners.kits import Engraving, vendor
from certtrack.store.items.shipments import ShipmentItem

processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> str:
    message = json.loads(record.body)
    candidate_id, item_sk = message["candidate_id"], message["item_sk"]
    found = repo.table.get(repo.candidate_key(candidate_id, item_sk), consistent=True)
    shipment = ShipmentItem.from_item(found) if found else None
    if shipment is None or shipment.order_id or shipment.status != shipping.ORDERED:
        return "nothing to do"
    if shipment.gsi1pk:
        shipping.received(candidate_id, item_sk)
    if shipment.ship_to is None:  # a claim always stores its address; fail the record into the DLQ
        raise ValueError(f"the claimed shipment {item_sk} has no address")
    engraving = (
        Engraving(name=shipment.engraving_name, number=shipment.engraving_number or "")
        if shipment.engraving_name
        else None
    )
    order_id = vendor().place_order(f"{candidate_id}:{item_sk}", shipment.ship_to, shipment.items, engraving)
    if shipping.record_order(candidate_id, item_sk, order_id):
        metrics.add_metric(name="ShipmentsOrdered", unit="Count", value=1)
        logger.info("shipment ordered", extra={"item": item_sk, "order_id": order_id})
    return order_id


@logger.inject_lambda_context
@traced
@metrics.log_metrics(raise_on_empty_metrics=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)


def _requeue_stalled(day: date) -> dict[str, int]:
    """Stalled as of now, whatever day the schedule names: a claim counts as stalled an hour after
    it was made, so the day alone cannot tell."""
    return shipping.requeue_stalled(clock.now())


sweep = jobs.scheduled("fulfillment-sweep", _requeue_stalled, counts={"StalledClaimsRequeued": "requeued"})
