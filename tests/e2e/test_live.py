"""The local system over HTTP, as a browser, a partner and `make run`'s user meet it: the portal with its
headers, 404s in the error shape, nothing served from outside the portal folder, refusals that say
nothing, the demo data, a new account, a partner result, jobs on demand and a clean shutdown."""

import http.client
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from certtrack_local import partners

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def login(live, email, password):
    status, body = live.http("POST", "/auth/login", body={"email": email, "password": password})
    assert status == 200, body
    return body["id_token"]


def assert_error_shape(body: object, code: str) -> None:
    assert isinstance(body, dict), body
    assert set(body) == {"error"}, body
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"]


def test_health_and_the_portal_are_served(live_system):
    assert live_system.http("GET", "/health") == (200, {"status": "ok", "stage": "local"})
    page = requests.get(live_system.url + "/", timeout=10)
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"


def test_portal_files_carry_validators_and_an_unchanged_one_is_a_bodyless_304(live_system):
    script = requests.get(live_system.url + "/js/app.js", timeout=10)
    assert script.status_code == 200
    assert script.headers["Cache-Control"] == "public, max-age=300"
    again = requests.get(live_system.url + "/js/app.js", headers={"If-None-Match": script.headers["ETag"]}, timeout=10)
    assert (again.status_code, again.content, again.headers["ETag"]) == (304, b"", script.headers["ETag"])
    other = requests.get(live_system.url + "/js/app.js", headers={"If-None-Match": '"elsewhere"'}, timeout=10)
    assert (other.status_code, other.content) == (200, script.content)
    # the page itself is checked on every load, so that a deploy's new scripts are found
    page = requests.get(live_system.url + "/", timeout=10)
    assert page.headers["Cache-Control"] == "no-cache"
    assert (
        requests.get(live_system.url + "/", headers={"If-None-Match": page.headers["ETag"]}, timeout=10).status_code
        == 304
    )


@pytest.mark.parametrize("path", ["/no/such/route", "/me/no-such-thing", "/index.html/x"])
def test_an_unknown_path_under_the_api_or_a_portal_file_is_404_in_the_error_shape(live_system, path):
    response = requests.get(live_system.url + path, timeout=10)
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")
    assert_error_shape(response.json(), "not_found")


@pytest.mark.parametrize("path", ["/../chalice.json", "/js/../../chalice.json", "/%2e%2e/chalice.json"])
def test_files_outside_the_portal_folder_are_not_served(live_system, path):
    # Sent byte for byte (an HTTP library would normalise the dot segments away).
    host, port = urlsplit(live_system.url).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode()
    finally:
        connection.close()
    assert response.status == 404
    assert "PARTNER_SECRETS" not in body
    assert_error_shape(json.loads(body), "not_found")


def test_the_demo_candidate_has_a_complete_profile_and_history(live_system):
    demo = live_system.demo["candidate"]
    token = login(live_system, demo["email"], demo["password"])
    status, me = live_system.http("GET", "/me", token=token)
    assert status == 200
    assert me["profile_complete"] is True
    status, certs = live_system.http("GET", "/me/certifications", token=token)
    assert {c["status"] for c in certs["items"]} >= {"active"}
    status, dashboard = live_system.http("GET", "/me/dashboard", token=token)
    assert status == 200
    assert dashboard["recent_activity"]


def test_a_new_account_is_led_through_personal_information(live_system):
    email = f"e2e-{uuid.uuid4().hex[:8]}@example.com"
    body = {
        "email": email,
        "password": "Sup3r-secret-pass!",
        "first_name": "Eve",
        "last_name": "Tester",
        "country": "US",
    }
    status, created = live_system.http("POST", "/auth/signup", body=body)
    assert (status, created["confirmed"]) == (201, True)
    token = login(live_system, email, "Sup3r-secret-pass!")
    status, me = live_system.http("GET", "/me", token=token)
    assert (me["mapping"], me["missing"]) == ("created", ["mailing_address", "settings"])
    address = {"line1": "PO Box 9", "city": "Austin", "state": "TX", "postal_code": "73301", "country": "US"}
    status, refused = live_system.http("PUT", "/me/addresses/mailing", token=token, body=address)
    assert (status, refused["error"]["field"]) == (400, "line1")
    address["line1"] = "500 Congress Ave"
    assert live_system.http("PUT", "/me/addresses/mailing", token=token, body=address)[0] == 200
    settings = {"email_opt_in": False, "reminder_emails": True}
    assert live_system.http("PUT", "/me/settings", token=token, body=settings)[0] == 200
    assert live_system.http("GET", "/me", token=token)[1]["profile_complete"] is True
    # the embedded AWS really holds it
    dynamodb, table = live_system.table()
    item = dynamodb.get_item(TableName=table, Key={"pk": {"S": f"CAND#{me['candidate_id']}"}, "sk": {"S": "A#PROFILE"}})
    assert item["Item"]["email"]["S"] == email


