"""Cold-start guards: what a function's import must not drag in (measured in bench/coldstart.py)."""

import subprocess
import sys
from pathlib import Path

import pytest
from function_env import FUNCTION_ENV

ROOT = Path(__file__).resolve().parents[2]
BATCH_WORKERS = sorted(
    p.parent.name
    for p in (ROOT / "functions").glob("*/app.py")
    if "consumers" in p.read_text() or "utilities.batch" in p.read_text()
)


@pytest.mark.parametrize("feature", BATCH_WORKERS)
def test_a_queue_worker_does_not_build_powertools_parser_models_at_import(feature):
    # Powertools' batch utilities import every event parser model (~100 ms) when pydantic is already
    # loaded at their import: each worker must import them first.
    code = f"import sys, {feature}.app; print('aws_lambda_powertools.utilities.parser.models' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PYTHONPATH": f"{ROOT / 'functions'}:{ROOT / 'layers' / 'common'}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def _loaded_after(code: str) -> set[str]:
    """The modules loaded in a fresh interpreter after running `code` (printed as its last line)."""
    done = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"],
        cwd=ROOT,
        env={
            "PYTHONPATH": f"{ROOT / 'functions'}:{ROOT / 'layers' / 'common'}",
            "PATH": "/usr/bin:/bin",
            **FUNCTION_ENV,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return set(done.stdout.splitlines()[-1].split())


def test_the_authorizer_imports_no_model_route_rule_or_token_code():
    # API Gateway runs the authorizer before every authorized request: its import is Chalice's
    loaded = _loaded_after("import certtrack.authorizer")

    assert {m.split(".")[0] for m in loaded} & {"pydantic", "jwt", "cryptography", "aws_lambda_powertools"} == set()
    assert {m for m in loaded if m.startswith("certtrack.")} == {"certtrack.authorizer", "certtrack.snapstart"}


def test_the_snapshot_holds_what_the_authorizer_imports_on_its_first_call():
    loaded = _loaded_after("import certtrack.authorizer\nfrom certtrack import snapstart\nsnapstart.before_snapshot()")

    assert {"certtrack.auth", "jwt"} <= loaded


@pytest.mark.parametrize("feature", ["badges", "transcripts"])
def test_only_the_routes_that_sign_load_cryptography_and_the_snapshot_holds_it(feature):
    # listing and reading stored credentials needs no key: cryptography loads where a route signs
    assert not any(m.startswith("cryptography") for m in _loaded_after(f"import {feature}.app"))

    loaded = _loaded_after(f"import {feature}.app\nfrom certtrack import snapstart\nsnapstart.before_snapshot()")

    assert "cryptography.hazmat.primitives.serialization" in loaded
