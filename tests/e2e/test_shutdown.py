"""`make run` leaves nothing behind: a test run that is killed outright (no teardown runs) takes the
local system it started with it, within seconds. (SIGTERM's two-second stop is checked by the
`live_system` fixture's teardown on every run.)"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]

# A stand-in for a test run: starts the local system as the suite does, then waits to be killed.
PARENT = """
import subprocess, sys
child = subprocess.Popen([sys.executable, "-m", "certtrack_local", "--port", "0",
                          "--ready-file", sys.argv[1], "--exit-with-parent"])
print(child.pid, flush=True)
child.wait()
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (ended, not yet reaped by init) counts as gone
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(") ", 1)[1].startswith("Z"))


def test_a_killed_test_run_takes_its_local_system_with_it(tmp_path):
    ready = tmp_path / "ready.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "functions"), str(ROOT / "infra" / "local")])
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(ready)], cwd=ROOT, env=env, stdout=subprocess.PIPE, start_new_session=True
    )
    child = int(parent.stdout.readline())
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert time.monotonic() < deadline, "the local system did not start"
            time.sleep(0.2)
        assert json.loads(ready.read_text())["url"]
        # WHEN the test run is killed (SIGKILL: no teardown, no signal handler)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        killed = time.monotonic()
        # THEN its local system notices and ends within a few seconds
        while _alive(child) and time.monotonic() - killed < 5:
            time.sleep(0.05)
        assert not _alive(child), "the local system outlived the run that started it"
        assert time.monotonic() - killed < 2.5
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)
