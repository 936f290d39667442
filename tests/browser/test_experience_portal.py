"""The candidate's experience (issue 16): no dead ends or false promises, the phone layout, forms
that keep what was typed, the back office's resolutions, and accessibility checked by axe-core.

axe-core comes with axe-playwright-python (pinned in requirements-dev.txt; its script is injected
into the page, nothing is fetched). Every page of the portal is checked signed out, as a candidate
and as an administrator, at 1280 and 390 px: no serious or critical violation. One browser
context per width and role is reused across its pages, so the whole sweep costs a few sign-ins.
"""

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser.support import (
    PASSWORD,
    Candidate,
    dom_id,
    log_in,
    new_candidate,
    open_section,
    post_credit,
    post_result,
    today,
    watch,
)
from playwright.sync_api import Browser, Dialog, Page, expect

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1280, "phone": 390}
PUBLIC_PAGES = ["login", "signup", "confirm", "user-guide", "verify", "transcripts", "no-such-page"]
CANDIDATE_PAGES = [
    "home",
    "personal-info",
    "schedule",
    "testing-history",
    "certifications",
    "certifications/ccna",
    "certifications/agreement",
    "continuing-education",
    "kits",
    "transcripts",
    "support",
    "user-guide",
    "admin",  # a candidate at an administrators' address
]
ADMIN_PAGES = ["admin", "admin/announcements", "admin/challenges"]
BLOCKING = {"serious", "critical"}
AXE = Axe()


def new_page(browser: Browser, base_url: str, width: int, problems: list[str]) -> Page:
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    watch(page, problems)
    return page


def show(page: Page, route: str) -> None:
    """Opens a route by its address and waits until the page has rendered its content."""
    page.goto(f"/#/{route}")
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bis-loading\b"))
    expect(page.locator("#page")).not_to_have_attribute("aria-busy", "true")
    expect(page.locator("#page .loading")).to_have_count(0)


