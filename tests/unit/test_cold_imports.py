"""Cold-start guards: what a function's import must not drag in (measured in bench/coldstart.py)."""

import subprocess
import sys
from pathlib import Path

import pytest

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
