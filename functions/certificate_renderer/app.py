"""SQS worker: each message names a certification to render; rendering is idempotent (a certificate
already in the bucket is kept), and a certification no longer active is skipped, not retried."""

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from certtrack.certs import certificates
from certtrack.errors import Conflict, NotFound
from certtrack.observability import logger, metrics

processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> str:
    message = json.loads(record.body)
    try:
        key, _ = certificates.ensure(message["candidate_id"], message["cert_id"])
    except (Conflict, NotFound) as exc:
        logger.info("certificate not made", extra={"cert_id": message["cert_id"], "reason": exc.code})
        return "skipped"
    metrics.add_metric(name="CertificatesReady", unit="Count", value=1)
    return key


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    response = process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
    metrics.flush_metrics()
    return response