def blocking_violations(page: Page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def check_pages(page: Page, routes: list[str], width: int) -> dict[str, list[str]]:
    """axe on each route, and on phones no sideways scrolling; the problems per route."""
    found: dict[str, list[str]] = {}
    for route in routes:
        show(page, route)
        problems = blocking_violations(page)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        if overflow > width:
            problems.append(f"the page is {overflow} px wide at {width} px")
        if problems:
            found[route] = problems
    return found


@pytest.fixture(scope="module")
def seasoned(live_system: Any) -> Candidate:
    """A candidate with something on every page: CCNA earned 400 days ago and renewed with CE
    credits (so its expiry is six years out), a failed exam outside the challenge window, a kit."""
    candidate = new_candidate(live_system, first_name="Axel", last_name="Checker", agreement=True)
    post_result(live_system, candidate, "200-301", score=880, passing_score=825, days_ago=400)
    post_result(live_system, candidate, "200-201", score=700, passing_score=825, days_ago=45)
    post_credit(live_system, candidate, activity="Instructor-led training with labs", credits=16, days_ago=10)
    post_credit(live_system, candidate, activity="Self-paced course with labs", credits=14, days_ago=9)
    return candidate


@pytest.mark.parametrize("size", WIDTHS)
def test_every_page_has_no_serious_accessibility_violation(
    browser: Browser, live_system: Any, seasoned: Candidate, size: str
) -> None:
    width = WIDTHS[size]
    problems: list[str] = []
    page = new_page(browser, live_system.url, width, problems)
    found = check_pages(page, PUBLIC_PAGES, width)
    log_in(page, live_system.url, seasoned.email)
    found |= {f"candidate {k}": v for k, v in check_pages(page, CANDIDATE_PAGES, width).items()}
    page.click("#logout-button")
    admin = live_system.demo["admin"]
    log_in(page, live_system.url, admin["email"], admin["password"])
    found |= {f"admin {k}": v for k, v in check_pages(page, ADMIN_PAGES, width).items()}
    page.context.close()
    assert found == {}
    assert problems == []


# ----------------------------------------------------------------------------- no dead ends


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def sized_page(request: pytest.FixtureRequest, browser: Browser, live_system: Any) -> Iterator[Page]:
    problems: list[str] = []
    page = new_page(browser, live_system.url, WIDTHS[request.param], problems)
    yield page
    page.context.close()
    assert problems == []


def test_a_first_visit_is_greeted_as_one_and_names_what_waits(live_system: Any, sized_page: Page) -> None:
    page = sized_page
    candidate = new_candidate(live_system, first_name="Nova")
    post_result(live_system, candidate, "200-301", score=870, passing_score=825, days_ago=3)
    log_in(page, live_system.url, candidate.email)
    expect(page.locator("#home-welcome")).to_contain_text("Welcome to certtrack, Nova.")
    expect(page.locator("#todo-agreement")).to_contain_text("Accept the Certification Agreement to activate CCNA.")
    # the kit waits for the agreement: not "ready to claim"
    expect(page.locator("#todo-kit-ccna-kit")).to_have_text("Your free CCNA kit can be claimed once CCNA is active.")
    if page.viewport_size["width"] < 860:
        page.click("#nav-toggle")
    open_section(page, "nav-certificates", "Certificates & Plaques")
    expect(page.locator("#kit-ccna-kit-claim")).to_have_count(0)
    expect(page.locator("#kit-ccna-kit-not-claimable")).to_contain_text("accept the Certification Agreement first")
    page.click("#kit-ccna-kit-agreement-link")
    page.click("#agreement-accept")
    expect(page.locator("#alert")).to_contain_text("CCNA is now active")
    # the second visit is a return; the kit is ready to claim now, and the agreement waits no more
    page.goto("/#/home")
    expect(page.locator("#home-welcome")).to_have_text("Welcome back, Nova.")
    expect(page.locator("#todo-agreement")).to_have_count(0)
    expect(page.locator("#todo-kit-ccna-kit")).to_contain_text("Your free CCNA kit is ready to claim: claim it.")
    page.click("#todo-kit-ccna-kit-link")
    expect(page.locator("#kit-ccna-kit-claim")).to_be_visible()
    expect(page.locator("#kit-ccna-kit-step-pending")).to_contain_text("Ready to claim")


def test_the_welcome_is_per_account_not_per_browser(
    live_system: Any, browser: Browser, sized_page: Page, tmp_path_factory: pytest.TempPathFactory
) -> None:
    page = sized_page
    width = page.viewport_size["width"]
    shots = tmp_path_factory.getbasetemp() / "screenshots"
    shots.mkdir(exist_ok=True)
    # GIVEN an account greeted on its first visit in one browser, which records it on the account
    iris = new_candidate(live_system, first_name="Iris")
    with page.expect_response(lambda r: r.url.endswith("/me/welcome") and r.request.method == "PUT") as recorded:
        log_in(page, live_system.url, iris.email)
    assert recorded.value.status == 204
    expect(page.locator("#home-welcome")).to_contain_text("Welcome to certtrack, Iris.")
    page.screenshot(path=shots / f"welcome-first-{width}.png", full_page=True)
    # WHEN the same account signs in from another browser (a context with storage of its own)
    problems: list[str] = []
    other = new_page(browser, live_system.url, width, problems)
    try:
        log_in(other, live_system.url, iris.email)
        # THEN it is greeted as a return, not welcomed again
        expect(other.locator("#home-welcome")).to_have_text("Welcome back, Iris.")
        other.screenshot(path=shots / f"welcome-back-{width}.png", full_page=True)
    finally:
        other.context.close()
    assert problems == []
    # AND a new account signing in on the first browser is greeted as a first visit
    page.evaluate("sessionStorage.clear()")
    omar = new_candidate(live_system, first_name="Omar")
    log_in(page, live_system.url, omar.email)
    expect(page.locator("#home-welcome")).to_contain_text("Welcome to certtrack, Omar.")


def test_a_renewed_certification_says_when_and_by_what(live_system: Any, sized_page: Page, seasoned: Candidate) -> None:
    page = sized_page
    log_in(page, live_system.url, seasoned.email)
    page.goto("/#/certifications/ccna")
    renewed = (today() - timedelta(days=9)).strftime("%b %-d, %Y")
    expect(page.locator("#cert-detail-dates-renewed")).to_have_text(f"{renewed} · recertified by 30 CE credits")
    expires = page.locator("#cert-detail-dates")
    expect(expires).to_contain_text("Expires")
    # Score, Result and Actions of each result are on screen, at both widths
    page.goto("/#/testing-history")
    row = page.locator("#exams-body tr.exam-row").first
    width = page.viewport_size["width"]
    for cell in (row.locator("[id$='-score']"), row.locator("[id$='-result']"), row.locator("td.actions button").first):
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box is not None
        assert 0 <= box["x"] <= box["x"] + box["width"] <= width, box
    # both results are older than the 30-day challenge window: no button, the day it closed instead
    expect(page.locator("button[id$='-challenge']")).to_have_count(0)
    closed = page.locator("[id$='-challenge-closed']")
    expect(closed).to_have_count(2)
    expect(closed.first).to_contain_text("Challenge window closed")


def test_a_candidate_at_an_admin_address_sees_one_message(live_system: Any, sized_page: Page) -> None:
    page = sized_page
    candidate = new_candidate(live_system)
    log_in(page, live_system.url, candidate.email)
    page.goto("/#/admin/challenges")
    expect(page.locator("#page-title")).to_have_text("Administrators only")
    expect(page.locator("#admin-only")).to_contain_text("This page is for programme administrators")
    expect(page.locator("#alert")).to_be_empty()
    expect(page.locator("#admin-tabs")).to_have_count(0)
    page.click("#admin-only-home")
    expect(page).to_have_url(re.compile(r"#/home$"))


# ----------------------------------------------------------------------------- phone


def test_on_a_phone_the_navigation_is_a_menu_behind_a_button(live_system: Any, browser: Browser) -> None:
    problems: list[str] = []
    page = new_page(browser, live_system.url, 390, problems)
    candidate = new_candidate(live_system)
    log_in(page, live_system.url, candidate.email)
    toggle = page.locator("#nav-toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#side-nav")).to_be_hidden()
    # keyboard: the button opens the menu, its links are reachable, Escape closes it on the button
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#nav-testing-history")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.locator("#nav-home")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#side-nav")).to_be_hidden()
    expect(toggle).to_be_focused()
    # every link's whole name is on screen, and choosing one closes the menu
    toggle.click()
    links = page.locator("#side-nav a:visible").all()
    assert len(links) == 9
    for link in links:
        box = link.bounding_box()
        assert box is not None
        assert 0 <= box["x"] <= box["x"] + box["width"] <= 390, box
    page.click("#nav-schedule")
    expect(page.locator("#page-title")).to_have_text("Schedule")
    expect(page.locator("#side-nav")).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    page.context.close()
    # on a wide screen there is no menu button: the navigation is always shown
    wide = new_page(browser, live_system.url, 1280, problems)
    log_in(wide, live_system.url, candidate.email)
    expect(wide.locator("#nav-toggle")).to_be_hidden()
    expect(wide.locator("#side-nav")).to_be_visible()
    wide.context.close()
    assert problems == []


