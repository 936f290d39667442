"""The evaluator: "evaluate this candidate" messages from the FIFO queue, one candidate per message
group, so two evaluations of one candidate never run at once. A failed message stops its group's
batch (SQS keeps the order) and is retried, then dead-lettered with an alarm; a retry repairs what
the failure left, since the evaluation depends only on the stored facts and the clock."""

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import SqsFifoPartialProcessor, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from certtrack.certs import evaluation
from certtrack.observability import logger, metrics, traced

processor = SqsFifoPartialProcessor()


def record_handler(record: SQSRecord) -> str:
    candidate_id = json.loads(record.body)["candidate_id"]
    result = evaluation.evaluate(candidate_id)
    metrics.add_metric(name="Evaluations", unit="Count", value=1)
    logger.info("evaluated", extra={"candidate_id": candidate_id, "certifications": len(result.certifications)})
    return candidate_id


@logger.inject_lambda_context(clear_state=True)
@traced
@metrics.log_metrics(raise_on_empty_metrics=False)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
