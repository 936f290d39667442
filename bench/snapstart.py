"""What the SnapStart hooks move out of the first request (`certtrack.snapstart`).

Each sample is a fresh interpreter with the embedded AWS (moto, in-process) and the local stage's
resources: it imports one function's module, then either runs nothing ("cold") or the
before-snapshot hook followed by the after-restore hook ("restored": what a SnapStart environment
has done before its first request; Lambda takes the snapshot between the two), then times the first
and the second request through `chalice.test.Client`. The difference between the two first requests
is what the hooks moved out of it; the hooks' own time is what each version publish (before) and each
restore (after) costs instead. Public routes only (no token to mint in a bare interpreter); the
routes below cover the catalog, DynamoDB reads and KMS.
"""

import re
import subprocess
import sys
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from common import BASE_ENV, ROOT, clean_env, percentile, table

RUNS = 3

#: (function, route): public routes that reach the catalog, DynamoDB and (transcripts) a second service.
ROUTES = [
    ("health", "/health"),
    ("certifications", "/catalog/certifications"),
    ("verify", "/verify/certificates/CT-BENCH-0000"),
    ("scheduling", f"/exams/200-301/availability?country=US&from={date.today() + timedelta(days=7)}"),
]

_CODE = """\
import os, time
import boto3
from moto import mock_aws
with mock_aws():
    from certtrack_local import resources
    os.environ.update(resources.function_environment(resources.create(boto3.session.Session(region_name="us-east-1"))))
    # the emulator's own first-call work (it parses botocore's service files) kept out of both timings
    key = {{"pk": {{"S": "warm"}}, "sk": {{"S": "warm"}}}}
    boto3.client("dynamodb", region_name="us-east-1").get_item(TableName=os.environ["TABLE_NAME"], Key=key)
    import {module} as function
    from chalice.test import Client
    from certtrack import snapstart
    t0 = time.perf_counter()
    if {hooks}:
        snapstart.before_snapshot()
    t1 = time.perf_counter()
    if {hooks}:
        snapstart.after_restore()
    t2 = time.perf_counter()
    with Client(function.app, "local", {root!r}) as client:
        t3 = time.perf_counter()
        status = client.http.get({path!r}).status_code
        t4 = time.perf_counter()
        client.http.get({path!r})
        t5 = time.perf_counter()
    print("BENCH", status, (t1 - t0) * 1000, (t2 - t1) * 1000, (t4 - t3) * 1000, (t5 - t4) * 1000)
"""


def _once(module: str, path: str, hooks: bool) -> tuple[int, float, float, float, float]:
    code = _CODE.format(module=module, hooks=hooks, root=str(ROOT), path=path)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean_env(**BASE_ENV), capture_output=True, text=True, timeout=180
    )
    match = re.search(r"^BENCH (\d+) (\S+) (\S+) (\S+) (\S+)$", done.stdout, re.M)
    if done.returncode != 0 or not match:
        raise RuntimeError(f"snapstart sample of {module} {path} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    status, *times = match.groups()
    return int(status), *(float(t) for t in times)  # type: ignore[return-value]


def run(runs: int = RUNS) -> dict[str, Any]:
    samples: dict[tuple[str, bool], list[tuple[int, float, float, float, float]]] = defaultdict(list)
    for _ in range(runs):  # interleaved, so that machine noise hits both variants alike
        for function, path in ROUTES:
            for hooks in (False, True):
                samples[(function, hooks)].append(_once(f"{function}.app", path, hooks))
    rows = []
    for function, path in ROUTES:
        cold, restored = samples[(function, False)], samples[(function, True)]
        rows.append(
            {
                "function": function,
                "route": f"GET {path}",
                "status": sorted({s[0] for s in cold + restored}),
                "cold_first_ms": percentile([s[3] for s in cold], 50),
                "cold_second_ms": percentile([s[4] for s in cold], 50),
                "restored_first_ms": percentile([s[3] for s in restored], 50),
                "restored_second_ms": percentile([s[4] for s in restored], 50),
                "before_snapshot_ms": percentile([s[1] for s in restored], 50),
                "after_restore_ms": percentile([s[2] for s in restored], 50),
            }
        )
    return {"runs": runs, "rows": rows}


def report(result: dict[str, Any]) -> tuple[str, list[tuple[str, bool]], dict[str, Any]]:
    lines = [
        "9. SnapStart hooks: the first request after import, without hooks (cold) and after the",
        f"   before-snapshot + after-restore hooks (restored); moto in-process, median of {result['runs']} fresh",
        "   interpreters each, interleaved. 'moved' = cold first - restored first.",
        "",
        table(
            [
                [
                    r["function"],
                    r["route"],
                    "/".join(str(s) for s in r["status"]),
                    f"{r['cold_first_ms']:.1f}",
                    f"{r['restored_first_ms']:.1f}",
                    f"{r['cold_first_ms'] - r['restored_first_ms']:.1f}",
                    f"{r['cold_second_ms']:.1f} / {r['restored_second_ms']:.1f}",
                    f"{r['before_snapshot_ms']:.0f}",
                    f"{r['after_restore_ms']:.1f}",
                ]
                for r in result["rows"]
            ],
            [
                "function",
                "route",
                "status",
                "cold 1st ms",
                "restored 1st ms",
                "moved ms",
                "2nd ms (cold/restored)",
                "before-snapshot ms",
                "after-restore ms",
            ],
        ),
        "   before-snapshot: paid once per published version (not by requests); after-restore: once per",
        "   restored environment. The import itself (part 2) is in the snapshot too: a restore replaces it.",
    ]
    return "\n".join(lines), [], result


if __name__ == "__main__":
    text, _, _ = report(run(int(sys.argv[1]) if len(sys.argv) > 1 else RUNS))
    print(text)
