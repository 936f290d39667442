"""Fault injection: every AWS call of every write path fails once, and the normal recovery repairs it.

For each flow, a clean run records the AWS calls it makes, in order: the request (a partner's
delivery, a candidate's action, a vendor's report, a daily job) and every worker that its messages
and events reach (the evaluator, the kits, benefits, documents and notification consumers, the
notifier, fulfillment). Then, for each of those calls and each way a call can fail (`before`: it
never reached AWS; `after`: AWS applied it but the answer was lost), the flow runs again for a fresh
candidate with that one call failing, followed by what recovers in production: the caller retries a
request that failed with a 5xx, SQS delivers a failed message again, a job runs again the next day.
The end state (the candidate's items, the emails sent, the vendor orders, the documents in S3, the
dead-letter queues) must equal the clean run's: nothing lost, nothing duplicated.
"""

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.client import BaseClient
from botocore.exceptions import EndpointConnectionError, ReadTimeoutError
from lambda_context import lambda_context
from moto.backends import get_backend
from moto.core import DEFAULT_ACCOUNT_ID

from certtrack import clock, keys
from certtrack.accounts import repository as repo
from certtrack.errors import CerttrackError
from certtrack.partners.kits import FakeKitVendor, use_vendor
from certtrack.scheduling import inventory as inv
from certtrack.scheduling.payments import FakeGateway, use_gateway

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
#: Attributes whose value is random by design (tokens, codes, the vendor's order ids): compared by
#: presence, not value.
RANDOM = {
    "token",
    "code",
    "order_id",
    "message_id",
    "activity_id",
    "item_sk",
    "digest",
    "event_id",
    # a badge's public id, its random status index and the signed credential that carries both
    "badge_id",
    "status_index",
    "jwt",
    # a booking's and a refund's ids, and the provider's
    "appointment_id",
    "receipt_id",
    "reference",
    "charge_id",
    "refund_id",
}
#: A lease is a time in the future that depends on how often delivery was attempted.
VOLATILE = {"lease_until"}
#: An email record's own bookkeeping (sent, or unconfirmed when SES's answer was lost): what counts
#: is the email itself, compared as SES received it.
NOTIFIER_BOOKKEEPING = {"status", "sent_at", "message_id"}


class Faults:
    """Makes the n-th AWS call of the code under test fail, once."""

    def __init__(self) -> None:
        self.armed = False
        self.calls: list[str] = []
        self.fail_at: int | None = None
        self.mode = "before"

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real = BaseClient._make_api_call
        faults = self

        def call(client: BaseClient, operation: str, params: dict[str, Any]) -> Any:
            if not faults.armed:
                return real(client, operation, params)
            index = len(faults.calls)
            faults.calls.append(f"{client.meta.service_model.service_name}:{operation}")
            endpoint = f"https://{client.meta.service_model.endpoint_prefix}.us-east-1.amazonaws.com"
            if index == faults.fail_at and faults.mode == "before":
                raise EndpointConnectionError(endpoint_url=endpoint)
            answer = real(client, operation, params)
            if index == faults.fail_at and faults.mode == "after":
                raise ReadTimeoutError(endpoint_url=endpoint)
            return answer

        monkeypatch.setattr(BaseClient, "_make_api_call", call)

    @contextmanager
    def code_under_test(self) -> Iterator[None]:
        self.armed = True
        try:
            yield
        finally:
            self.armed = False


class FunctionTimedOut(BaseException):
    """Lambda ends the invocation: no `except Exception` of the code under test sees it."""


class Gateway(FakeGateway):
    """The payment provider's fake; `stop_after_charge`: the booking function is stopped right after
    the provider charged (before it could record the payment)."""

    stop_after_charge = False

    def charge(self, **kw: Any) -> Any:
        charged = super().charge(**kw)
        if self.stop_after_charge:
            raise FunctionTimedOut
        return charged


