"""The landing page (guide §3), announcements administration and the calendar card, in headless
Chromium against the running local system.

- Admin → Announcements (#/admin/announcements): publish, edit, retire; candidates' Home shows what
  is active today, with the Markdown subset rendered as DOM nodes (never HTML).
- Home: Recent Activity (relative and absolute dates) and Upcoming Expirations (days left, CE
  progress, recertification options, a link to the certification).
- Certifications → Calendar: the .ics download and the secret subscription address.

Fixtures (tests/conftest.py): `live_system` (session-wide: announcements published here are seen by
every later test, so each one is retired when its test ends) and `browser_page`. Candidates with
certifications are signed up over the API and get exam results through the signed partner API.
Element ids are documented at the top of `portal/js/pages/home.js`, `admin-announcements.js` and
`portal/js/calendar-card.js`; the shared helpers are in tests/browser/support.py.
"""

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
import requests
from browser.support import Candidate, dom_id, log_in, new_candidate, post_result, today, watch
from playwright.sync_api import Dialog, Page, Route, expect

pytestmark = pytest.mark.browser


# ----------------------------------------------------------------------------- helpers


@pytest.fixture(autouse=True)
def no_script_errors(browser_page: Page) -> Iterator[list[str]]:
    """Fails a test whose page threw or logged an error, or opened a dialog (alert/confirm). Chromium's
    "Failed to load resource" lines are left out: 4xx answers (a refused link, a revoked feed) are
    expected and handled by the page."""
    problems: list[str] = []
    watch_with_dialogs(browser_page, problems)
    yield problems
    assert problems == []


def watch_with_dialogs(page: Page, problems: list[str]) -> None:
    """`watch` from support.py, and also records (and dismisses) any dialog the page opens."""

    def on_dialog(dialog: Dialog) -> None:
        problems.append(f"dialog: {dialog.type} {dialog.message}")
        dialog.dismiss()

    watch(page, problems)
    page.on("dialog", on_dialog)


@pytest.fixture
def published(live_system: Any) -> Iterator[list[str]]:
    """Ids of announcements a test published; each is retired afterwards (they are seen by everyone)."""
    ids: list[str] = []
    yield ids
    admin = live_system.demo["admin"]
    status, tokens = live_system.http(
        "POST", "/auth/login", body={"email": admin["email"], "password": admin["password"]}
    )
    assert status == 200, tokens
    for announcement_id in ids:
        status, body = live_system.http("DELETE", f"/admin/announcements/{announcement_id}", token=tokens["id_token"])
        assert status == 200, body


def candidate_with_expiring_ccna(live_system: Any) -> Candidate:
    """CCNA (valid three years) passed about 2 years 9 months ago, agreement accepted: it expires
    within the next 180 days, with no CE credits yet."""
    candidate = new_candidate(live_system, first_name="Landing", agreement=True)
    post_result(live_system, candidate, "200-301", score=880, passing_score=825, days_ago=2 * 365 + 270)
    return candidate


def open_announcements_admin(page: Page, live_system: Any) -> None:
    admin = live_system.demo["admin"]
    log_in(page, live_system.url, admin["email"], admin["password"])
    page.click("#nav-admin")
    expect(page.locator("#admin-tab-cases")).to_have_attribute("aria-current", "page")
    page.click("#admin-tab-announcements")
    expect(page).to_have_url(re.compile(r"#/admin/announcements$"))
    expect(page.locator("#page-title")).to_have_text("Admin — Announcements")
    expect(page.locator("#admin-tab-announcements")).to_have_attribute("aria-current", "page")
    expect(page.locator("#nav-admin")).to_have_attribute("aria-current", "page")
    expect(page.locator("#ann-list, #ann-empty")).to_be_visible()