# ----------------------------------------------------------------------------- forms


def test_personal_info_asks_before_unsaved_edits_are_lost(live_system: Any, sized_page: Page) -> None:
    page = sized_page
    candidate = new_candidate(live_system)
    log_in(page, live_system.url, candidate.email)
    page.goto("/#/personal-info")
    page.fill("#profile-company", "Unsaved Ltd")
    asked: list[str] = []

    def answer(dialog: Dialog, accept: bool) -> None:
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    # another section, refused: the page stays with what was typed
    page.once("dialog", lambda d: answer(d, False))
    page.goto("/#/certifications")
    expect(page.locator("#page-title")).to_have_text("Personal Information")
    expect(page.locator("#profile-company")).to_have_value("Unsaved Ltd")
    assert asked == ["You have unsaved changes in Profile. Leave this page and lose them?"]
    expect(page).to_have_url(re.compile(r"#/personal-info$"))
    # saved: no question
    page.click("#profile-save")
    expect(page.locator("#alert")).to_contain_text("Your profile has been saved.")
    page.fill("#profile-phone", "+1 415 555 0134")
    # signing out with an edit asks too; accepted, it leaves
    page.once("dialog", lambda d: answer(d, True))
    page.click("#logout-button")
    expect(page.locator("#login-form")).to_be_visible()
    assert len(asked) == 2


def test_closing_the_tab_with_unsaved_edits_asks_first(live_system: Any, browser: Browser) -> None:
    problems: list[str] = []
    page = new_page(browser, live_system.url, 1280, problems)
    candidate = new_candidate(live_system)
    log_in(page, live_system.url, candidate.email)
    page.goto("/#/personal-info")
    page.fill("#address-city", "Oakland")
    kinds: list[str] = []
    page.once("dialog", lambda d: (kinds.append(d.type), d.dismiss()))
    page.close(run_before_unload=True)
    expect(page.locator("#address-city")).to_have_value("Oakland")  # still open: the close was refused
    assert kinds == ["beforeunload"]
    page.context.close()


def test_the_password_show_button_comes_after_the_field(live_system: Any, sized_page: Page) -> None:
    page = sized_page
    for route, field in (("login", "login-password"), ("signup", "signup-password")):
        page.goto(f"/#/{route}")
        page.focus(f"#{field}")
        page.keyboard.press("Tab")
        expect(page.locator(f"#{field}-toggle")).to_be_focused()
        page.keyboard.press("Shift+Tab")
        expect(page.locator(f"#{field}")).to_be_focused()