@dataclass
class World:
    """The stack, the injector, and what the harness needs to play Lambda and the callers."""

    stack: Any
    faults: Faults
    vendor: FakeKitVendor
    gateway: Gateway
    mappings: list[Any] = field(default_factory=list)
    invoked: set[str] = field(default_factory=set)
    #: False while a flow sets up its candidate: only what the flow itself sets off is a fault point.
    live: bool = False

    def deliver(self, rounds: int = 40) -> None:
        """Every queue's messages to its function, as Lambda's event source mappings would; a failed
        message is delivered again (at once: the retry delay is SQS's, not the code's)."""
        sqs = boto3.client("sqs", region_name="us-east-1")
        for _ in range(rounds):
            moved = False
            for mapping in self.mappings:
                got = sqs.receive_message(QueueUrl=mapping.queue_url, MaxNumberOfMessages=10, AttributeNames=["All"])
                messages = got.get("Messages", [])
                if not messages:
                    continue
                moved = True
                failed = self._invoke(mapping, messages)
                for message in messages:
                    if message["MessageId"] in failed:
                        sqs.change_message_visibility(
                            QueueUrl=mapping.queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
                        )
                    else:
                        sqs.delete_message(QueueUrl=mapping.queue_url, ReceiptHandle=message["ReceiptHandle"])
            if not moved:
                return
        raise AssertionError("the queues did not empty: a message fails on every delivery")

    def forget(self) -> None:
        """Empties the table between runs: moto copies the whole table for every transaction, so a
        table that kept every run's candidates would make each run slower than the last."""
        client = boto3.client("dynamodb", region_name="us-east-1")
        table = self.stack.physical["Table"]
        for page in client.get_paginator("scan").paginate(TableName=table, ProjectionExpression="pk, sk"):
            for start in range(0, len(page["Items"]), 25):
                requests = [{"DeleteRequest": {"Key": key}} for key in page["Items"][start : start + 25]]
                client.batch_write_item(RequestItems={table: requests})

    def _invoke(self, mapping: Any, messages: list[dict[str, Any]]) -> set[str]:
        from certtrack_local import workers

        self.invoked.add(mapping.function)
        event = {"Records": [workers.sqs_record(mapping, m) for m in messages]}
        handler = workers.handler_of(mapping)
        try:
            with self.faults.code_under_test() if self.live else nullcontext():
                answer = handler(event, lambda_context(mapping.function))
        except Exception:  # the whole batch failed (Powertools raises when every record did)
            return {m["MessageId"] for m in messages}
        return {f["itemIdentifier"] for f in answer["batchItemFailures"]}

    def request(self, action: Callable[[], Any], attempts: int = 6) -> None:
        """A caller's request, retried while it fails with a 5xx (a fault, or a 502 that undid a
        claim); an answer of the caller's own making (a 4xx) ends it, as it would for a client."""
        self.live = True
        for _ in range(attempts):
            try:
                with self.faults.code_under_test():
                    action()
                return
            except CerttrackError as exc:
                if exc.status < 500 and "retry" not in exc.message:
                    return
            except Exception:  # noqa: S110 - a 5xx: the caller retries
                pass
        raise AssertionError("the request kept failing")

    def sweep_later(self) -> None:
        """The daily sweep of claims whose order message never left (it runs at 06:30 UTC; a claim
        counts as stalled after an hour), then what it queued."""
        from fulfillment.app import sweep

        with clock.pinned(NOW + timedelta(hours=20)):
            self.job(sweep, {"time": (NOW + timedelta(hours=20)).isoformat()})
            self.deliver()

    def job(self, handler: Callable[..., Any], event: dict[str, Any], attempts: int = 3) -> None:
        """A scheduled job; a failed run is run again (EventBridge retries, or the next day's run)."""
        self.live = True
        for _ in range(attempts):
            try:
                with self.faults.code_under_test():
                    handler(event, lambda_context("job"))
                return
            except Exception:  # noqa: S112 - the job's next run
                continue
        raise AssertionError("the job kept failing")


# ----------------------------------------------------------------------------- candidates and flows

ADDRESS = {"line1": "123 Any Street", "city": "San Francisco", "state": "CA", "postal_code": "94105", "country": "US"}


def candidate(n: int, *, agreement: bool = True, exams: list[dict] | None = None, ce: list[dict] | None = None) -> str:
    """A complete candidate record, with facts delivered and evaluated before the flow starts."""
    from certtrack_local import seed

    cid = f"CSCO{70000000 + n}"
    seed._record(
        {
            "candidate_id": cid,
            "email": f"{cid.lower()}@example.com",
            "first_name": "Grace",
            "last_name": "Hopper",
            "country": "US",
            "address": ADDRESS,
            "settings": {"email_opt_in": False, "reminder_emails": True},
            "agreement": agreement,
            "exams": exams or [],
            "ce": ce or [],
        },
        logins=set(),
    )
    return cid


def exam_result(cid: str, code: str = "200-301", days_ago: int = 5, result_id: str | None = None) -> Any:
    from partners.models import ExamResultIn

    return ExamResultIn(
        result_id=result_id or f"{cid}-{code}-{days_ago}",
        candidate_id=cid,
        exam_code=code,
        taken_on=clock.today() - timedelta(days=days_ago),
        score=900,
        passing_score=825,
        passed=True,
    )


