"""What Lambda's event source mappings and EventBridge schedules do in AWS, played on one machine.

Both are read from `infra/template.yaml`: every function with an `SQS` event gets a poller that
hands it batches and deletes what it did not report as failed; every function with a `Schedule`
event is a job, run daily at its cron time (or every N minutes for a `rate(N minutes)` schedule)
and on demand (`POST /dev/jobs/{job}`).
"""

import importlib
import logging
import re
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from certtrack import aws, clock
from certtrack_local import resources

log = logging.getLogger("certtrack_local")
_RETRY_SECONDS = 1


def _handler(dotted: str) -> Any:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _context(name: str) -> SimpleNamespace:
    return SimpleNamespace(
        function_name=name,
        memory_limit_in_mb=512,
        invoked_function_arn=f"arn:aws:lambda:us-east-1:123456789012:function:{name}",
        aws_request_id=str(uuid.uuid4()),
        get_remaining_time_in_millis=lambda: 60_000,
    )


@dataclass
class Mapping:
    function: str
    handler: str
    queue: str
    queue_url: str
    queue_arn: str
    batch_size: int


@dataclass
class Job:
    name: str
    function: str
    handler: str
    hour: int
    minute: int
    #: A `rate(N minutes)` schedule: run every N minutes (hour and minute unused).
    every_minutes: int | None = None


def from_template(physical: dict[str, str]) -> tuple[list[Mapping], list[Job]]:
    template = resources.load_template()
    mappings, jobs = [], []
    for logical, resource in template["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        props = resource["Properties"]
        for event in (props.get("Events") or {}).values():
            if event["Type"] == "SQS":
                queue = event["Properties"]["Queue"]["Fn::GetAtt"][0]
                url = physical[queue]
                arn = f"arn:aws:sqs:us-east-1:123456789012:{url.rsplit('/', 1)[1]}"
                mappings.append(
                    Mapping(logical, props["Handler"], queue, url, arn, event["Properties"].get("BatchSize", 10))
                )
            elif event["Type"] == "Schedule":
                schedule = event["Properties"]["Schedule"]
                name = props["Handler"].split(".")[0]
                rate = re.match(r"rate\((\d+) minutes?\)", schedule)
                if rate is not None:
                    jobs.append(Job(name, logical, props["Handler"], 0, 0, every_minutes=int(rate.group(1))))
                    continue
                found = re.match(r"cron\((\d+) (\d+) \* \* \? \*\)", schedule)
                if found is None:
                    raise ValueError(f"{logical}: only daily cron and rate(N minutes) schedules run locally")
                jobs.append(Job(name, logical, props["Handler"], int(found.group(2)), int(found.group(1))))
    return mappings, jobs


def event_path(mappings: list[Mapping]) -> list[Mapping]:
    """The mappings of the write path: the evaluator's FIFO queue, then each queue a bus rule feeds."""
    resources_ = resources.load_template()["Resources"]
    targets = {
        t["Arn"]["Fn::GetAtt"][0]
        for r in resources_.values()
        if r["Type"] == "AWS::Events::Rule"
        for t in r["Properties"]["Targets"]
    }
    fifo = {m.queue for m in mappings if resources_[m.queue]["Properties"].get("FifoQueue")}
    return [m for m in mappings if m.queue in fifo] + [m for m in mappings if m.queue in targets]


def pump(mappings: list[Mapping], *, rounds: int = 50) -> int:
    """Hands what waits in these queues to their functions until every one is empty (a message that
    failed waits out its retry delay, so a failing one does not loop); the messages handled."""
    sqs = aws.client("sqs")
    handled = 0
    for _ in range(rounds):
        moved = 0
        for mapping in mappings:
            messages = sqs.receive_message(
                QueueUrl=mapping.queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0, AttributeNames=["All"]
            ).get("Messages", [])
            if messages:
                invoke(sqs, mapping, messages)
                moved += len(messages)
        if not moved:
            return handled
        handled += moved
    return handled


def invoke(sqs: Any, mapping: Mapping, messages: list[dict[str, Any]]) -> None:
    """One batch to the mapping's function, as Lambda's event source mapping hands it: the successes
    are deleted, the failures become visible again after a short delay."""
    event = {"Records": [sqs_record(mapping, m) for m in messages]}
    try:
        answer = handler_of(mapping)(event, _context(mapping.function))
        failed = {f["itemIdentifier"] for f in answer["batchItemFailures"]}
    except Exception:
        log.exception("%s failed a whole batch; it will be retried", mapping.function)
        failed = {m["MessageId"] for m in messages}
    for message in messages:
        if message["MessageId"] in failed:
            sqs.change_message_visibility(
                QueueUrl=mapping.queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=_RETRY_SECONDS
            )
        else:
            sqs.delete_message(QueueUrl=mapping.queue_url, ReceiptHandle=message["ReceiptHandle"])


def handler_of(mapping: Mapping) -> Any:
    """The mapping's function, looked up when it is called (tests wrap handlers after import)."""
    return _handler(mapping.handler)


def sqs_record(mapping: Mapping, message: dict[str, Any]) -> dict[str, Any]:
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": message.get("MessageAttributes", {}),
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": mapping.queue_arn,
        "awsRegion": "us-east-1",
    }


