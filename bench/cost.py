"""The monthly AWS bill for a programme of N candidates, from what part 1 measured.

Per HTTP request: the AWS calls part 1 saw each route make (route and authorizer apart), DynamoDB
capacity units from the sizes of the requests and answers part 1 recorded per operation (an upper
bound: the wire format's type tags count as item bytes), and Lambda GB-seconds from each request's
in-process wall time at the template's memory size. Asynchronous work (the evaluator, emails,
badges, certificates) is priced per event from the figures parts 5 and 8 measure, quoted below.
Prices are data (`bench/prices.json`: region, date, source); no free tier is counted, so the
growth with N is the system's and not the price list's.
"""

import json
import math
from pathlib import Path
from typing import Any

from common import table

PRICES = Path(__file__).resolve().parent / "prices.json"
CANDIDATES = (10_000, 100_000, 1_000_000)
MEMORY_GB = 0.5  # infra/template.yaml Globals.Function.MemorySize: 512

#: The activity profile: per candidate per month. A third of the candidates sign in in a month
#: (Cognito bills monthly active users); each sign-in views the pages below (views per sign-in).
ACTIVE_SHARE = 0.3
SIGN_INS_PER_ACTIVE = 1.5
VIEWS_PER_SIGN_IN = {
    ("GET", "/me"): 1.0,
    ("GET", "/me/dashboard"): 1.0,
    ("GET", "/me/certifications"): 0.8,
    ("GET", "/me/certifications/{cert_id}"): 0.3,
    ("GET", "/me/exams"): 0.4,
    ("GET", "/me/continuing-education"): 0.3,
    ("GET", "/me/kits"): 0.2,
    ("GET", "/me/benefits"): 0.1,
    ("GET", "/me/profile"): 0.2,
    ("GET", "/me/badges"): 0.1,
    ("GET", "/me/appointments"): 0.1,
    ("GET", "/me/transcripts"): 0.05,
    ("GET", "/catalog/certifications"): 0.3,
}
#: Per candidate (active or not) per month.
EVENTS_PER_CANDIDATE = {
    ("POST", "/vendor/exam-results"): 0.06,
    ("POST", "/vendor/ce-credits"): 0.2,
    ("POST", "/me/kits/{kit_id}/claim"): 0.01,
    ("POST", "/me/appointments"): 0.05,
    ("GET", "/verify/certificates/{code}"): 0.05,
}
#: The authorizer runs once per token per 5 minutes (API Gateway's cache): a sign-in's visit of
#: up to ten minutes invokes it twice.
AUTHORIZER_PER_SIGN_IN = 2
NEW_CERTIFICATIONS_PER_CANDIDATE = 0.03  # a badge, a certificate PDF and an email each
REMINDER_EMAILS_PER_CANDIDATE = 0.05
#: Asynchronous work per event: (Lambda ms, AWS calls). The evaluator: part 5's 3.62 calls and 66 ms
#: of own code per result; a badge: part 8's 5 calls and 71 ms; an email: the notifier's SQS receive
#: + delete, one SES send, one DynamoDB update; a certificate: one S3 put.
JOBS = {
    "evaluation": (
        70.0,
        {
            "dynamodb.Query": 1,
            "dynamodb.BatchWriteItem": 1,
            "dynamodb.TransactWriteItems": 0.62,
            "events.PutEvents": 1,
            "sqs.ReceiveMessage": 1,
            "sqs.DeleteMessage": 1,
        },
    ),
    "badge": (
        71.0,
        {
            "dynamodb.BatchGetItem": 1,
            "dynamodb.GetItem": 1,
            "dynamodb.UpdateItem": 1,
            "kms.Sign": 1,
            "dynamodb.TransactWriteItems": 1,
            "events.PutEvents": 1,
        },
    ),
    "email": (
        30.0,
        {
            "sqs.SendMessage": 1,
            "sqs.ReceiveMessage": 1,
            "sqs.DeleteMessage": 1,
            "ses.SendEmail": 1,
            "dynamodb.UpdateItem": 1,
        },
    ),
    "certificate": (40.0, {"s3.PutObject": 1, "dynamodb.TransactWriteItems": 1}),
    # part 13: a run with nothing due is its two index queries; a refund it settles, one update
    "payments sweep": (20.0, {"dynamodb.Query": 2}),
    "refund": (10.0, {"dynamodb.UpdateItem": 1}),
}
#: The payments sweep runs every 5 minutes whatever the number of candidates (a fixed cost).
SWEEP_RUNS_PER_MONTH = 12 * 24 * 30
#: Of the bookings, the share cancelled with a refund (each settled by the sweep).
CANCELLED_SHARE = 0.1
ITEMS_PER_CANDIDATE = 40  # profile, address, settings, results, credits, certifications, history, ...
LOG_BYTES_PER_INVOCATION = 1_500  # Powertools' structured lines: the request and its outcome
XRAY_SAMPLED = 0.05  # the default sampling rule beyond its one-per-second reservoir

