"""SQS: the one place messages are sent from (the workers receive theirs from Lambda's event source
mappings, never by polling)."""

import json
from typing import Any

from certtrack import aws


def send(queue_url: str, body: dict[str, Any], *, group: str | None = None, dedup: str | None = None) -> None:
    """One message; `group` and `dedup` for a FIFO queue (SQS drops a message whose deduplication id
    it saw in the last five minutes, so a retried send never becomes a second message)."""
    kwargs: dict[str, Any] = {"QueueUrl": queue_url, "MessageBody": json.dumps(body, sort_keys=True)}
    if group is not None:
        kwargs["MessageGroupId"] = group
        kwargs["MessageDeduplicationId"] = dedup or group
    aws.client("sqs").send_message(**kwargs)
