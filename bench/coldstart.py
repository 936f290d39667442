"""Cold start per function: import + initialisation in a fresh interpreter, against a boto3 baseline.

Each measurement is a new `python -c` process that times (perf_counter) importing the function's
module and creating the boto3 clients it uses through the layer (`certtrack.aws.client`), which is
what a Lambda instance does before and during its first request. The baseline, measured in the same
run and interleaved with the functions (so that machine noise hits all alike), is a bare
`import boto3` + one `boto3.client("dynamodb", region_name="us-east-1")`. Interpreter start-up itself
is outside both timers. One discarded round first compiles the bytecode caches.
"""

import re
import subprocess
import sys
from collections import defaultdict
from typing import Any

from common import BASE_ENV, ROOT, clean_env, feature_names, percentile, table, verdict

RUNS = 7
TARGET_RATIO = 1.15
AUTHORIZER = "certtrack.authorizer"
BASELINE = "baseline"

#: What the functions need for settings to load (names are never contacted: no call is made).
FUNCTION_ENV = {
    **BASE_ENV,
    "TABLE_NAME": "certtrack-bench-table",
    "USER_POOL_ID": "us-east-1_bench",
    "USER_POOL_CLIENT_ID": "benchclient",
    "POWERTOOLS_SERVICE_NAME": "certtrack",
    "POWERTOOLS_METRICS_NAMESPACE": "certtrack",
    "PYDANTIC_DISABLE_PLUGINS": "__all__",
}

_FUNCTION = """\
import time
t0 = time.perf_counter()
for module in {modules!r}:
    __import__(module)  # (not importlib.import_module: -X importtime would not show the module itself)
t1 = time.perf_counter()
from certtrack import aws
for service in {services!r}:
    aws.client(service)
t2 = time.perf_counter()
print("BENCH", (t1 - t0) * 1000, (t2 - t1) * 1000)
"""

_BASELINE = """\
import time
t0 = time.perf_counter()
import boto3
t1 = time.perf_counter()
boto3.client("dynamodb", region_name="us-east-1")
t2 = time.perf_counter()
print("BENCH", (t1 - t0) * 1000, (t2 - t1) * 1000)
"""


def _code(target: str, services: list[str]) -> str:
    """`target`: the module to import, or several separated by "+" (a module and what it imports lazily)."""
    return _BASELINE if target == BASELINE else _FUNCTION.format(modules=target.split("+"), services=services)


def _run(code: str, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *flags, "-c", code],
        cwd=ROOT,
        env=clean_env(**FUNCTION_ENV),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _once(target: str, services: list[str]) -> tuple[float, float]:
    done = _run(_code(target, services))
    match = re.search(r"^BENCH (\S+) (\S+)$", done.stdout, re.M)
    if done.returncode != 0 or not match:
        raise RuntimeError(f"cold start of {target} failed:\n{done.stdout}\n{done.stderr}")
    return float(match.group(1)), float(match.group(2))


#: Informational rows (no target): a function's module plus what its first request imports lazily.
_SIGNING = "cryptography.hazmat.primitives.serialization+cryptography.hazmat.primitives.asymmetric.utils"
INFORMATIONAL = [
    ("authorizer 1st call", f"{AUTHORIZER}+certtrack.auth", "authorizer"),
    ("badges 1st signature", f"badges.app+{_SIGNING}", "badges"),
    ("transcripts 1st signature", f"transcripts.app+{_SIGNING}", "transcripts"),
]


def targets() -> list[tuple[str, str]]:
    """(label, module) per function: each feature's `<feature>.app`, then the authorizer's module."""
    return [(name, f"{name}.app") for name in feature_names()] + [("authorizer", AUTHORIZER)]


