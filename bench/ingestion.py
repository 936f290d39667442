"""5. Partner ingestion in-process (moto): the write path as it now is, in its two halves.

- The partner's request: `partners.service.record_exam_result` (catalog and date checks, the profile
  `GetItem`, one transaction storing pointer + fact + outbox event + the evaluation counter, and the
  "evaluate candidate" message to the FIFO queue). This is what a partner waits for.
- The evaluator's own cost per result: `certs.evaluation.evaluate(candidate_id)` run after each
  result, as the evaluator function does for the message that result queued (one `Query` of the
  candidate's partition, the derived items in one guarded transaction when anything changed, the
  events on the EventBridge bus, the outbox items deleted). Not included: the event consumers (kits,
  benefits, documents, notifications), which run on their own queues.

200 CCNA-track passes over 20 candidates (each ends with 10 facts); AWS calls are counted per phase
with a `before-call` hook on the layer's clients; time inside moto's DynamoDB backend is measured
apart from the code's own (moto deep-copies its tables for every transaction).
"""

import os
import time
from collections import Counter
from datetime import date, timedelta
from typing import Any

from common import BASE_ENV, MotoTime, ensure_paths, table, verdict

RESULTS = 200
CANDIDATES = 20
#: Issue 11's target for the partner's request: profile GetItem, the transaction, the SQS send.
TARGET_CALLS = 3
CODES = ["200-301", "350-401", "300-410", "300-415", "200-201", "350-701", "300-710", "200-901"]


def run() -> dict[str, Any]:
    ensure_paths()
    import boto3
    from moto import mock_aws

    os.environ.update(BASE_ENV)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    with mock_aws():
        from certtrack import aws
        from certtrack.accounts import repository as repo
        from certtrack.settings import get_settings
        from certtrack_local import atomic, resources

        atomic.install()
        physical = resources.create(boto3.session.Session(region_name="us-east-1"))
        os.environ.update(resources.function_environment(physical))
        get_settings.cache_clear()
        aws.reset_clients()
        for n in range(CANDIDATES):
            profile = repo.profile_item(
                f"CSCO7{n:07d}", email=f"i{n}@example.com", first_name="I", last_name=str(n), country="US"
            )
            repo.table.transact(repo.create_candidate_ops(profile))
        from certtrack.certs import evaluation
        from partners.models import ExamResultIn
        from partners.service import record_exam_result

        phase = ["warm-up"]
        calls: dict[str, Counter[str]] = {"request": Counter(), "evaluator": Counter(), "warm-up": Counter()}

        def hook(model: Any, **_: Any) -> None:
            calls[phase[0]][f"{model.service_model.service_name}.{model.name}"] += 1

        for service in ("dynamodb", "sqs", "events", "s3"):
            aws.client(service).meta.events.register("before-call", hook)
        start = date(2020, 1, 1)
        bodies = [
            ExamResultIn(
                result_id=f"B{i}",
                candidate_id=f"CSCO7{i % CANDIDATES:07d}",
                exam_code=CODES[i % len(CODES)],
                taken_on=start + timedelta(days=7 * i),
                score=900,
                passing_score=825,
                passed=True,
            )
            for i in range(RESULTS)
        ]
        # warm: imports, the catalog, the rules engine
        record_exam_result(bodies[0])
        evaluation.evaluate(bodies[0].candidate_id)
        seconds = {"request": 0.0, "evaluator": 0.0}
        moto_seconds = {"request": 0.0, "evaluator": 0.0}
        for body in bodies[1:]:
            for name, step in (
                ("request", lambda body=body: record_exam_result(body)),
                ("evaluator", lambda body=body: evaluation.evaluate(body.candidate_id)),
            ):
                phase[0] = name
                with MotoTime() as moto:
                    t = time.perf_counter()
                    step()
                    seconds[name] += time.perf_counter() - t
                moto_seconds[name] += moto.seconds
        phase[0] = "warm-up"
    n = RESULTS - 1
    return {
        "results": n,
        "seconds": seconds,
        "moto_seconds": moto_seconds,
        "per_result": {name: {k: v / n for k, v in sorted(calls[name].items())} for name in ("request", "evaluator")},
    }


def report(result: dict[str, Any]) -> tuple[str, list[tuple[str, bool]], dict[str, Any]]:
    n = result["results"]
    request_calls = sum(result["per_result"]["request"].values())
    ok = request_calls <= TARGET_CALLS
    rows = []
    for name, what in (("request", "partner's request"), ("evaluator", "evaluator")):
        total, moto = result["seconds"][name], result["moto_seconds"][name]
        own = total - moto
        rows.append(
            [
                what,
                f"{sum(result['per_result'][name].values()):.2f}",
                f"{total * 1000 / n:.1f}",
                f"{moto * 1000 / n:.1f}",
                f"{own * 1000 / n:.1f}",
                f"{n / own:.0f}",
                ", ".join(f"{k} {v:.2f}" for k, v in result["per_result"][name].items()),
            ]
        )
    text = "\n".join(
        [
            f"5. Partner ingestion in-process: {n} exam results over {CANDIDATES} candidates (moto in-process);",
            "   the partner's request (record_exam_result: checks, profile GetItem, one transaction, the evaluation",
            "   queued) and, after each, the evaluator's run for that candidate (evaluate: one Query, the derived",
            "   items' guarded transaction, the events on the bus); the event consumers are not included.",
            "",
            table(
                rows,
                ["half", "AWS calls/result", "ms/result", "in moto ms", "own ms", "own results/s", "calls"],
            ),
            "",
            f"   target  partner's request <= {TARGET_CALLS} AWS calls -> {request_calls:.2f}  {verdict(ok)}",
        ]
    )
    return text, [(f"ingestion: partner's request <= {TARGET_CALLS} AWS calls per result", ok)], result
