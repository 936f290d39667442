"""What the portal's browser tests share: a fresh candidate made over the API, the signed partner
calls that give it results, signing in, and the watch that fails a test whose page threw.

Candidates are signed up over HTTP (the local stage confirms at once) and their profile is
completed, so every test starts on its own record; results arrive through the signed partner API,
as a testing vendor would send them.
"""

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import requests
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from certtrack_local import partners

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Sup3r-secret-pass!"
ADDRESS = {"line1": "170 West Tasman Drive", "city": "San Jose", "state": "CA", "postal_code": "95134", "country": "US"}


def watch(page: Page, problems: list[str]) -> None:
    """Collects uncaught exceptions and console errors. Chromium's "Failed to load resource" lines
    are left out: 4xx answers (a refused claim, an unknown code) are expected and handled."""

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console error: {message.text}")

    page.on("pageerror", lambda exc: problems.append(f"uncaught exception: {exc}"))
    page.on("console", on_console)


def public_page(browser: Browser, live_system: Any, problems: list[str]) -> Page:
    """A page in a browser context of its own: nobody is signed in there."""
    context = browser.new_context(base_url=live_system.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    watch(page, problems)
    return page


def today() -> date:
    return datetime.now(UTC).date()


def dom_id(value: str) -> str:
    """The portal's `safeId`: characters other than A-Z a-z 0-9 _ - become _."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", value)


def post_signed(base_url: str, path: str, payload: dict[str, Any], expected: int = 201) -> dict[str, Any]:
    """A partner call, signed by the route's partner with its development secret."""
    raw = json.dumps(payload).encode()
    response = requests.post(
        base_url + path,
        data=raw,
        headers={"Content-Type": "application/json", **partners.headers(path, raw)},
        timeout=30,
    )
    assert response.status_code == expected, response.text
    # the partner's answer does not wait for the evaluation it queued; a person looks seconds later
    assert requests.post(base_url + "/dev/queues/drain", timeout=60).status_code == 200
    return response.json()


@dataclass
class Candidate:
    email: str
    token: str
    candidate_id: str


def new_candidate(
    live_system: Any, *, first_name: str = "Cert", last_name: str = "Tester", agreement: bool = False
) -> Candidate:
    """Signs up, signs in once (which creates the candidate record) and completes the profile;
    with `agreement`, also accepts the current certification agreement."""
    email = f"c-{uuid4().hex[:10]}@example.com"
    status, body = live_system.http(
        "POST",
        "/auth/signup",
        body={"email": email, "password": PASSWORD, "first_name": first_name, "last_name": last_name, "country": "US"},
    )
    assert status == 201, body
    status, tokens = live_system.http("POST", "/auth/login", body={"email": email, "password": PASSWORD})
    assert status == 200, tokens
    token = tokens["id_token"]
    status, me = live_system.http("GET", "/me", token=token)
    assert status == 200, me
    status, body = live_system.http("PUT", "/me/addresses/mailing", token=token, body=ADDRESS)
    assert status == 200, body
    status, body = live_system.http(
        "PUT", "/me/settings", token=token, body={"email_opt_in": False, "reminder_emails": True}
    )
    assert status == 200, body
    if agreement:
        status, current = live_system.http("GET", "/me/agreement", token=token)
        assert status == 200, current
        status, body = live_system.http("POST", "/me/agreement", token=token, body={"version": current["version"]})
        assert status == 200, body
    return Candidate(email, token, me["candidate_id"])


def post_result(
    live_system: Any,
    candidate: Candidate,
    exam_code: str,
    *,
    score: float,
    passing_score: float,
    days_ago: int,
    sections: list[dict[str, Any]] | None = None,
    delivery: str = "test_center",
) -> str:
    """An exam result from the testing vendor; its id."""
    result_id = f"BT-{uuid4().hex[:12]}"
    post_signed(
        live_system.url,
        "/vendor/exam-results",
        {
            "result_id": result_id,
            "candidate_id": candidate.candidate_id,
            "exam_code": exam_code,
            "taken_on": (today() - timedelta(days=days_ago)).isoformat(),
            "score": score,
            "passing_score": passing_score,
            "passed": score >= passing_score,
            "sections": sections or [],
            "delivery": delivery,
        },
    )
    return result_id


def log_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/#/login")
    expect(page.locator("#login-form")).to_be_visible()
    page.fill("#login-email", email)
    page.fill("#login-password", password)
    page.click("#login-submit")
    expect(page).to_have_url(re.compile(r"#/home$"))
    expect(page.locator("#page")).not_to_have_attribute("aria-busy", "true")


def open_section(page: Page, nav_id: str, title: str) -> None:
    """Follows a navigation link and waits for the page to finish loading."""
    page.click(f"#{nav_id}")
    expect(page.locator("#page-title")).to_have_text(title)
    expect(page.locator(f"#{nav_id}")).to_have_attribute("aria-current", "page")
    expect(page.locator("#page")).not_to_have_attribute("aria-busy", "true")
