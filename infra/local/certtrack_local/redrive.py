"""`make redrive QUEUE=fulfillment`: move every message of a queue's dead-letter queue back to the
queue, after the cause of the failures is fixed. Works on the running `make run` or any AWS the
environment points at."""

import argparse
import json
import os
import sys
from typing import Any

from certtrack_local import resources
from certtrack_local.runtime import CREDENTIALS, stage_environment

STATE = resources.ROOT / ".local" / "run.json"


def redrive(sqs: Any, dlq_url: str, queue_url: str) -> int:
    """Moves the messages (send, then delete: a crash between them repeats one, never loses one)."""
    moved = 0
    while True:
        messages = sqs.receive_message(
            QueueUrl=dlq_url, MaxNumberOfMessages=10, WaitTimeSeconds=0, AttributeNames=["MessageGroupId"]
        ).get("Messages", [])
        if not messages:
            return moved
        for message in messages:
            group = message.get("Attributes", {}).get("MessageGroupId")
            fifo = {"MessageGroupId": group, "MessageDeduplicationId": message["MessageId"]} if group else {}
            sqs.send_message(QueueUrl=queue_url, MessageBody=message["Body"], **fifo)
            sqs.delete_message(QueueUrl=dlq_url, ReceiptHandle=message["ReceiptHandle"])
            moved += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="certtrack_local.redrive", description=__doc__)
    parser.add_argument(
        "queue", help="fulfillment, notifications, evaluations, kit-events, benefit-events, document-events, ..."
    )
    args = parser.parse_args(argv)
    if not STATE.exists():
        parser.error("no running `make run` found (.local/run.json)")
    state = json.loads(STATE.read_text())
    os.environ.update({**stage_environment(), **CREDENTIALS, "AWS_ENDPOINT_URL": state["aws_endpoint"]})
    import boto3

    name = "".join(part.capitalize() for part in args.queue.split("-"))
    physical = state["resources"]
    if f"{name}Queue" not in physical:
        parser.error(f"no queue {args.queue!r}")
    sqs = boto3.client("sqs", region_name=os.environ.get("AWS_REGION", "us-east-1"))
    moved = redrive(sqs, physical[f"{name}DLQ"], physical[f"{name}Queue"])
    print(f"moved {moved} message(s) from {name}DLQ back to {name}Queue")
    return 0


if __name__ == "__main__":
    sys.exit(main())
