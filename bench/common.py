"""What the three benchmarks share: paths, the environment functions run with, small statistics."""

import json
import os
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FUNCTIONS = ROOT / "functions"
LOCAL = ROOT / "infra" / "local"
PYTHONPATH = os.pathsep.join([str(FUNCTIONS), str(LOCAL)])

#: The environment of the fast tests (tests/conftest.py BASE_ENV): moto credentials, local stage.
BASE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1",
    "CERTTRACK_STAGE": "local",
    "AUTO_CONFIRM_SIGNUPS": "true",
    "CURSOR_SECRET": "test-cursor-secret",
    # the local stage's development partner secrets, which the embedded Secrets Manager is given
    "PARTNER_SECRETS": json.loads((ROOT / "chalice.json").read_text())["stages"]["local"]["environment_variables"][
        "PARTNER_SECRETS"
    ],
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
}


def ensure_paths() -> None:
    """`functions/` and `infra/local/` importable even when run without the Makefile's PYTHONPATH."""
    for path in (str(LOCAL), str(FUNCTIONS)):
        if path not in sys.path:
            sys.path.insert(0, path)


def feature_names() -> list[str]:
    """Feature folders with an `app.py`, as the local server and the template see them."""
    return sorted(p.parent.name for p in FUNCTIONS.glob("*/app.py") if (p.parent / "__init__.py").exists())


def clean_env(**extra: str) -> dict[str, str]:
    """The parent's environment without any AWS_* (no endpoint leaks in), plus the paths."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["PYTHONPATH"] = PYTHONPATH
    env.update(extra)
    return env


def percentile(values: list[float], pct: float) -> float:
    """Inclusive-method percentile (the median is pct=50)."""
    if len(values) == 1:
        return values[0]
    if pct == 50:
        return statistics.median(values)
    return statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def table(rows: list[list[Any]], header: list[str], indent: str = "  ") -> str:
    """A plain-text table with left-aligned columns."""
    cells = [[str(c) for c in header]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(indent + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append(indent + "  ".join("-" * w for w in widths))
    return "\n".join(lines)


class MotoTime:
    """Time spent inside moto's DynamoDB backend, to tell our code's cost from the emulator's (moto
    deep-copies its tables for every transaction and walks every item for an index query, so its
    share grows with the data; DynamoDB's does not)."""

    CALLS = ("query", "get_item", "put_item", "update_item", "batch_get_item", "transact_write_items")

    def __init__(self) -> None:
        self.seconds = 0.0
        self._originals: dict[str, Any] = {}

    def __enter__(self) -> "MotoTime":
        import time

        from moto.dynamodb.models import DynamoDBBackend

        for name in self.CALLS:
            original = getattr(DynamoDBBackend, name)
            self._originals[name] = original

            def timed(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
                began = time.perf_counter()
                try:
                    return _original(*args, **kwargs)
                finally:
                    self.seconds += time.perf_counter() - began

            setattr(DynamoDBBackend, name, timed)
        return self

    def __exit__(self, *exc: object) -> None:
        from moto.dynamodb.models import DynamoDBBackend

        for name, original in self._originals.items():
            setattr(DynamoDBBackend, name, original)