READS = {"GetItem", "Query", "BatchGetItem", "Scan"}
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"}


def _units(service_op: str, payloads: dict[tuple[str, str], list[int]]) -> tuple[float, float]:
    """(read units, write units) of one DynamoDB call, from the mean sizes part 1 recorded."""
    service, op = service_op.split(".")
    n, sent, answered = payloads.get((service, op), [1, 1024, 4096])
    if op in READS:
        return max(1.0, math.ceil(answered / max(n, 1) / 4096)), 0.0
    if op in WRITES:
        return 0.0, max(1.0, math.ceil(sent / max(n, 1) / 1024))
    if op == "TransactWriteItems":  # each item twice (prepare + commit), at least two items
        return 0.0, 2 * max(2.0, math.ceil(sent / max(n, 1) / 1024))
    return 0.0, 0.0


def _price(calls: dict[str, float], ms: float, invocations: float, http: float, p: dict, payloads: dict) -> dict:
    """Dollars by line for `calls` (service.operation -> count), Lambda time and API requests."""
    lines: dict[str, float] = {}

    def add(line: str, dollars: float) -> None:
        lines[line] = lines.get(line, 0.0) + dollars

    add("API Gateway", http * p["api_gateway_rest"]["per_million_requests"] / 1e6)
    lam = p["lambda"]
    add("Lambda", invocations * lam["per_million_requests"] / 1e6)
    add("Lambda", invocations * MEMORY_GB * max(ms, 1.0) / 1000 * lam["arm64_gb_second"])
    add("CloudWatch Logs", invocations * LOG_BYTES_PER_INVOCATION / 1e9 * p["cloudwatch_logs"]["per_gb_ingested"])
    add("X-Ray", invocations * XRAY_SAMPLED * p["xray"]["per_million_traces_recorded"] / 1e6)
    for call, count in calls.items():
        service, op = call.split(".")
        if service == "dynamodb":
            r, w = _units(call, payloads)
            ddb = p["dynamodb_on_demand"]
            add(
                "DynamoDB",
                count * (r * ddb["per_million_read_request_units"] + w * ddb["per_million_write_request_units"]) / 1e6,
            )
        elif service == "sqs":
            add("SQS", count * p["sqs"]["standard_per_million_requests"] / 1e6)
        elif service == "s3":
            per = (
                p["s3_standard"]["per_thousand_put"]
                if op.startswith(("Put", "Copy"))
                else p["s3_standard"]["per_thousand_get"]
            )
            add("S3", count * per / 1000)
        elif service == "kms":
            kind = "per_ten_thousand_asymmetric" if op in {"Sign", "GetPublicKey"} else "per_ten_thousand_symmetric"
            add("KMS", count * p["kms"][kind] / 10_000)
        elif service == "events":
            add("EventBridge", count * p["eventbridge"]["per_million_custom_events"] / 1e6)
        elif service == "ses":
            add("SES", count * p["ses"]["per_thousand_emails"] / 1000)
    return lines