def flow_result(world: World, n: int) -> str:
    from partners.service import record_exam_result

    cid = candidate(n)
    world.deliver()
    world.request(lambda: record_exam_result(exam_result(cid)))
    return cid


def flow_credit(world: World, n: int) -> str:
    from partners.models import CeCreditIn
    from partners.service import record_ce_credit

    cid = candidate(n, exams=[{"code": "200-301", "days_ago": 400, "score": 900, "passing_score": 825}])
    world.deliver()
    credit = CeCreditIn(
        credit_id=f"{cid}-ce",
        candidate_id=cid,
        activity="Cisco Live session",
        provider="Cisco Live",
        credits=8,
        completed_on=clock.today() - timedelta(days=3),
    )
    world.request(lambda: record_ce_credit(credit))
    return cid


def flow_agreement(world: World, n: int) -> str:
    from certifications.models import AgreementAcceptance
    from certifications.service import accept
    from certtrack.catalog import get_catalog

    cid = candidate(n, agreement=False, exams=[{"code": "200-301", "days_ago": 4, "score": 900, "passing_score": 825}])
    world.deliver()
    version = get_catalog().current_agreement(clock.today()).version
    world.request(lambda: accept(cid, AgreementAcceptance(version=version)))
    return cid


def flow_claim(world: World, n: int) -> str:
    from certtrack import kits

    cid = candidate(n, exams=[{"code": "200-301", "days_ago": 4, "score": 900, "passing_score": 825}])
    world.deliver()
    world.request(lambda: kits.claim(cid, "ccna-kit"))
    world.deliver()
    world.sweep_later()
    return cid


def flow_vendor_status(world: World, n: int) -> str:
    from certtrack import kits

    cid = flow_claim_setup(world, n)
    (order_id,) = [order["order_id"] for ref, order in world.vendor.orders.items() if ref.startswith(cid)]
    world.request(lambda: kits.vendor_update(order_id, "shipped", "UPS", "1Z999AA10123456784", None))
    return cid


def flow_claim_setup(world: World, n: int) -> str:
    from certtrack import kits

    cid = candidate(n, exams=[{"code": "200-301", "days_ago": 4, "score": 900, "passing_score": 825}])
    world.deliver()
    kits.claim(cid, "ccna-kit")
    world.deliver()
    return cid


def flow_anniversary(world: World, n: int) -> str:
    """History that reaches the 25th anniversary arrives late: the benefits consumer grants it."""
    from partners.service import record_exam_result

    cid = candidate(n)
    world.deliver()
    old = 25 * 366  # the anniversary was 19 days ago
    world.request(lambda: record_exam_result(exam_result(cid, "640-607", days_ago=old, result_id=f"{cid}-old")))
    world.deliver()
    # earned again before the anniversary, so held active on it
    world.request(lambda: record_exam_result(exam_result(cid, "200-301", days_ago=30, result_id=f"{cid}-new")))
    return cid


def flow_benefit_claim(world: World, n: int) -> str:
    from certtrack import benefits
    from partners.service import record_exam_result

    cid = candidate(n)
    record_exam_result(exam_result(cid, "640-607", days_ago=25 * 366, result_id=f"{cid}-old"))
    record_exam_result(exam_result(cid, "200-301", days_ago=30, result_id=f"{cid}-new"))
    world.deliver()
    token = repo.table.get(repo.candidate_key(cid, keys.benefit(benefits.BENEFIT_ID)))["token"]
    world.request(lambda: benefits.claim(cid, benefits.BENEFIT_ID, token, "L"))
    world.deliver()
    world.sweep_later()
    return cid


def flow_reminders(world: World, n: int) -> str:
    from reminders.app import handler

    # CCNA earned three years ago less 30 days: it expires in 30 days
    cid = candidate(n, exams=[{"code": "200-301", "days_ago": 3 * 365 - 30, "score": 900, "passing_score": 825}])
    world.deliver()
    world.job(handler, {"date": clock.today().isoformat()})
    return cid


def flow_expired_hold(world: World, n: int) -> str:
    """A card booking whose function stopped after the provider charged: the payments sweep, once
    the 30-minute hold expired, takes the booking back and refunds the charge it finds."""
    from payments.app import handler
    from scheduling import service
    from scheduling.models import BookingIn

    cid = candidate(n)
    world.deliver()
    network = inv.get_inventory()
    first = clock.today() + timedelta(days=3)
    one = next(inv.sittings(network, network.center("gb-lon-1"), first, first + timedelta(days=7)))
    world.gateway.stop_after_charge = True
    try:
        with pytest.raises(FunctionTimedOut):
            service.book(cid, BookingIn(exam_code="200-301", slot_id=one.slot_id, payment={"token": "tok_visa"}))
    finally:
        world.gateway.stop_after_charge = False
    with clock.pinned(NOW + timedelta(minutes=31)):
        world.job(handler, {})
    return cid


