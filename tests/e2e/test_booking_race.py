"""Issue 14: fifty candidates book one sitting at once over HTTP against the local system. The
sitting (Manchester, 6 seats) ends full and never over: exactly its capacity booked, every other
answer a 409 naming the full sitting, no 5xx."""

import threading
import uuid
from datetime import date, timedelta
from typing import Any

import pytest
import requests

pytestmark = pytest.mark.e2e
PASSWORD = "Sup3r-secret-pass!"
ADDRESS = {"line1": "3 Hardman St", "city": "Manchester", "postal_code": "M3 3HF", "country": "GB"}
RACERS = 50


def ready_candidate(live_system: Any) -> str:
    """Signed up, profile complete, agreement accepted: the bearer token."""
    email = f"race-{uuid.uuid4().hex[:10]}@example.com"
    body = {"email": email, "password": PASSWORD, "first_name": "Race", "last_name": "Runner", "country": "GB"}
    assert live_system.http("POST", "/auth/signup", body=body)[0] == 201
    status, tokens = live_system.http("POST", "/auth/login", body={"email": email, "password": PASSWORD})
    assert status == 200, tokens
    token = tokens["id_token"]
    assert live_system.http("GET", "/me", token=token)[0] == 200
    assert live_system.http("PUT", "/me/addresses/mailing", token=token, body=ADDRESS)[0] == 200
    settings = {"email_opt_in": False, "reminder_emails": True}
    assert live_system.http("PUT", "/me/settings", token=token, body=settings)[0] == 200
    version = live_system.http("GET", "/me/agreement", token=token)[1]["version"]
    assert live_system.http("POST", "/me/agreement", token=token, body={"version": version})[0] == 200
    return token


def test_fifty_bookings_of_one_sitting_over_http_never_overbook(live_system) -> None:
    start = (date.today() + timedelta(days=5)).isoformat()
    status, found = live_system.http("GET", f"/exams/200-301/availability?center_id=gb-man-1&from={start}")
    assert status == 200, found
    slot = next(s for s in found["items"] if s["seats_left"] == 6)
    tokens = [ready_candidate(live_system) for _ in range(RACERS)]
    answers: list[tuple[int, Any]] = []
    gate = threading.Barrier(RACERS)

    def book(token: str) -> None:
        gate.wait()
        response = requests.post(
            f"{live_system.url}/me/appointments",
            json={"exam_code": "200-301", "slot_id": slot["slot_id"], "payment": {"token": "tok_visa"}},
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
        answers.append((response.status_code, response.json()))

    threads = [threading.Thread(target=book, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = [s for s, _ in answers]
    assert statuses.count(201) == 6
    assert statuses.count(409) == RACERS - 6
    assert {b["error"]["code"] for s, b in answers if s == 409} == {"sitting_full"}
    status, after = live_system.http("GET", f"/exams/200-301/availability?center_id=gb-man-1&from={start}")
    assert slot["slot_id"] not in {s["slot_id"] for s in after["items"]}