def test_a_forged_or_missing_token_gets_a_refusal_in_the_error_shape_and_no_data(live_system):
    # GIVEN the demo candidate's real token, with its signature reversed
    demo = live_system.demo["candidate"]
    token = login(live_system, demo["email"], demo["password"])
    head, payload, signature = token.split(".")
    forged = f"{head}.{payload}.{signature[::-1]}"
    # WHEN /me is asked with the forged token, and with none
    forged_status, forged_body = live_system.http("GET", "/me", token=forged)
    missing_status, missing_body = live_system.http("GET", "/me")
    # THEN both are refused in the API's error shape, saying nothing about the candidate
    assert forged_status in (401, 403), forged_body
    assert_error_shape(forged_body, "unauthenticated" if forged_status == 401 else "forbidden")
    assert missing_status == 401
    assert_error_shape(missing_body, "unauthenticated")
    for body in (forged_body, missing_body):
        text = json.dumps(body)
        assert "candidate_id" not in text
        assert "CSCO" not in text
        assert demo["email"] not in text


def test_a_signed_partner_result_reaches_the_candidate(live_system):
    demo = live_system.demo["candidate"]
    token = login(live_system, demo["email"], demo["password"])
    candidate_id = live_system.http("GET", "/me", token=token)[1]["candidate_id"]
    result = {
        "result_id": f"E2E-{uuid.uuid4().hex[:8]}",
        "candidate_id": candidate_id,
        "exam_code": "200-901",
        "taken_on": time.strftime("%Y-%m-%d", time.gmtime()),
        "score": 880,
        "passing_score": 825,
        "passed": True,
    }
    raw = json.dumps(result).encode()
    headers = {"Content-Type": "application/json", **partners.headers("/vendor/exam-results", raw)}
    answer = requests.post(live_system.url + "/vendor/exam-results", data=raw, headers=headers, timeout=30)
    assert answer.status_code == 201, answer.text
    again = requests.post(live_system.url + "/vendor/exam-results", data=raw, headers=headers, timeout=30)
    assert again.status_code == 200
    certs = {c["cert_id"]: c for c in live_system.http("GET", "/me/certifications", token=token)[1]["items"]}
    assert certs["devnet-associate"]["status"] == "active"
    # the evaluator (behind the FIFO queue) writes the history the landing page shows, within seconds
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        activity = live_system.http("GET", "/me/dashboard", token=token)[1]["recent_activity"]
        if "Earned Cisco Certified DevNet Associate" in {a["text"] for a in activity}:
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"the earned certification never reached the landing page: {activity}")


def test_jobs_run_on_demand_and_the_outbox_lists_what_was_sent(live_system):
    status, body = live_system.http("POST", "/dev/jobs/reminders", body={"date": "2099-01-01"})
    assert status == 200
    assert body["summary"]["day"] == "2099-01-01"
    status, outbox = live_system.http("GET", "/dev/outbox")
    assert status == 200
    assert isinstance(outbox, list)
    assert live_system.http("POST", "/dev/jobs/nothing", body={})[0] == 404


def test_sigterm_to_the_process_group_stops_everything(tmp_path):
    ready = tmp_path / "ready.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "functions"), str(ROOT / "infra" / "local")])
    process = subprocess.Popen(
        [sys.executable, "-m", "certtrack_local", "--port", "0", "--ready-file", str(ready)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while not ready.exists():
        assert process.poll() is None, "the local system exited before it was ready"
        assert time.monotonic() < deadline, "the local system did not start"
        time.sleep(0.1)
    url = json.loads(ready.read_text())["url"]
    assert requests.get(url + "/health", timeout=5).status_code == 200
    os.killpg(process.pid, signal.SIGTERM)
    assert process.wait(timeout=15) == 0
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/health", timeout=2)


@pytest.mark.parametrize(("method", "path", "allowed"), [("TRACE", "/me", "GET"), ("OPTIONS", "/", "GET, HEAD")])
def test_other_methods_are_405_in_the_apis_error_shape_with_allow(live_system, method, path, allowed):
    host, port = urlsplit(live_system.url).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        body = json.loads(response.read())
    finally:
        connection.close()
    assert response.status == 405
    assert response.getheader("Allow") == allowed
    assert_error_shape(body, "method_not_allowed")