#: Each flow, and whether it ends by delivering what it queued (all do; named for the report).
FLOWS: dict[str, Callable[[World, int], str]] = {
    "partner exam result": flow_result,
    "partner CE credit": flow_credit,
    "agreement": flow_agreement,
    "kit claim": flow_claim,
    "kit vendor status": flow_vendor_status,
    "late 25-year anniversary": flow_anniversary,
    "benefit claim": flow_benefit_claim,
    "reminders": flow_reminders,
    "expired seat hold": flow_expired_hold,
}


# ----------------------------------------------------------------------------- the end state


def end_state(world: World, cid: str) -> dict[str, Any]:
    """What must not be lost or doubled, with the candidate's id and random values masked."""
    items = list(repo.table.query_all(keys.candidate(cid)))
    normalised = sorted(json.dumps(_mask(item, cid), sort_keys=True, default=str) for item in items)
    sent = [
        m.raw_data.split("Subject: ", 1)[1].split("\n", 1)[0]
        for m in get_backend("ses")[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages
        if cid.lower() in m.raw_data
    ]
    s3 = boto3.client("s3", region_name="us-east-1")
    listed = s3.list_objects_v2(Bucket=world.stack.physical["DocumentsBucket"], Prefix=f"candidates/{cid}/")
    documents = sorted(o["Key"].replace(cid, "<cid>") for o in listed.get("Contents", []))
    orders = sorted(reference.replace(cid, "<cid>") for reference in world.vendor.orders if cid in reference)
    owed = {item["reference"]: item["reason"] for item in items if item["sk"].startswith(keys.REFUND_PREFIX)}
    refunds = sorted(f"{owed[ref]}: {amount}" for ref, (_, amount) in world.gateway.refunds.items() if ref in owed)
    return {"items": normalised, "emails": sorted(sent), "documents": documents, "orders": orders, "refunds": refunds}


def _mask(value: Any, cid: str) -> Any:
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in VOLATILE or (value.get("type") == "notification" and k in NOTIFIER_BOOKKEEPING):
                continue
            out[k] = "<random>" if k in RANDOM else _mask(v, cid)
        return out
    if isinstance(value, list):
        return [_mask(v, cid) for v in value]
    if isinstance(value, str):
        masked = value.replace(cid, "<cid>").replace(cid.lower(), "<cid>").replace(cid.removeprefix("CSCO"), "<cid>")
        if masked.startswith("ACT#"):  # an activity's key ends in its random id
            masked = masked.rsplit("#", 1)[0]
        masked = re.sub(r"KV-[0-9A-F]{10}", "<order>", masked)  # the fake kit vendor's order ids
        masked = re.sub(r"\bAP[0-9A-F]{16}\b", "<appointment>", masked)  # in a refund's key
        # when something happened (a sweep orders a stalled claim later): dates stay, times do not
        masked = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00", "<time>", masked)
        masked = re.sub(r"(one-time token:(?:</p><p><code>|\s+))[\w-]{20,}", r"\1<token>", masked)  # in its email
        masked = re.sub(r"^BADGE#[A-Za-z0-9_-]{22}$", "BADGE#<badge_id>", masked)  # its GSI1 key
        if masked.startswith("OUTBOX#"):
            return "OUTBOX#<left behind>"
        return masked
    return value


def dead_letters(world: World) -> int:
    sqs = boto3.client("sqs", region_name="us-east-1")
    total = 0
    for logical, url in world.stack.physical.items():
        if logical.endswith("DLQ"):
            attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
            total += int(attributes["Attributes"]["ApproximateNumberOfMessages"])
    return total


def compare(clean: dict[str, Any], faulted: dict[str, Any]) -> tuple[int, int]:
    """(lost, duplicated): what the clean run has and the faulted one lacks, and the reverse."""
    lost = duplicated = 0
    for part in clean:
        want, got = list(clean[part]), list(faulted[part])
        for entry in want:
            if entry in got:
                got.remove(entry)
            else:
                lost += 1
        duplicated += len(got)
    return lost, duplicated


# ----------------------------------------------------------------------------- the suite


@pytest.fixture
def world(aws, monkeypatch) -> Iterator[World]:
    from certtrack_local import workers

    faults = Faults()
    faults.install(monkeypatch)
    vendor = FakeKitVendor()
    use_vendor(vendor)
    gateway = Gateway()
    use_gateway(gateway)
    clock.pin(NOW)
    mappings, _ = workers.from_template(aws.physical)
    aws.autopump = False
    try:
        yield World(aws, faults, vendor, gateway, mappings)
    finally:
        clock.reset()
        use_vendor(None)
        use_gateway(None)


@pytest.mark.parametrize("mode", ["before", "after"])
@pytest.mark.parametrize("flow", sorted(FLOWS))
def test_every_aws_call_of_the_flow_fails_once_and_recovery_loses_and_duplicates_nothing(
    world: World, flow: str, mode: str, record_property: Callable[[str, Any], None]
):
    run = FLOWS[flow]
    # GIVEN the flow's clean run and the AWS calls it made (its fault points)
    world.faults.calls, world.live = [], False
    clean_cid = run(world, 0)
    world.deliver()
    clean = end_state(world, clean_cid)
    world.forget()
    points = list(world.faults.calls)
    assert points, f"{flow}: no AWS call recorded"
    assert clean["emails"] or clean["orders"] or clean["documents"] or clean["refunds"], (
        f"{flow}: the clean run did nothing visible"
    )
    lost = duplicated = 0
    failures = []
    for index, call in enumerate(points):
        # WHEN the same flow runs for a fresh candidate with that one call failing, then recovers
        world.faults.calls, world.faults.fail_at, world.faults.mode, world.live = [], index, mode, False
        cid = run(world, index + 1)
        world.faults.fail_at = None
        world.deliver()
        # THEN its end state is the clean run's
        faulted = end_state(world, cid)
        world.forget()
        missing, extra = compare(clean, faulted)
        lost += missing
        duplicated += extra
        if missing or extra:
            differing = [part for part in clean if sorted(clean[part]) != sorted(faulted[part])]
            failures.append(f"#{index} {call}: {missing} lost, {extra} duplicated (in {', '.join(differing)})")
    assert dead_letters(world) == 0
    record_property(
        "faults", {"flow": flow, "mode": mode, "points": len(points), "lost": lost, "duplicated": duplicated}
    )
    assert not failures, f"{flow} ({mode}): " + "; ".join(failures)


def test_a_repeated_delivery_repairs_a_delivery_that_stopped_after_the_store(world: World):
    """The case that motivated the event path: the fact is stored, then the function stops before
    the evaluation is asked for. The partner's retry (a repeat, answered 200) repairs the derived
    state, the kit, the certificate and the email."""
    from partners.service import record_exam_result

    cid = candidate(1)
    world.deliver()
    # the third call of a delivery: profile GetItem, the transaction, then the evaluation's SendMessage
    world.faults.calls, world.faults.fail_at, world.faults.mode = [], 2, "before"
    with pytest.raises(EndpointConnectionError), world.faults.code_under_test():
        record_exam_result(exam_result(cid))
    assert world.faults.calls == ["dynamodb:GetItem", "dynamodb:TransactWriteItems", "sqs:SendMessage"]
    world.faults.fail_at = None
    world.deliver()
    # the fact is stored, nothing derived from it
    assert repo.table.get(repo.candidate_key(cid, keys.certification("ccna"))) is None
    # WHEN the partner delivers it again
    _, created = record_exam_result(exam_result(cid))
    assert created is False
    world.deliver()
    # THEN everything the first delivery should have caused is there, once
    state = repo.table.get(repo.candidate_key(cid, keys.certification("ccna")))
    assert state["status"] == "active"
    assert state["gsi2pk"] == keys.expirations_on(state["expires_on"])
    kit = repo.table.get(repo.candidate_key(cid, keys.kit("ccna-kit")))
    assert kit["status"] == "pending"
    assert end_state(world, cid)["emails"] == ["Congratulations on CCNA: claim your kit"]
    assert any("/certificates/" in d for d in end_state(world, cid)["documents"])


def test_the_flows_reach_the_evaluator_every_consumer_fulfillment_and_the_notifier(world: World):
    for number, run in enumerate(FLOWS.values()):
        world.live = False
        run(world, number)
        world.deliver()
    assert world.invoked >= {
        "EvaluatorFunction",
        "KitEventsFunction",
        "BenefitEventsFunction",
        "DocumentsFunction",
        "NotificationEventsFunction",
        "NotifierFunction",
        "FulfillmentFunction",
    }
