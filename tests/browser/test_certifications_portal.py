"""The certification pages of the portal in headless Chromium against the running local system
(guide §4-6): Certifications and the agreement, Continuing Education, Testing History.

Each test signs up a fresh candidate over the API (the local stage confirms at once), completes the
profile, and posts exam results and CE credits through the signed partner API over HTTP, as a
testing vendor or training partner would (helpers in tests/browser/support.py). Element ids are
documented at the top of `portal/js/pages/certifications.js`, `continuing-education.js` and
`testing-history.js`.
"""

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from browser.support import (
    dom_id,
    log_in,
    new_candidate,
    open_section,
    post_credit,
    post_result,
    today,
    watch,
)
from playwright.sync_api import Page, Route, expect

pytestmark = pytest.mark.browser


# ----------------------------------------------------------------------------- helpers


@pytest.fixture(autouse=True)
def no_script_errors(browser_page: Page) -> Iterator[list[str]]:
    """Fails a test whose page threw or logged an error (Chromium's "Failed to load resource" lines
    are left out: 4xx answers such as a refused challenge are expected and handled)."""
    problems: list[str] = []
    watch(browser_page, problems)
    yield problems
    assert problems == []


# ----------------------------------------------------------------------------- certifications


def test_passing_ccna_waits_for_the_agreement_and_accepting_it_makes_it_active(live_system, browser_page: Page) -> None:
    page = browser_page
    candidate = new_candidate(live_system)
    post_result(live_system, candidate, "200-301", score=870, passing_score=825, days_ago=3)

    log_in(page, live_system.url, candidate.email)
    open_section(page, "nav-certifications", "Certifications")

    card = page.locator("#cert-ccna")
    expect(card.locator("#cert-ccna-status")).to_have_text("Pending agreement")
    expect(card.locator("#cert-ccna-requirements .checklist__item.is-met")).to_contain_text("200-301")
    expect(card.locator("#cert-ccna-ce progress")).to_have_attribute("max", "30")
    banner = page.locator("#cert-agreement-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("CCNA")

    page.click("#cert-agreement-link")
    expect(page).to_have_url(re.compile(r"#/certifications/agreement$"))
    expect(page.locator("#page-title")).to_have_text("Certification Agreement")
    expect(page.locator("#nav-certifications")).to_have_attribute("aria-current", "page")
    text = page.locator("#agreement-text")
    expect(text).to_contain_text("Certification Agreement (version")
    # prose that wraps, not monospace text with hard line breaks: the numbered clauses are a list
    assert text.evaluate("el => getComputedStyle(el).whiteSpace") == "normal"
    assert "mono" not in text.evaluate("el => getComputedStyle(el).fontFamily")
    expect(text.locator("ol.agreement__clauses > li")).to_have_count(7)
    expect(text.locator("ol.agreement__clauses > li").first).to_contain_text("licensed to you for as long as")
    version = page.locator("#agreement-version").inner_text()
    expect(page.locator("#agreement-section h2")).to_contain_text(version)
    expect(page.locator("#agreement-state")).to_contain_text("Not accepted")
    expect(page.locator("#agreement-pending")).to_contain_text("CCNA")

    accept = page.locator("#agreement-accept")
    seen: dict[str, Any] = {}

    def look_while_in_flight(route: Route) -> None:
        if route.request.method == "POST":
            seen["body"] = route.request.post_data_json
            seen["disabled"] = accept.is_disabled()
            seen["aria-busy"] = accept.get_attribute("aria-busy")
            seen["label"] = accept.inner_text()
        route.continue_()

    page.route("**/me/agreement", look_while_in_flight)
    accept.click()

    expect(page).to_have_url(re.compile(r"#/certifications$"))
    expect(page.locator("#alert")).to_have_attribute("data-kind", "success")
    expect(page.locator("#alert")).to_contain_text("CCNA is now active")
    expect(page.locator("#cert-ccna-status")).to_have_text("Active")
    expect(page.locator("#cert-agreement-banner")).to_have_count(0)
    expect(page.locator("#cert-agreement-status")).to_contain_text(
        f"You accepted the Certification Agreement (version {version})"
    )
    assert seen == {"body": {"version": version}, "disabled": True, "aria-busy": "true", "label": "Accepting…"}
    page.unroute("**/me/agreement")

    # The detail view: history (newest first) and the recertification options.
    page.click("#cert-ccna-link")
    expect(page).to_have_url(re.compile(r"#/certifications/ccna$"))
    expect(page.locator("#page-title")).to_have_text("CCNA")
    expect(page.locator("#cert-detail-status")).to_have_text("Active")
    history = page.locator("#cert-history > li")
    expect(history).to_have_count(2)
    expect(history.nth(0)).to_contain_text("Agreement")
    expect(history.nth(1)).to_contain_text("Earned")
    expect(page.locator("#cert-options")).to_contain_text("30 CE credits")
    page.click("#cert-back-link")
    expect(page.locator("#cert-list")).to_be_visible()

    # Reloading keeps the detail address working (a sub-route of Certifications).
    page.goto(f"{live_system.url}/#/certifications/ccna")
    expect(page.locator("#cert-detail")).to_be_visible()
    page.goto(f"{live_system.url}/#/certifications/no-such-cert")
    expect(page.locator("#cert-not-found")).to_be_visible()
    expect(page.locator("#alert")).to_have_attribute("data-kind", "error")


# ----------------------------------------------------------------------------- testing history


def test_testing_history_sorts_filters_pages_and_shows_lab_modules(live_system, browser_page: Page) -> None:
    page = browser_page
    candidate = new_candidate(live_system)
    post_result(live_system, candidate, "200-301", score=700, passing_score=825, days_ago=10)
    post_result(live_system, candidate, "200-201", score=900, passing_score=825, days_ago=5)
    lab = post_result(
        live_system,
        candidate,
        "ccie-ei-lab",
        score=85,
        passing_score=80,
        days_ago=1,
        delivery="lab",
        sections=[{"name": "Design", "score": 88}, {"name": "Deploy, Operate and Optimize", "score": 83}],
    )

    # Two results a page, so that "Load more" follows next_cursor.
    def small_pages(route: Route) -> None:
        route.continue_(url=re.sub(r"limit=\d+", "limit=2", route.request.url))

    page.route(re.compile(r".*/me/exams\?.*"), small_pages)
    log_in(page, live_system.url, candidate.email)
    open_section(page, "nav-testing-history", "Testing History")

    codes = page.locator("#exams-body tr.exam-row .code")
    expect(codes).to_have_text(["ccie-ei-lab", "200-201"])  # newest first, one page
    expect(page.locator("#exams-col-date")).to_have_attribute("aria-sort", "descending")
    page.click("#exams-load-more")
    expect(codes).to_have_text(["ccie-ei-lab", "200-201", "200-301"])
    expect(page.locator("#exams-load-more")).to_have_count(0)

    # Practical exams show their modules with hours and scores.
    modules = page.locator(f"#exam-{dom_id(lab)}-sections")
    expect(modules).to_contain_text("Lab modules")
    expect(modules).to_contain_text("Design")
    expect(modules).to_contain_text("3 h")
    expect(modules).to_contain_text("Score 88")

    # On a phone the modules continue their result's card: one box, no gap and no border between
    page.set_viewport_size({"width": 390, "height": 844})
    card, below = page.locator(f"#exam-{dom_id(lab)}"), modules
    expect(card).to_have_css("border-bottom-width", "0px")
    expect(below).to_have_css("border-top-width", "0px")
    card_box, below_box = card.bounding_box(), below.bounding_box()
    assert card_box
    assert below_box
    assert abs(card_box["y"] + card_box["height"] - below_box["y"]) < 1, (card_box, below_box)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Sort by score: highest first, then the order toggle reverses it.
    page.select_option("#exams-sort", "score")
    expect(codes).to_have_text(["200-201", "200-301"])
    page.click("#exams-load-more")
    expect(codes).to_have_text(["200-201", "200-301", "ccie-ei-lab"])
    expect(page.locator("#exams-col-score")).to_have_attribute("aria-sort", "descending")
    expect(page.locator("#exams-col-date")).not_to_have_attribute("aria-sort", re.compile(".*"))
    expect(page.locator("#exams-order")).to_have_text("Highest first")

    page.locator("#exams-order").focus()
    page.keyboard.press("Enter")  # keyboard works as well as a click
    expect(page.locator("#exams-order")).to_have_text("Lowest first")
    expect(page.locator("#exams-order")).to_have_attribute("data-order", "asc")
    expect(page.locator("#exams-col-score")).to_have_attribute("aria-sort", "ascending")
    expect(codes).to_have_text(["ccie-ei-lab", "200-301"])
    page.click("#exams-load-more")
    expect(codes).to_have_text(["ccie-ei-lab", "200-301", "200-201"])

    # Filters: practical only, then failed only.
    page.select_option("#exams-type", "practical")
    expect(codes).to_have_text(["ccie-ei-lab"])
    expect(page.locator("#exams-body tr.exam-row")).to_contain_text("Practical")
    expect(page.locator("#exams-load-more")).to_have_count(0)
    page.select_option("#exams-type", "")
    page.select_option("#exams-outcome", "failed")
    expect(codes).to_have_text(["200-301"])
    expect(page.locator("#exams-body tr.exam-row")).to_contain_text("Failed")
    page.select_option("#exams-type", "practical")
    expect(page.locator("#exams-empty")).to_contain_text("No results match these filters")


def test_challenge_is_listed_and_a_second_one_is_refused(live_system, browser_page: Page, no_script_errors) -> None:
    page = browser_page
    candidate = new_candidate(live_system)
    recent = post_result(live_system, candidate, "200-301", score=790, passing_score=825, days_ago=3)
    old = post_result(live_system, candidate, "200-201", score=800, passing_score=825, days_ago=45)
    sid, old_sid = dom_id(recent), dom_id(old)

    # A second tab, opened before the challenge is filed, still offers "Challenge" for the result.
    other = page.context.new_page()
    watch(other, no_script_errors)
    log_in(other, live_system.url, candidate.email)
    open_section(other, "nav-testing-history", "Testing History")
    expect(other.locator(f"#exam-{sid}-challenge")).to_be_visible()

    log_in(page, live_system.url, candidate.email)
    open_section(page, "nav-testing-history", "Testing History")
    expect(page.locator("#challenges-empty")).to_be_visible()
    until = (today() - timedelta(days=3) + timedelta(days=30)).strftime("%b %-d, %Y")
    expect(page.locator(f"#exam-{sid}-challenge-until")).to_have_text(f"Until {until}")

    # Keyboard: Enter opens the form on its labelled reason field; Escape closes it again.
    challenge = page.locator(f"#exam-{sid}-challenge")
    challenge.focus()
    page.keyboard.press("Enter")
    reason = page.locator(f"#challenge-reason-{sid}")
    expect(reason).to_be_focused()
    expect(challenge).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"label[for='challenge-reason-{sid}']")).to_have_text(re.compile("Reason for the challenge"))
    page.keyboard.press("Escape")
    expect(page.locator(f"#challenge-form-{sid}")).to_have_count(0)
    expect(challenge).to_be_focused()

    challenge.click()
    reason.fill("too short")
    page.click(f"#challenge-submit-{sid}")
    expect(page.locator(f"#challenge-reason-{sid}-error")).to_contain_text("at least 10 characters")
    expect(reason).to_have_attribute("aria-invalid", "true")

    text = "The simulation items froze twice <b>and</b> the clock kept running."
    reason.fill(text)
    page.click(f"#challenge-submit-{sid}")
    expect(page.locator("#alert")).to_have_attribute("data-kind", "success")
    expect(page.locator("#alert")).to_contain_text(re.compile(r"Challenge CH-\w+ has been filed"))
    expect(page.locator(f"#exam-{sid}-challenge-open")).to_be_visible()
    expect(page.locator(f"#exam-{sid}-challenge")).to_have_count(0)
    items = page.locator("#challenges-list > li")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("200-301")
    expect(items.first).to_contain_text(text)  # markup in a reason is text
    expect(items.first.locator(".tag")).to_have_text("Open")
    expect(page.locator("#challenges-list b")).to_have_count(0)

    # The second tab tries again on the same result: refused (409), said clearly.
    other.click(f"#exam-{sid}-challenge")
    other.fill(f"#challenge-reason-{sid}", "Filing this again from another tab.")
    other.click(f"#challenge-submit-{sid}")
    alert = other.locator("#alert")
    expect(alert).to_have_attribute("data-kind", "error")
    expect(alert).to_contain_text("Challenge not filed.")
    expect(alert).to_contain_text(re.compile(r"Challenge CH-\w+ is already open for this result"))
    expect(other.locator(f"#challenge-refusal-{sid}")).to_contain_text("already open for this result")
    expect(other.locator("#challenges-list > li")).to_have_count(1)  # the list was brought up to date
    other.close()

    # A result older than the challenge window offers no button, only the day the window closed
    # (30 days after the exam); one inside it says until when.
    closed = (today() - timedelta(days=45) + timedelta(days=30)).strftime("%b %-d, %Y")
    expect(page.locator(f"#exam-{old_sid}-challenge")).to_have_count(0)
    expect(page.locator(f"#exam-{old_sid}-challenge-closed")).to_have_text(f"Challenge window closed {closed}")
    expect(page.locator("#challenges-list > li")).to_have_count(1)


