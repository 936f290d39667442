"""A hundred clients claim the same kit at once over HTTP against the local system: every request is
answered (no connection reset, no 5xx), exactly one claim orders the kit and the rest are 409."""

import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
from support import new_candidate, post_result

pytestmark = pytest.mark.e2e
CLIENTS = 100


def test_a_hundred_simultaneous_claims_of_one_kit_are_all_answered_and_order_once(live_system: Any) -> None:
    # GIVEN a CCNA holder (agreement accepted, address on file) with the kit waiting
    candidate = new_candidate(live_system, agreement=True)
    post_result(live_system, candidate, "200-301", score=901, passing_score=825, days_ago=10)
    status, kits = live_system.http("GET", "/me/kits", token=candidate.token)
    assert status == 200, kits
    (kit,) = kits["items"]
    answers: list[Any] = []
    gate = threading.Barrier(CLIENTS)

    def claim() -> None:
        gate.wait()
        try:
            response = requests.post(
                f"{live_system.url}/me/kits/{kit['kit_id']}/claim",
                headers={"Authorization": f"Bearer {candidate.token}"},
                timeout=120,
            )
            answers.append((response.status_code, response.json()))
        except requests.RequestException as exc:  # a reset connection: what must not happen
            answers.append((None, repr(exc)))

    # WHEN a hundred clients claim it at the same moment, each on its own connection
    threads = [threading.Thread(target=claim) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # THEN every one is answered: one claim, the others told it is already claimed
    statuses = sorted((s for s, _ in answers), key=str)
    assert None not in statuses, [b for s, b in answers if s is None][:3]
    assert statuses.count(200) == 1, statuses
    assert statuses.count(409) == CLIENTS - 1, statuses
    assert {b["error"]["code"] for s, b in answers if s == 409} == {"already_claimed"}
