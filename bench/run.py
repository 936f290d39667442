"""`make bench`: the figures the README quotes, as a plain-text report + bench/results/latest.json.

1. AWS round trips per request, every route of every feature (moto in-process).
2. Cold start per function against a bare boto3 baseline (fresh interpreters).
3. Local HTTP latency of GET /me and GET /health (the local system over HTTP).
4. The reminders job's reads and time among 10,000 and 100,000 candidates.
5. Partner ingestion in-process: the partner's request (store + queue) per result, and the
   evaluator's own cost per result (AWS calls, ms).
6. Certificate PDFs: ms and bytes each, fpdf2 (used) against reportlab.
7. Partner delivery on the local system: from the 201 to the certification in GET /me/certifications,
   and to the derived state (kit Pending, activity on the landing page); median and p95 of 50.
8. Digital badges in-process: AWS calls and time per credential issued, joserfc verifications per
   second against the JWKS, the Bitstring Status List's encoded size (131,072 entries).
9. SnapStart hooks: the first request without and with the before-snapshot/after-restore hooks.
10. The monthly AWS bill for 10k, 100k and 1M candidates, priced from part 1's calls, sizes and times.
11. The portal per page in Chromium: requests, bytes, JavaScript, time to data; first and repeat view.
12. What gets deployed: the common layer's and the functions' package sizes.
13. The payments sweep's reads and time among 2,000 and 20,000 booked appointments.

Run from the repository root: `make bench` (or `PYTHONPATH=functions:infra/local .venv/bin/python
bench/run.py`; the paths are added here too). `--runs N` changes the cold-start sample count;
`--only delivery,ingestion` runs those parts alone (results in bench/results/only-<parts>.json).
"""

import argparse
import json
import os
import platform
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import badge_issuance
import coldstart
import cost
import delivery
import ingestion
import latency
import payments_sweep
import pdf
import reminders_scale
import roundtrips
import sizes
import snapstart
from common import ROOT, ensure_paths, verdict

import portal

RESULTS = ROOT / "bench" / "results" / "latest.json"
COMMAND = "make bench   (= PYTHONPATH=functions:infra/local .venv/bin/python bench/run.py)"
RULE = "=" * 100


def _services(rows: list[roundtrips.Row]) -> dict[str, list[str]]:
    """Clients each function creates at cold start: the services its requests were seen calling in
    part 1 (the route's calls for a feature, the authorizer's calls for the authorizer)."""
    seen: dict[str, set[str]] = {}
    for row in rows:
        seen.setdefault(row.feature, set()).update(s for _, s, _, _ in row.route)
        seen.setdefault("authorizer", set()).update(s for _, s, _, _ in row.authorizer)
    return {name: sorted(s, key=lambda x: (x != "dynamodb", x)) for name, s in seen.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=coldstart.RUNS, help="cold-start runs per function (median)")
    parser.add_argument("--only", default="", help="comma-separated part keys (e.g. delivery,ingestion)")
    args = parser.parse_args()
    ensure_paths()
    began = time.monotonic()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    print(RULE)
    print("certtrack benchmarks")
    print(f"command: {COMMAND}")
    print(
        f"at {started_at}  python {platform.python_version()}  {platform.machine()}  "
        f"{os.cpu_count()} CPU(s)  {platform.platform(terse=True)}  "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(RULE, flush=True)

    verdicts: list[tuple[str, bool]] = []
    data: dict = {"command": "make bench", "started_at": started_at, "python": platform.python_version()}

    services: dict[str, list[str]] = {}
    measured: dict = {}  # part 1's result, which part 10 prices

    def part_1() -> tuple[str, list, dict]:
        result = roundtrips.run()
        measured.update(result)
        services.update(_services(result["rows"]))
        return roundtrips.report(result)

    parts = [
        ("round_trips", "1. AWS round trips", part_1),
        ("cold_start", "2. Cold start", lambda: coldstart.report(coldstart.run(services, runs=args.runs))),
        ("latency", "3. Local HTTP latency", lambda: latency.report(latency.run())),
        ("reminders", "4. Reminders job as the data grows", lambda: reminders_scale.report(reminders_scale.run())),
        ("ingestion", "5. Partner ingestion", lambda: ingestion.report(ingestion.run())),
        ("pdf", "6. Certificate PDF", lambda: pdf.report(pdf.run())),
        ("delivery", "7. Partner delivery to the candidate's view", lambda: delivery.report(delivery.run())),
        ("badges", "8. Digital badges", lambda: badge_issuance.report(badge_issuance.run())),
        ("snapstart", "9. SnapStart hooks", lambda: snapstart.report(snapstart.run())),
        ("cost", "10. The monthly AWS bill", lambda: cost.report(cost.run(measured or roundtrips.run()))),
        ("portal", "11. The portal's weight", lambda: portal.report(portal.run())),
        ("sizes", "12. What gets deployed", lambda: sizes.report(sizes.run())),
        (
            "payments_sweep",
            "13. Payments sweep as the data grows",
            lambda: payments_sweep.report(payments_sweep.run()),
        ),
    ]
    only = [key for key in args.only.split(",") if key]
    unknown = set(only) - {key for key, _, _ in parts}
    if unknown:
        parser.error(f"--only: no part {', '.join(sorted(unknown))} (parts: {', '.join(k for k, _, _ in parts)})")
    if only:
        parts = [part for part in parts if part[0] in only]
        data["only"] = only
    for key, title, part in parts:
        t = time.monotonic()
        try:
            text, v, d = part()
        except Exception:  # a part that cannot run is a MISS with its cause, and the others still run
            text = f"{title}: FAILED\n" + "\n".join("   " + line for line in traceback.format_exc().splitlines())
            v, d = [(f"{title} ran", False)], {"error": traceback.format_exc()}
        print(text + f"\n   ({time.monotonic() - t:.1f} s)\n", flush=True)
        verdicts += v
        data[key] = d

    passed = sum(ok for _, ok in verdicts)
    print(RULE)
    print(f"summary: {passed}/{len(verdicts)} targets met")
    for name, ok in verdicts:
        print(f"  {verdict(ok)}  {name}")
    elapsed = time.monotonic() - began
    data["verdicts"] = [{"target": name, "pass": ok} for name, ok in verdicts]
    data["elapsed_s"] = round(elapsed, 1)
    results = RESULTS.with_name(f"only-{'-'.join(only)}.json") if only else RESULTS
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(data, indent=2, default=str) + "\n")
    command = f"PYTHONPATH=functions:infra/local .venv/bin/python bench/run.py --only {args.only}" if only else COMMAND
    print(f"total {elapsed:.0f} s; results in {results.relative_to(ROOT)}; produced by: {command}")
    print(RULE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