def test_score_report_button_yields_a_short_lived_link(live_system, browser_page: Page) -> None:
    page = browser_page
    candidate = new_candidate(live_system)
    result = post_result(live_system, candidate, "200-301", score=880, passing_score=825, days_ago=2)
    sid = dom_id(result)

    log_in(page, live_system.url, candidate.email)
    open_section(page, "nav-testing-history", "Testing History")

    # The button fetches the link, then opens it in a new tab.
    with page.expect_response(re.compile(r".*/score-report$")) as answer, page.expect_popup() as popup:
        page.click(f"#exam-{sid}-report")
    link = answer.value.json()
    expires = int(parse_qs(urlparse(link["url"]).query)["X-Amz-Expires"][0])
    assert 0 < expires <= 300
    assert link["expires_in"] <= 300
    assert link["filename"].endswith(".pdf")
    popup.value.close()
    expect(page.locator("#alert")).to_contain_text(link["filename"])
    expect(page.locator(f"#exam-{sid}-report")).to_be_enabled()

    # The link is the PDF itself.
    pdf = requests.get(link["url"], timeout=30)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")

    # When the new tab is blocked, the page offers the link instead.
    page.evaluate("window.open = () => null")
    page.click(f"#exam-{sid}-report")
    fallback = page.locator(f"#exam-{sid}-report-link")
    expect(fallback).to_be_visible()
    href = fallback.get_attribute("href") or ""
    assert 0 < int(parse_qs(urlparse(href).query)["X-Amz-Expires"][0]) <= 300


