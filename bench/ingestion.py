"""5. Partner ingestion in-process: AWS round trips per exam result and results per second, with
the rules engine re-evaluating the candidate after each one (moto in-process)."""

import json
import os
import time
from collections import Counter
from datetime import date, timedelta
from typing import Any

from common import BASE_ENV, MotoTime, ensure_paths, table

RESULTS = 200
CANDIDATES = 20
CODES = ["200-301", "350-401", "300-410", "300-415", "200-201", "350-701", "300-710", "200-901"]


def run() -> dict[str, Any]:
    ensure_paths()
    import boto3
    from moto import mock_aws

    os.environ.update({**BASE_ENV, "VENDOR_WEBHOOK_SECRET": "bench-secret"})
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
        from partners.models import ExamResultIn
        from partners.service import record_exam_result

        calls: Counter[str] = Counter()

        def hook(model: Any, **_: Any) -> None:
            calls[f"{model.service_model.service_name}.{model.name}"] += 1

        for service in ("dynamodb", "s3"):
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
        record_exam_result(bodies[0])  # warm: imports, the catalog, the PDF library
        calls.clear()
        with MotoTime() as moto:
            t = time.perf_counter()
            for body in bodies[1:]:
                record_exam_result(body)
            elapsed = time.perf_counter() - t
    per_result = {k: v / (RESULTS - 1) for k, v in sorted(calls.items())}
    return {"results": RESULTS - 1, "seconds": elapsed, "moto_seconds": moto.seconds, "per_result": per_result}


def report(result: dict[str, Any]) -> tuple[str, list[tuple[str, bool]], dict[str, Any]]:
    rate = result["results"] / result["seconds"]
    own = result["seconds"] - result["moto_seconds"]
    total = sum(result["per_result"].values())
    rows = [[name, f"{count:.2f}"] for name, count in result["per_result"].items()]
    text = "\n".join(
        [
            f"5. Partner ingestion in-process: {result['results']} exam results over {CANDIDATES} candidates",
            "   (store once + re-evaluate + derived items + score report PDF to S3), moto in-process",
            "",
            table(rows, ["AWS call", "per result"]),
            "",
            f"   {total:.2f} AWS round trips per result; {rate:.0f} results/s in one process "
            f"({result['seconds'] * 1000 / result['results']:.1f} ms each)",
            f"   of which inside moto's DynamoDB {result['moto_seconds'] * 1000 / result['results']:.1f} ms "
            "(it deep-copies the table for every transaction); the code's own time "
            f"{own * 1000 / result['results']:.1f} ms per result = {result['results'] / own:.0f} results/s",
            f"   detail: {json.dumps({k: round(v, 2) for k, v in result['per_result'].items()})}",
        ]
    )
    return text, [], result