def press_tab_to(page: Page, selector: str, limit: int = 40) -> None:
    """Presses Tab (only) until `selector` has focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} was not reached with the Tab key")


def test_keyboard_only_from_sign_up_through_the_address_to_home(live_system: Any, sized_page: Page) -> None:
    page = sized_page
    email = f"kb-{uuid4().hex[:10]}@example.com"
    page.goto("/#/signup")
    expect(page.locator("#signup-form")).to_be_visible()
    for selector, text in (
        ("#signup-first-name", "Kay"),
        ("#signup-last-name", "Board"),
        ("#signup-email", email),
        ("#signup-password", PASSWORD),
    ):
        press_tab_to(page, selector)
        page.keyboard.type(text)
    press_tab_to(page, "#signup-country")
    page.keyboard.press("ArrowDown")  # from the default, United States, to the next country
    expect(page.locator("#signup-country")).to_have_value("UM")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#signup-country")).to_have_value("US")
    press_tab_to(page, "#signup-submit")
    page.keyboard.press("Enter")
    expect(page.locator("#login-form")).to_be_visible()
    expect(page.locator("#login-email")).to_have_value(email)
    press_tab_to(page, "#login-password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#/personal-info$"))
    expect(page.locator("#first-time-banner")).to_be_visible()
    for selector, text in (
        ("#address-line1", "170 West Tasman Drive"),
        ("#address-city", "San Jose"),
        ("#address-state", "CA"),
        ("#address-postal-code", "95134"),
    ):
        press_tab_to(page, selector)
        page.keyboard.type(text)
    page.keyboard.press("Enter")
    expect(page.locator("#step-mailing_address")).to_have_class(re.compile(r"\bis-done\b"))
    press_tab_to(page, "#settings-email-opt-in-yes")
    page.keyboard.press("Space")
    press_tab_to(page, "#settings-save")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#/home$"))
    expect(page.locator("#home-welcome")).to_contain_text("Welcome to certtrack, Kay.")


# ----------------------------------------------------------------------------- back office


def test_an_admin_resolves_a_challenge_and_a_name_change_on_screen(live_system: Any, sized_page: Page) -> None:
    page = sized_page
    candidate = new_candidate(live_system, first_name="Ren", last_name="Old")
    result = post_result(live_system, candidate, "200-301", score=790, passing_score=825, days_ago=2)
    status, filed = live_system.http(
        "POST",
        f"/me/exams/{result}/challenges",
        token=candidate.token,
        body={"reason": "The simulator froze during the second section."},
    )
    assert status == 201, filed
    status, case = live_system.http(
        "POST",
        "/me/support-cases",
        token=candidate.token,
        body={"category": "profile", "description": "Please change the name on my record to: Ren New"},
    )
    assert status == 201, case
    admin = live_system.demo["admin"]
    log_in(page, live_system.url, admin["email"], admin["password"])

    page.goto("/#/admin/challenges")
    expect(page.locator("#admin-tab-challenges")).to_have_attribute("aria-current", "page")
    sid = dom_id(filed["challenge_id"])
    card = page.locator(f"#chal-{sid}")
    expect(card).to_contain_text(candidate.candidate_id)
    expect(card).to_contain_text("The simulator froze")
    page.click(f"#chal-{sid}-submit")  # nothing chosen: both fields say so
    expect(page.locator(f"#outcome-{sid}-error")).to_have_text("This field is required.")
    page.check(f"#chal-{sid}-upheld")
    page.fill(f"#chal-{sid}-note", "Simulator fault confirmed; a free retake is granted.")
    page.click(f"#chal-{sid}-submit")
    expect(page.locator("#alert")).to_contain_text(f"Challenge {filed['challenge_id']} is upheld")
    expect(card).to_have_count(0)
    status, mine = live_system.http("GET", "/me/challenges", token=candidate.token)
    assert [c["status"] for c in mine["items"]] == ["upheld"]

    page.goto("/#/admin")
    csid = dom_id(case["case_id"])
    expect(page.locator(f"#name-candidate-{csid}")).to_have_value(candidate.candidate_id)  # from the case
    expect(page.locator(f"#map-form-{csid}")).to_have_count(0)
    page.fill(f"#name-first-{csid}", "Ren")
    page.fill(f"#name-last-{csid}", "New")
    page.click(f"#name-submit-{csid}")
    expect(page.locator("#alert")).to_contain_text(f"the name on record {candidate.candidate_id} is now Ren New")
    expect(page.locator(f"#case-{csid}")).to_have_count(0)
    status, profile = live_system.http("GET", "/me/profile", token=candidate.token)
    assert (profile["first_name"], profile["last_name"]) == ("Ren", "New")