class Poller(threading.Thread):
    """One event source mapping: receive, invoke, delete the successes, retry the failures."""

    def __init__(self, mapping: Mapping, stop: threading.Event) -> None:
        super().__init__(name=f"poller-{mapping.function}", daemon=True)
        self.mapping = mapping
        self.stop_event = stop
        self.busy = threading.Event()

    def run(self) -> None:
        sqs = aws.client("sqs")
        while not self.stop_event.is_set():
            try:
                received = sqs.receive_message(
                    QueueUrl=self.mapping.queue_url,
                    MaxNumberOfMessages=min(self.mapping.batch_size, 10),
                    WaitTimeSeconds=1,
                    AttributeNames=["All"],
                ).get("Messages", [])
            except Exception:  # the embedded AWS is stopping
                if self.stop_event.is_set():
                    return
                log.exception("polling %s failed", self.mapping.function)
                time.sleep(1)
                continue
            if received:
                self.busy.set()
                try:
                    invoke(sqs, self.mapping, received)
                finally:
                    self.busy.clear()


class Workers:
    """Every poller and job of the template."""

    def __init__(self, physical: dict[str, str]) -> None:
        self.mappings, jobs = from_template(physical)
        self.jobs = {j.name: j for j in jobs}
        self.stop_event = threading.Event()
        self.pollers = [Poller(m, self.stop_event) for m in self.mappings]
        self.lock = threading.Lock()

    def start(self) -> "Workers":
        for poller in self.pollers:
            poller.start()
        threading.Thread(target=self._daily, name="schedules", daemon=True).start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        for poller in self.pollers:
            poller.join(timeout=5)

    def run_job(self, name: str, day: date | None = None, *, wait: float = 60, inline: bool = False) -> dict[str, Any]:
        """Runs a job as if on `day`, then waits for the queues it feeds to drain (`inline`: drains
        them itself, for a process without pollers)."""
        job = self.jobs[name]
        with self.lock:
            event = {"date": (day or clock.today()).isoformat(), "time": datetime.now(UTC).isoformat()}
            summary = _handler(job.handler)(event, _context(job.function))
        if inline:
            self.deliver_pending(wait)
        else:
            self.drain(wait)
        return summary

    def deliver_pending(self, timeout: float) -> None:
        """Hands every queued message to its function until the queues are empty."""
        deadline = time.monotonic() + timeout
        while pump(self.mappings, rounds=1) and time.monotonic() < deadline:
            pass

    def drain(self, timeout: float) -> None:
        sqs = aws.client("sqs")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pending = 0
            for mapping in self.mappings:
                attributes = sqs.get_queue_attributes(
                    QueueUrl=mapping.queue_url,
                    AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
                )["Attributes"]
                pending += int(attributes["ApproximateNumberOfMessages"])
                pending += int(attributes["ApproximateNumberOfMessagesNotVisible"])
            if pending == 0 and not any(p.busy.is_set() for p in self.pollers):
                return
            time.sleep(0.1)
        raise TimeoutError(f"the queues did not drain in {timeout:g} s")

    def _daily(self) -> None:
        ran: dict[str, date] = {}
        last: dict[str, datetime] = {}
        while not self.stop_event.wait(30):
            now = datetime.now(UTC)
            for job in self.jobs.values():
                if job.every_minutes is not None:
                    if job.name in last and now - last[job.name] < timedelta(minutes=job.every_minutes):
                        continue
                    last[job.name] = now
                else:
                    due = now.replace(hour=job.hour, minute=job.minute, second=0, microsecond=0)
                    if now < due or ran.get(job.name) == now.date():
                        continue
                    ran[job.name] = now.date()
                try:
                    self.run_job(job.name, clock.today())
                except Exception:
                    log.exception("scheduled job %s failed", job.name)