def importtime(target: str, services: list[str]) -> list[tuple[str, int, int, int]]:
    """`python -X importtime` of one cold start: (module, depth, self us, cumulative us)."""
    done = _run(_code(target, services), "-X", "importtime")
    out = []
    for line in done.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            out.append((m.group(4), len(m.group(3)) // 2, int(m.group(1)), int(m.group(2))))
    return out


def run(services: dict[str, list[str]], runs: int = RUNS) -> dict[str, Any]:
    """`services`: the boto3 clients each function label creates (e.g. {"auth": ["cognito-idp"]})."""
    plan = [(BASELINE, BASELINE, [])] + [(label, module, services.get(label, [])) for label, module in targets()]
    plan += [(label, module, services.get(of, [])) for label, module, of in INFORMATIONAL]
    informational = {label for label, _, _ in INFORMATIONAL}
    samples: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for round_ in range(runs + 1):
        for label, module, svc in plan:
            sample = _once(module, svc)
            if round_ > 0:  # round 0 warms the bytecode caches
                samples[label].append(sample)

    def stats(label: str) -> dict[str, Any]:
        total = [a + b for a, b in samples[label]]
        return {
            "median_ms": percentile(total, 50),
            "import_ms": percentile([a for a, _ in samples[label]], 50),
            "clients_ms": percentile([b for _, b in samples[label]], 50),
            "min_ms": min(total),
            "max_ms": max(total),
            "runs_ms": [round(t, 1) for t in total],
        }

    base = stats(BASELINE)
    functions = []
    for label, module, svc in plan[1:]:
        s = stats(label)
        s.update(label=label, module=module, services=svc, ratio=s["median_ms"] / base["median_ms"])
        s["pass"] = None if label in informational else s["ratio"] <= TARGET_RATIO
        functions.append(s)
    slowest = max((f for f in functions if f["pass"] is not None), key=lambda f: f["median_ms"])
    profile = importtime(slowest["module"], slowest["services"])
    baseline_profile = importtime(BASELINE, [])
    for f in functions:
        if f["pass"] is False:
            f["breakdown"] = _breakdown(
                importtime(f["module"], f["services"]), baseline_profile, f["module"].split(".")[0]
            )
    return {
        "runs": runs,
        "baseline": base,
        "functions": functions,
        "slowest": slowest["label"],
        "importtime": profile,
        "importtime_baseline": baseline_profile,
    }


def _beyond_baseline(profile: list[tuple[str, int, int, int]], baseline: list[tuple[str, int, int, int]]) -> list:
    """Self time per top-level package that the baseline never imports: what the function adds."""
    seen = {name.split(".")[0] for name, *_ in baseline}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name, _, self_us, _ in profile:
        top = name.split(".")[0]
        if top not in seen:
            totals[top][0] += self_us
            totals[top][1] += 1
    return sorted(((k, v[0], v[1]) for k, v in totals.items()), key=lambda t: -t[1])


#: Packages reported together: pydantic with the packages it always brings, Powertools, Chalice.
_GROUPS = {
    "pydantic": "pydantic",
    "pydantic_core": "pydantic",
    "annotated_types": "pydantic",
    "typing_inspection": "pydantic",
    "typing_extensions": "pydantic",
    "aws_lambda_powertools": "powertools",
    "chalice": "chalice",
}

#: Why a function imports a group at all: the line printed under each function over the target.
WHY = {
    "pydantic": "the models it validates (requests, answers, stored items, messages): classes defined at import",
    "powertools": "the logger and metrics of every function; SQS workers add the batch utilities (partial failures)",
    "chalice": "the router and the authorizer's blueprint",
    "certtrack.store.items": "the item kinds its code reads and writes",
    "certtrack.store": "the DynamoDB/S3/SQS adapters its routes call",
    "certtrack.catalog": "the catalog's pydantic models (certifications, exams), read by most routes",
    "certtrack.rules": "the rules engine: certifications are evaluated from the facts on read",
    "certtrack.certs": "certification events, evaluation and certificates",
    "certtrack.accounts": "the account and address models (countries, postal codes, P.O. Box rules)",
    "certtrack.models": "the shared API models",
    "certtrack.documents": "the PDF builders' shared text helpers",
    "certtrack.badges": "badge credentials and their JWS",
    "certtrack.scheduling": "seat inventory, appointments and payment rules",
    "certtrack.web": "the route decorator and the error contract",
    "cryptography": "the ES256 signatures of badges and transcripts (KMS public key, JWS)",
}


def _group(module: str, feature: str) -> str:
    parts = module.split(".")
    if parts[0] in _GROUPS:
        return _GROUPS[parts[0]]
    if parts[0] == "certtrack":
        if parts[1:2] == ["store"] and len(parts) > 2 and parts[2] == "items":
            return "certtrack.store.items"
        return ".".join(parts[:2])
    if parts[0] == feature:
        return f"{feature} (own)"
    return parts[0]


def _owner(profile: list[tuple[str, int, int, int]], index: int) -> str:
    """The module a row's cost belongs to: itself, or for a standard-library module the nearest
    importer outside the standard library (asyncio is the batch utilities' cost, email the layer's)."""
    name, depth = profile[index][0], profile[index][1]
    if name.split(".")[0] not in sys.stdlib_module_names:
        return name
    for later, later_depth, _, _ in profile[index + 1 :]:  # -X importtime prints a module after its imports
        if later_depth < depth:
            name, depth = later, later_depth
            if name.split(".")[0] not in sys.stdlib_module_names:
                return name
    return name


def _breakdown(
    profile: list[tuple[str, int, int, int]], baseline: list[tuple[str, int, int, int]], feature: str
) -> dict[str, Any]:
    """What one missing function adds to the baseline, by group (pydantic, powertools, chalice, the
    layer's sub-packages, the feature's own modules, other third-party packages; a standard-library
    module counts for the package that imported it) and by module: the bench's answer to "which
    module costs what" for every function over the target, not only the slowest."""
    seen = {name for name, *_ in baseline}
    groups: dict[str, int] = defaultdict(int)
    modules = []
    for index, (name, _, self_us, _) in enumerate(profile):
        if name in seen:
            continue
        groups[_group(_owner(profile, index), feature)] += self_us
        modules.append((name, self_us))
    ranked = sorted(groups.items(), key=lambda kv: -kv[1])
    why = [f"{name}: {WHY[name]}" for name, _ in ranked[:4] if name in WHY]
    return {
        "added_us": sum(groups.values()),
        "packages": ranked[:10],
        "modules": sorted(modules, key=lambda kv: -kv[1])[:5],
        "why": "; ".join(why),
    }


def report(result: dict[str, Any]) -> tuple[str, list[tuple[str, bool]], dict[str, Any]]:
    base = result["baseline"]
    lines = [
        f"2. Cold start: import + client creation in a fresh interpreter, median of N={result['runs']} runs each",
        "   (interleaved with the baseline; one discarded warm-up round). Clients: the services each",
        "   function's requests called in part 1, created through certtrack.aws.client. Target: <= "
        f"{TARGET_RATIO:.2f}x the baseline.",
        "",
    ]
    rows = [
        [
            "baseline",
            "import boto3 + boto3.client('dynamodb')",
            "dynamodb",
            f"{base['median_ms']:.1f}",
            f"{base['import_ms']:.1f}",
            f"{base['clients_ms']:.1f}",
            f"{base['min_ms']:.0f}-{base['max_ms']:.0f}",
            "1.00x",
            "",
        ]
    ]
    verdicts = []
    for f in result["functions"]:
        rows.append(
            [
                f["label"],
                f["module"],
                "+".join(f["services"]) or "(none used)",
                f"{f['median_ms']:.1f}",
                f"{f['import_ms']:.1f}",
                f"{f['clients_ms']:.1f}",
                f"{f['min_ms']:.0f}-{f['max_ms']:.0f}",
                f"{f['ratio']:.2f}x",
                "(informational)" if f["pass"] is None else f"<= {TARGET_RATIO:.2f}x: {verdict(f['pass'])}",
            ]
        )
        if f["pass"] is not None:
            verdicts.append((f"cold start {f['label']} <= {TARGET_RATIO:.2f}x baseline ({f['ratio']:.2f}x)", f["pass"]))
    lines.append(
        table(
            rows,
            ["function", "module", "clients", "median ms", "import", "clients", "range", "ratio", "target"],
        )
    )
    if any(f["pass"] is None for f in result["functions"]):
        lines.append(
            "   'authorizer 1st call' adds certtrack.auth (jwt, cryptography, the login's item model), which jwt_auth\n"
            "   imports on its first call: in Lambda that cost still lands in the cold invocation, after the import.\n"
            "   '<function> 1st signature' adds cryptography, which certtrack.badges.jws imports where a route signs\n"
            "   or publishes a key (badge issuance and JWKS, a transcript's public view), not to list stored ones."
        )
    profile = result["importtime"]
    slowest = next(f for f in result["functions"] if f["label"] == result["slowest"])
    top = sorted(profile, key=lambda p: -p[3])[:15]
    lines += [
        "",
        f"   python -X importtime, slowest function ({slowest['label']}: import {slowest['module']} + "
        f"{'+'.join(slowest['services']) or 'no'} clients), one run, top 15 by cumulative time:",
        table(
            [[f"{c / 1000:.1f}", f"{s / 1000:.1f}", "  " * d + n] for n, d, s, c in top],
            ["cumul ms", "self ms", "module (indented by nesting)"],
            indent="     ",
        ),
    ]
    extra = _beyond_baseline(profile, result["importtime_baseline"])
    if extra:
        total = sum(us for _, us, _ in extra)
        lines += [
            "",
            f"   packages the baseline never imports: {total / 1000:.1f} ms of self time in total, by package:",
            table(
                [[name, f"{us / 1000:.1f}", n] for name, us, n in extra[:12]],
                ["package", "self ms", "modules"],
                indent="     ",
            ),
        ]
    seen = {name.split(".")[0] for name, *_ in result["importtime_baseline"]}
    own = sorted((p for p in profile if p[0].split(".")[0] not in seen), key=lambda p: -p[2])[:12]
    if own:
        lines += [
            "",
            "   modules the baseline never imports, top 12 by self time:",
            table(
                [[f"{s / 1000:.1f}", f"{c / 1000:.1f}", n] for n, _, s, c in own],
                ["self ms", "cumul ms", "module"],
                indent="     ",
            ),
        ]
    missing = [f for f in result["functions"] if f.get("breakdown")]
    if missing:
        lines += [
            "",
            "   every function over the target: what its cold start imports beyond the baseline's modules",
            "   (python -X importtime, one run each, self time, a standard-library module counted for the package",
            "   that imported it; the timer's overhead inflates the figures by about a third, so compare them with",
            "   each other rather than with the medians above), then why it needs the costliest groups:",
        ]
        for f in missing:
            b = f["breakdown"]
            lines += [
                f"     {f['label']} ({f['ratio']:.2f}x): +{b['added_us'] / 1000:.0f} ms: "
                + ", ".join(f"{n} {us / 1000:.0f}" for n, us in b["packages"]),
                "       top modules: " + ", ".join(f"{n} {us / 1000:.0f}" for n, us in b["modules"]),
                f"       why: {b['why']}",
            ]
    data = {
        "runs": result["runs"],
        "target_ratio": TARGET_RATIO,
        "baseline": base,
        "functions": result["functions"],
        "slowest": result["slowest"],
        "importtime_top15": [{"module": n, "depth": d, "self_us": s, "cumulative_us": c} for n, d, s, c in top],
        "beyond_baseline": [{"package": n, "self_us": us, "modules": k} for n, us, k in extra],
    }
    return "\n".join(lines), verdicts, data


if __name__ == "__main__":
    text, _, _ = report(run({}, runs=int(sys.argv[1]) if len(sys.argv) > 1 else RUNS))
    print(text)