def publish(
    page: Page,
    *,
    title: str,
    body: str,
    fmt: str = "markdown",
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> dict[str, Any]:
    """Fills and submits the announcement form; the API's answer (201)."""
    page.fill("#ann-title", title)
    page.fill("#ann-body", body)
    page.select_option("#ann-format", fmt)
    if starts_on:
        page.fill("#ann-starts-on", starts_on.isoformat())
    if ends_on:
        page.fill("#ann-ends-on", ends_on.isoformat())
    with page.expect_response(
        lambda r: r.url.endswith("/admin/announcements") and r.request.method == "POST"
    ) as answer:
        page.click("#ann-submit")
    assert answer.value.status == 201, answer.value.text()
    expect(page.locator("#alert")).to_have_attribute("data-kind", "success")
    return answer.value.json()


# ----------------------------------------------------------------------------- announcements


def test_admin_publishes_markdown_and_a_candidate_sees_it_rendered_safely(
    live_system, browser_page: Page, published: list[str]
) -> None:
    page = browser_page
    open_announcements_admin(page, live_system)
    expect(page.locator("#ann-format")).to_have_value("markdown")
    expect(page.locator("label[for='ann-body']")).to_contain_text("Message")
    expect(page.locator("#ann-starts-on")).to_have_value(today().isoformat())

    # A javascript: link is refused, under the message field.
    page.fill("#ann-title", "Refused")
    page.fill("#ann-body", "Click [here](javascript:alert(1))")
    page.click("#ann-submit")
    body_field = page.locator("#ann-body")
    expect(page.locator("#ann-body-error")).to_contain_text("http(s)")
    expect(body_field).to_have_attribute("aria-invalid", "true")
    expect(body_field).to_be_focused()
    expect(page.locator("#alert")).to_contain_text("Not published.")

    # The end date before the start date is caught before sending, under "Show until".
    page.fill("#ann-body", "Fine")
    page.fill("#ann-ends-on", (today() - timedelta(days=1)).isoformat())
    page.click("#ann-submit")
    expect(page.locator("#ann-ends-on-error")).to_contain_text("Must not be before the “Show from” date")
    expect(page.locator("#ann-ends-on")).to_be_focused()
    expect(body_field).not_to_have_attribute("aria-invalid", "true")

    title = f"Holiday closures {uuid4().hex[:6]}"
    guide = f"{live_system.url}/#/user-guide"
    script = "<script>alert('boom')</script>"
    body = (
        f"Test centres are **closed** on 24 December.\n\n"
        f"- Read the [user guide]({guide}) before you book\n"
        f"- Literal markup stays text: {script}"
    )
    page.fill("#ann-ends-on", (today() + timedelta(days=30)).isoformat())
    page.fill("#ann-title", title)
    page.fill("#ann-body", body)
    preview = page.locator("#ann-preview")
    expect(preview.locator("strong")).to_have_text("closed")
    expect(preview.locator("li")).to_have_count(2)

    submit = page.locator("#ann-submit")
    seen: dict[str, Any] = {}

    def look_while_in_flight(route: Route) -> None:
        if route.request.method == "POST":
            seen["body"] = route.request.post_data_json
            seen["disabled"] = submit.is_disabled()
            seen["aria-busy"] = page.locator("#ann-form").get_attribute("aria-busy")
            seen["label"] = submit.inner_text()
        route.continue_()

    page.route("**/admin/announcements", look_while_in_flight)
    with page.expect_response(
        lambda r: r.url.endswith("/admin/announcements") and r.request.method == "POST"
    ) as answer:
        submit.click()
    created = answer.value.json()
    published.append(created["announcement_id"])
    page.unroute("**/admin/announcements")
    assert seen == {
        "body": {
            "title": title,
            "body": body,
            "format": "markdown",
            "starts_on": today().isoformat(),
            "ends_on": (today() + timedelta(days=30)).isoformat(),
        },
        "disabled": True,
        "aria-busy": "true",
        "label": "Publishing…",
    }
    expect(page.locator("#alert")).to_contain_text(f"Published “{title}”")
    expect(page.locator("#alert")).to_contain_text("shows on Home now")
    sid = dom_id(created["announcement_id"])
    expect(page.locator(f"#ann-item-{sid}-status")).to_have_text("Active")
    expect(page.locator("#ann-title")).to_have_value("")  # the form is ready for the next one
    expect(submit).to_have_text("Publish announcement")

    # The candidate's Home.
    page.click("#logout-button")
    candidate = live_system.demo["candidate"]
    log_in(page, live_system.url, candidate["email"], candidate["password"])
    item = page.locator(f"#announcement-{sid}")
    expect(item.locator(f"#announcement-{sid}-title")).to_have_text(title)
    rendered = page.locator(f"#announcement-{sid}-body")
    expect(rendered.locator("strong")).to_have_text("closed")
    expect(rendered.locator("li")).to_have_count(2)
    expect(rendered).to_contain_text(f"Literal markup stays text: {script}")
    expect(rendered).not_to_contain_text("**")
    expect(page.locator("#page script")).to_have_count(0)

    link = rendered.locator("a")
    expect(link).to_have_count(1)
    expect(link).to_have_attribute("href", guide)
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    with page.expect_popup() as popup:
        link.click()
    opened = popup.value
    expect(opened).to_have_url(guide)
    expect(opened.locator("#page-title")).to_have_text("User Guide")
    opened.close()


def test_a_scheduled_announcement_waits_and_a_retired_one_disappears(
    live_system, browser_page: Page, published: list[str], no_script_errors: list[str]
) -> None:
    page = browser_page
    open_announcements_admin(page, live_system)
    tag = uuid4().hex[:6]
    later = publish(
        page,
        title=f"Coming soon {tag}",
        body="New exam blueprints next month.",
        fmt="text",
        starts_on=today() + timedelta(days=10),
        ends_on=today() + timedelta(days=40),
    )
    published.append(later["announcement_id"])
    expect(page.locator("#alert")).to_contain_text("It will show on Home from")
    now = publish(page, title=f"Live now {tag}", body="Plain *text* stays as typed.", fmt="text")
    published.append(now["announcement_id"])
    later_sid, now_sid = dom_id(later["announcement_id"]), dom_id(now["announcement_id"])
    expect(page.locator(f"#ann-item-{later_sid}-status")).to_have_text("Scheduled")
    expect(page.locator(f"#ann-item-{now_sid}-status")).to_have_text("Active")

    # A candidate, in another tab: the active one only, its text exactly as typed.
    home = page.context.new_page()
    watch_with_dialogs(home, no_script_errors)
    candidate = live_system.demo["candidate"]
    log_in(home, live_system.url, candidate["email"], candidate["password"])
    expect(home.locator(f"#announcement-{now_sid}-body")).to_have_text("Plain *text* stays as typed.")
    expect(home.locator(f"#announcement-{now_sid}-body em")).to_have_count(0)
    expect(home.locator(f"#announcement-{later_sid}")).to_have_count(0)
    expect(home.locator("#panel-announcements")).not_to_contain_text(f"Coming soon {tag}")

    # Edit prefills the form; saving changes what candidates see.
    page.click(f"#ann-item-{now_sid}-edit")
    expect(page.locator("#ann-form-heading")).to_have_text("Edit announcement")
    expect(page.locator("#ann-title")).to_be_focused()
    expect(page.locator("#ann-title")).to_have_value(f"Live now {tag}")
    expect(page.locator("#ann-body")).to_have_value("Plain *text* stays as typed.")
    expect(page.locator("#ann-format")).to_have_value("text")
    expect(page.locator("#ann-starts-on")).to_have_value(now["starts_on"])
    expect(page.locator("#ann-ends-on")).to_have_value(now["ends_on"])
    expect(page.locator(f"#ann-item-{now_sid}")).to_have_class(re.compile(r"\bis-editing\b"))
    page.fill("#ann-title", f"Live now, edited {tag}")
    with page.expect_response(lambda r: r.request.method == "PUT") as answer:
        page.click("#ann-submit")
    assert answer.value.status == 200, answer.value.text()
    expect(page.locator("#alert")).to_contain_text(f"Changes to “Live now, edited {tag}” are saved")
    expect(page.locator("#ann-form-heading")).to_have_text("New announcement")
    expect(page.locator("#ann-cancel")).to_be_hidden()
    expect(page.locator(f"#ann-item-{now_sid}-title")).to_have_text(f"Live now, edited {tag}")
    home.reload()
    expect(home.locator(f"#announcement-{now_sid}-title")).to_have_text(f"Live now, edited {tag}")

    # Retire asks first; "Keep it" and Escape leave it alone.
    retire = page.locator(f"#ann-item-{now_sid}-retire")
    retire.click()
    confirm = page.locator(f"#ann-item-{now_sid}-confirm")
    expect(confirm).to_contain_text("stops showing on Home")
    expect(retire).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#ann-item-{now_sid}-retire-cancel")).to_be_focused()
    page.keyboard.press("Escape")
    expect(confirm).to_have_count(0)
    expect(retire).to_be_focused()
    page.keyboard.press("Enter")  # the keyboard opens it again
    page.click(f"#ann-item-{now_sid}-retire-confirm")
    expect(page.locator("#alert")).to_contain_text("is retired")
    expect(page.locator(f"#ann-item-{now_sid}-status")).to_have_text("Retired")
    expect(page.locator(f"#ann-item-{now_sid}-edit")).to_have_count(0)
    expect(page.locator(f"#ann-item-{now_sid}-retire")).to_have_count(0)

    page.select_option("#ann-filter", "retired")
    expect(page.locator(f"#ann-item-{now_sid}")).to_be_visible()
    expect(page.locator(f"#ann-item-{later_sid}")).to_have_count(0)
    page.select_option("#ann-filter", "scheduled")
    expect(page.locator(f"#ann-item-{later_sid}")).to_be_visible()

    home.reload()
    expect(home.locator("#panel-announcements h2")).to_have_text("Announcements")
    expect(home.locator("#announcements-list, #announcements-empty")).to_be_visible()
    expect(home.locator(f"#announcement-{now_sid}")).to_have_count(0)
    expect(home.locator(f"#announcement-{later_sid}")).to_have_count(0)
    home.close()


# ----------------------------------------------------------------------------- activity, expirations


def test_demo_candidate_home_lists_recent_activity(live_system, browser_page: Page) -> None:
    page = browser_page
    candidate = live_system.demo["candidate"]
    log_in(page, live_system.url, candidate["email"], candidate["password"])

    items = page.locator("#activity-list > li")
    expect(items.first).to_be_visible()
    assert 1 <= items.count() <= 10
    expect(page.locator("#activity-list")).to_contain_text("Earned CCNA")
    first = items.first.locator("time")
    expect(first).to_have_attribute("datetime", re.compile(r"^\d{4}-\d{2}-\d{2}T"))
    expect(first).to_have_text(re.compile(r"ago|yesterday|today|just now|last|this"))
    expect(items.first.locator(".feed__meta")).to_contain_text(re.compile(r"[A-Z][a-z]{2} \d{1,2}, \d{4}"))


def test_a_certification_expiring_soon_is_listed_with_what_it_needs(live_system, browser_page: Page) -> None:
    page = browser_page
    candidate = candidate_with_expiring_ccna(live_system)
    status, dashboard = live_system.http("GET", "/me/dashboard", token=candidate.token)
    assert status == 200, dashboard
    (ccna,) = [e for e in dashboard["upcoming_expirations"] if e["cert_id"] == "ccna"]
    assert 0 < ccna["days_left"] <= 180

    log_in(page, live_system.url, candidate.email)
    item = page.locator("#expiration-ccna")
    expect(item.locator("#expiration-ccna-link")).to_have_text("CCNA")
    expect(item.locator("#expiration-ccna-days")).to_have_text(f"{ccna['days_left']} days left")
    expires = date.fromisoformat(ccna["expires_on"])
    expect(item.locator("#expiration-ccna-date")).to_have_text(f"{expires:%b} {expires.day}, {expires.year}")
    expect(item.locator("#expiration-ccna-ce-value")).to_have_text("0 / 30")
    expect(item.locator("#expiration-ccna-ce-bar")).to_have_attribute("max", "30")
    expect(item.locator("#expiration-ccna-ce-missing")).to_have_text("30 credits missing")
    options = item.locator("#expiration-ccna-options")
    expect(options).to_contain_text("Recertify with:")
    expect(options.locator("li")).to_have_count(len(ccna["recertify_with"]))
    expect(options).to_contain_text("30 CE credits")
    expect(page.locator("#activity-list")).to_contain_text("Earned CCNA")

    page.click("#expiration-ccna-link")
    expect(page).to_have_url(re.compile(r"#/certifications/ccna$"))
    expect(page.locator("#cert-detail-status")).to_have_text("Active")


# ----------------------------------------------------------------------------- calendar


def test_calendar_download_and_a_revocable_subscription_address(live_system, browser_page: Page) -> None:
    page = browser_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_system.url)
    candidate = candidate_with_expiring_ccna(live_system)
    log_in(page, live_system.url, candidate.email)
    page.click("#nav-certifications")
    expect(page.locator("#calendar-section h2")).to_have_text("Calendar")

    # Download: fetched with the session's token, saved as a file.
    with page.expect_download() as download:
        page.click("#calendar-download")
    assert download.value.suggested_filename.endswith(".ics")
    ics = Path(download.value.path()).read_text()
    assert ics.startswith("BEGIN:VCALENDAR")
    assert "CCNA expires" in ics
    expect(page.locator("#alert")).to_contain_text("downloaded with 1 expiration date")
    expect(page.locator("#calendar-download")).to_be_enabled()

    # A subscription address, shown once in a labelled read-only field, and copied.
    page.click("#calendar-create")
    url_field = page.locator("#calendar-url")
    expect(url_field).to_have_value(re.compile(r"/calendar/[A-Za-z0-9_-]+\.ics$"))
    expect(url_field).to_have_attribute("readonly", "")
    expect(page.locator("label[for='calendar-url']")).to_have_text("Subscription address")
    expect(page.locator("#alert")).to_contain_text("subscription address is ready")
    address = url_field.input_value()
    page.click("#calendar-copy")
    expect(page.locator("#calendar-copy")).to_have_text("Copied")
    expect(page.locator("#alert")).to_contain_text("copied to the clipboard")
    assert page.evaluate("navigator.clipboard.readText()") == address

    feed = requests.get(address, timeout=30)  # no token: the address is the secret
    assert feed.status_code == 200, feed.text
    assert feed.headers["Content-Type"].startswith("text/calendar")
    assert "CCNA expires" in feed.text

    # A new address replaces the old one.
    page.click("#calendar-create")
    expect(page.locator("#alert")).to_contain_text("previous one no longer works")
    expect(url_field).not_to_have_value(address)
    assert requests.get(address, timeout=30).status_code == 404
    address = url_field.input_value()

    # Revoke asks first, then the address stops working.
    page.click("#calendar-revoke")
    expect(page.locator("#calendar-confirm")).to_contain_text("Revoke your subscription address?")
    expect(page.locator("#calendar-revoke-cancel")).to_be_focused()
    page.click("#calendar-revoke-cancel")
    expect(page.locator("#calendar-confirm")).to_have_count(0)
    assert requests.get(address, timeout=30).status_code == 200
    page.click("#calendar-revoke")
    page.click("#calendar-revoke-confirm")
    expect(page.locator("#alert")).to_have_attribute("data-kind", "success")
    expect(page.locator("#alert")).to_contain_text("revoked")
    expect(page.locator("#calendar-feed")).to_be_hidden()
    expect(page.locator("#calendar-message")).to_contain_text("revoked")
    assert requests.get(address, timeout=30).status_code == 404

    # Nothing left to revoke: said plainly.
    page.click("#calendar-revoke")
    page.click("#calendar-revoke-confirm")
    expect(page.locator("#alert")).to_have_attribute("data-kind", "info")
    expect(page.locator("#alert")).to_contain_text("no subscription address to revoke")
