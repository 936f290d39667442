"""The local server runs a function's requests side by side, as Lambda's instances would, and each
request reads its own `current_request`."""

import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from chalice import Chalice
from chalice.config import Config

from certtrack_local.server import Feature


def _feature(concurrency: int, inside: Callable[[], None]) -> Feature:
    app = Chalice(app_name="probe")

    @app.route("/echo/{word}")
    def echo(word: str) -> dict[str, str]:
        inside()
        return {"word": word, "path": app.current_request.context["path"]}

    return Feature("probe", app, Config.create(chalice_stage="local", app_name="probe"), concurrency)


def _get(feature: Feature, word: str) -> dict[str, str]:
    response = feature.handle("GET", f"/echo/{word}", {"host": "localhost"}, None)
    assert response["statusCode"] == 200, response
    return json.loads(response["body"])


def test_requests_of_one_function_run_at_once_and_each_sees_its_own_request() -> None:
    all_inside = threading.Barrier(4)  # passes only when four requests are in the handler together
    feature = _feature(4, lambda: all_inside.wait(timeout=10))
    words = [f"w{n}" for n in range(4)]
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda w: _get(feature, w), words))
    assert answers == [{"word": w, "path": f"/echo/{w}"} for w in words]


def test_no_more_requests_run_at_once_than_the_concurrency() -> None:
    lock, active, most = threading.Lock(), [0], [0]

    def inside() -> None:
        with lock:
            active[0] += 1
            most[0] = max(most[0], active[0])
        time.sleep(0.05)  # holds the instance while the others arrive
        with lock:
            active[0] -= 1

    feature = _feature(2, inside)
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda n: _get(feature, f"w{n}"), range(6)))
    assert [a["word"] for a in answers] == [f"w{n}" for n in range(6)]
    assert most[0] == 2
