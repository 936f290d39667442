"""4. The daily reminders job as the data grows: the same day's expirations among 10,000 and among
100,000 candidates should cost the same reads and about the same time (it reads the expiration
index, never the candidates)."""

import os
import random
import time
from datetime import date, timedelta
from typing import Any

from common import BASE_ENV, MotoTime, ensure_paths, table, verdict

DAY = date(2027, 6, 1)
EXPIRING = 60
POPULATIONS = (10_000, 100_000)
THRESHOLDS = (180, 90, 60, 30, 7, 1)


def _seed(client: Any, table_name: str, population: int) -> None:
    """`population` candidates holding a certification; EXPIRING of them hit a threshold on DAY."""
    from certtrack.store.table import serialize

    rng = random.Random(population)
    due = {DAY + timedelta(days=t) for t in THRESHOLDS} | {DAY - timedelta(days=1)}
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        if batch:
            client.batch_write_item(RequestItems={table_name: [{"PutRequest": {"Item": i}} for i in batch]})
            batch.clear()

    for n in range(population):
        cid = f"CSCO{n:08d}"
        if n < EXPIRING:
            expires = sorted(due)[n % len(due)]
        else:
            expires = DAY + timedelta(days=rng.randrange(2, 1000))
            while expires in due:
                expires += timedelta(days=1)
        items = [
            {
                "pk": f"CAND#{cid}",
                "sk": "D#CERT#ccna",
                "cert_id": "ccna",
                "candidate_id": cid,
                "name": "CCNA",
                "level": "associate",
                "status": "active",
                "expires_on": expires.isoformat(),
                "ce_in_cycle": 0,
                "ce_required": 30,
                "gsi2pk": f"EXP#{expires.isoformat()}",
                "gsi2sk": f"ccna#{cid}",
            },
        ]
        if n < EXPIRING:
            items += [
                {
                    "pk": f"CAND#{cid}",
                    "sk": "A#PROFILE",
                    "email": f"c{n}@example.com",
                    "first_name": "C",
                    "last_name": str(n),
                    "candidate_id": cid,
                },
                {"pk": f"CAND#{cid}", "sk": "A#SETTINGS", "reminder_emails": True, "email_opt_in": False},
            ]
        for item in items:
            batch.append(serialize(item))
            if len(batch) == 25:
                flush()
    flush()


def run() -> dict[str, Any]:
    ensure_paths()
    import boto3
    from moto import mock_aws

    os.environ.update(BASE_ENV)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    runs = []
    for population in POPULATIONS:
        with mock_aws():
            from certtrack import aws
            from certtrack.settings import get_settings
            from certtrack_local import atomic, resources

            atomic.install()
            physical = resources.create(boto3.session.Session(region_name="us-east-1"))
            os.environ.update(resources.function_environment(physical))
            get_settings.cache_clear()
            aws.reset_clients()
            client = aws.client("dynamodb")
            t = time.perf_counter()
            _seed(client, physical["Table"], population)
            seeded = time.perf_counter() - t
            calls: list[str] = []

            def hook(model: Any, _calls: list[str] = calls, **_: Any) -> None:
                _calls.append(f"{model.service_model.service_name}.{model.name}")

            client.meta.events.register("before-call", hook)
            aws.client("sqs").meta.events.register("before-call", hook)
            from reminders import service

            with MotoTime() as moto:
                t = time.perf_counter()
                summary = service.run(DAY)
                elapsed = time.perf_counter() - t
            reads = [
                c
                for c in calls
                if c.startswith("dynamodb.") and c.split(".")[1] in {"Query", "GetItem", "BatchGetItem", "Scan"}
            ]
            runs.append(
                {
                    "population": population,
                    "seeded_s": seeded,
                    "job_s": elapsed,
                    "moto_s": moto.seconds,
                    "summary": summary,
                    "reads": len(reads),
                    "calls": sorted(set(calls)),
                    "scans": sum("Scan" in c for c in calls),
                }
            )
    return {"runs": runs}


def report(result: dict[str, Any]) -> tuple[str, list[tuple[str, bool]], dict[str, Any]]:
    small, large = result["runs"]
    rows = [
        [
            f"{r['population']:,}",
            str(r["summary"]["due"]),
            str(r["summary"]["queued"]),
            str(r["reads"]),
            f"{r['job_s'] * 1000:.0f}",
            f"{r['moto_s'] * 1000:.0f}",
            f"{(r['job_s'] - r['moto_s']) * 1000:.0f}",
            f"{r['seeded_s']:.0f} s",
        ]
        for r in result["runs"]
    ]
    outside = [r["job_s"] - r["moto_s"] for r in (small, large)]
    ratio = outside[1] / outside[0]
    total_ratio = large["job_s"] / small["job_s"]
    same_reads = small["reads"] == large["reads"]
    text = "\n".join(
        [
            "4. Reminders job as the data grows (moto in-process; the job only: records + queue messages)",
            f"   {EXPIRING} certifications hit a threshold on {DAY}; the other candidates expire on other days.",
            "",
            table(
                rows,
                [
                    "candidates",
                    "due",
                    "queued",
                    "DynamoDB reads",
                    "job ms",
                    "in moto ms",
                    "job less moto ms",
                    "seeding",
                ],
            ),
            "",
            f"   target  same reads at 10,000 and 100,000 candidates -> {small['reads']} vs {large['reads']}  "
            f"{verdict(same_reads)}",
            f"   target  about the same time -> ratio {ratio:.2f} (100,000 / 10,000, the job's own time)  "
            f"{verdict(ratio < 1.5)}",
            f"   wall-clock ratio {total_ratio:.2f}: moto answers an index Query by walking every item of the table",
            "   (its in-memory GSI is not an index), so its share grows with the table; DynamoDB's does not.",
            f"   no Scan: {verdict(large['scans'] == 0)}; calls made: {', '.join(large['calls'])}",
        ]
    )
    verdicts = [
        ("reminders: same reads at 10k and 100k candidates", same_reads),
        ("reminders: time ratio 100k/10k < 1.5", ratio < 1.5),
        ("reminders: no Scan", large["scans"] == 0),
    ]
    return text, verdicts, result