# ----------------------------------------------------------------------------- continuing education


def test_continuing_education_shows_a_posted_credit(live_system, browser_page: Page) -> None:
    page = browser_page
    candidate = new_candidate(live_system)
    post_result(live_system, candidate, "200-301", score=870, passing_score=825, days_ago=20)
    status, agreement = live_system.http("GET", "/me/agreement", token=candidate.token)
    assert status == 200, agreement
    status, body = live_system.http(
        "POST", "/me/agreement", token=candidate.token, body={"version": agreement["version"]}
    )
    assert status == 200, body
    activity = "Network automation bootcamp <img src=x onerror=alert(1)>"
    accepted = post_credit(live_system, candidate, activity=activity, credits=12, days_ago=5)
    rejected = post_credit(live_system, candidate, activity="Webinar before certifying", credits=2, days_ago=40)

    log_in(page, live_system.url, candidate.email)
    nav = page.locator("#side-nav .side-nav__link")
    ids = nav.evaluate_all("links => links.map(a => a.id)")
    assert ids.index("nav-continuing-education") == ids.index("nav-certifications") + 1
    open_section(page, "nav-continuing-education", "Continuing Education")

    row = page.locator(f"#ce-credit-{dom_id(accepted)}")
    expect(row).to_contain_text(activity)  # shown as text, not markup
    expect(row).to_contain_text("Browser Test Academy")
    expect(row.locator("td.num")).to_have_text("12")
    expect(page.locator(f"#ce-credit-{dom_id(accepted)}-status")).to_contain_text("Accepted")
    expect(page.locator("#ce-ledger img")).to_have_count(0)

    refused = page.locator(f"#ce-credit-{dom_id(rejected)}-status")
    expect(refused).to_contain_text("Rejected")
    expect(refused).to_contain_text("No active certification on")

    cycle = page.locator("#ce-cycle-ccna")
    expect(cycle).to_contain_text("CCNA")
    expect(page.locator("#ce-cycle-ccna-value")).to_have_text("12 / 30 credits")
    expect(page.locator("#ce-cycle-ccna-bar")).to_have_attribute("max", "30")
    assert page.locator("#ce-cycle-ccna-bar").evaluate("el => el.value") == 12
    expect(cycle).to_contain_text("18 more needed")

    # The certification card shows the same progress toward recertification.
    open_section(page, "nav-certifications", "Certifications")
    expect(page.locator("#cert-ccna-ce-value")).to_have_text("12 / 30")
