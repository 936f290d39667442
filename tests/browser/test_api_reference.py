"""`make run`'s API reference page (`/docs`): Redoc, shipped in `portal/docs/`, renders
`/openapi.json` in Chromium without a request to another origin."""

from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_the_api_reference_renders_openapi_json_from_the_origin_alone(live_system: Any, browser_page: Page) -> None:
    page = browser_page
    origin = urlsplit(live_system.url).netloc
    elsewhere: list[str] = []
    page.on("request", lambda r: None if urlsplit(r.url).netloc in (origin, "") else elsewhere.append(r.url))
    page.goto(f"{live_system.url}/docs")
    expect(page.get_by_role("heading", name="certtrack", exact=False).first).to_be_visible(timeout=20_000)
    expect(page.get_by_text("/vendor/exam-results").first).to_be_attached()
    assert elsewhere == []