def run(round_trips: dict[str, Any]) -> dict[str, Any]:
    """`round_trips`: part 1's result (its rows and the payload sizes per operation)."""
    prices = json.loads(PRICES.read_text())
    payloads = round_trips.get("payloads", {})
    rows = {(r.method, r.path): r for r in round_trips["rows"] if r.ok}
    per_candidate: dict[str, float] = {}
    unmeasured: list[str] = []

    def merge(lines: dict[str, float], times: float) -> None:
        for line, dollars in lines.items():
            per_candidate[line] = per_candidate.get(line, 0.0) + dollars * times

    sign_ins = ACTIVE_SHARE * SIGN_INS_PER_ACTIVE
    requests = {("POST", "/auth/login"): sign_ins}
    requests.update({key: sign_ins * v for key, v in VIEWS_PER_SIGN_IN.items()})
    requests.update(EVENTS_PER_CANDIDATE)
    authorizer_calls: dict[str, float] = {}
    for key, times in requests.items():
        row = rows.get(key)
        if row is None:
            unmeasured.append(f"{key[0]} {key[1]}")
            continue
        calls: dict[str, float] = {}
        for _, service, op, _ in row.route:
            calls[f"{service}.{op}"] = calls.get(f"{service}.{op}", 0) + 1
        for _, service, op, _ in row.authorizer:
            authorizer_calls[f"{service}.{op}"] = 1
        merge(_price(calls, row.ms, 1, 1, prices, payloads), times)
    # the authorizer: its own invocations, at the authorizer's measured calls (one GetItem)
    merge(_price(authorizer_calls, 10.0, 1, 0, prices, payloads), sign_ins * AUTHORIZER_PER_SIGN_IN)
    results = (
        EVENTS_PER_CANDIDATE[("POST", "/vendor/exam-results")] + EVENTS_PER_CANDIDATE[("POST", "/vendor/ce-credits")]
    )
    emails = (
        results
        + REMINDER_EMAILS_PER_CANDIDATE
        + NEW_CERTIFICATIONS_PER_CANDIDATE
        + EVENTS_PER_CANDIDATE[("POST", "/me/appointments")]
    )
    for job, times in (
        ("evaluation", results),
        ("badge", NEW_CERTIFICATIONS_PER_CANDIDATE),
        ("certificate", NEW_CERTIFICATIONS_PER_CANDIDATE),
        ("email", emails),
        ("refund", EVENTS_PER_CANDIDATE[("POST", "/me/appointments")] * CANCELLED_SHARE),
    ):
        ms, calls = JOBS[job]
        merge(_price(calls, ms, 1, 0, prices, payloads), times)
    per_candidate["Cognito"] = ACTIVE_SHARE * prices["cognito_essentials"]["per_monthly_active_user"]
    item_bytes = payloads.get(("dynamodb", "GetItem"), [1, 0, 1024])
    item_gb = ITEMS_PER_CANDIDATE * item_bytes[2] / max(item_bytes[0], 1) / 1e9
    per_candidate["DynamoDB"] = (
        per_candidate.get("DynamoDB", 0) + item_gb * prices["dynamodb_on_demand"]["storage_gb_month"]
    )
    fixed = {"KMS": prices["kms"]["key_month"] * 2}  # the badge signing key and the transcript key
    ms, calls = JOBS["payments sweep"]
    for line, dollars in _price(calls, ms, 1, 0, prices, payloads).items():
        fixed[line] = fixed.get(line, 0.0) + dollars * SWEEP_RUNS_PER_MONTH
    bills = []
    for n in CANDIDATES:
        lines = {line: dollars * n + fixed.get(line, 0.0) for line, dollars in per_candidate.items()}
        bills.append({"candidates": n, "lines": lines, "total": sum(lines.values())})
    return {
        "prices": {k: prices[k] for k in ("region", "as_of", "source")},
        "bills": bills,
        "unmeasured": unmeasured,
        "payloads": {f"{s}.{o}": v for (s, o), v in payloads.items()},
    }


def report(result: dict[str, Any]) -> tuple[str, list[tuple[str, bool]], dict[str, Any]]:
    bills = result["bills"]
    names = sorted(bills[-1]["lines"], key=lambda k: -bills[-1]["lines"][k])
    rows = [[name] + [f"{b['lines'][name]:,.2f}" for b in bills] for name in names]
    rows.append(["total"] + [f"{b['total']:,.2f}" for b in bills])
    rows.append(["per candidate"] + [f"{b['total'] / b['candidates']:.5f}" for b in bills])
    dominant = names[0]
    growth = [bills[i + 1]["total"] / bills[i]["total"] for i in range(len(bills) - 1)]
    linear = all(g <= 10.0 + 1e-9 for g in growth)
    p = result["prices"]
    share = bills[-1]["lines"][dominant] / bills[-1]["total"]
    growth_text = ", ".join(f"{g:.2f}x" for g in growth)
    lines = [
        f"10. The monthly AWS bill (USD, {p['region']}, prices of {p['as_of']}: bench/prices.json; no free tier)",
        f"   profile per candidate per month: {ACTIVE_SHARE:.0%} sign in ({SIGN_INS_PER_ACTIVE} sign-ins each, "
        f"{sum(VIEWS_PER_SIGN_IN.values()):.2f} page views per sign-in), "
        + ", ".join(f"{v} {m} {path}" for (m, path), v in EVENTS_PER_CANDIDATE.items())
        + f", {NEW_CERTIFICATIONS_PER_CANDIDATE} new certifications (badge + PDF + email),"
        f" {REMINDER_EMAILS_PER_CANDIDATE} reminders, {CANCELLED_SHARE:.0%} of bookings cancelled and refunded;"
        f" the payments sweep {SWEEP_RUNS_PER_MONTH:,} runs a month (fixed)",
        "   calls per request and Lambda ms: part 1 (moto in-process); DynamoDB units from part 1's sizes per",
        "   operation.",
        "",
        table(rows, ["line"] + [f"N={b['candidates']:,}" for b in bills]),
        "",
        f"   dominant line: {dominant} ({share:.0%} at N={bills[-1]['candidates']:,}); growth per 10x candidates:"
        f" {growth_text} (linear or better: {'PASS' if linear else 'MISS'})",
    ]
    if result["unmeasured"]:
        lines.append(f"   not priced (no 2xx measurement in part 1): {', '.join(result['unmeasured'])}")
    return "\n".join(lines), [("bill grows linearly or better with candidates", linear)], result
