"""The portal in headless Chromium against the running local system (guide §1-3).

Fixtures (tests/conftest.py): `live_system` (`.url`, `.demo["candidate"|"admin"]` = {email, password}
of seeded accounts with complete profiles; the admin is in group `admin`) and `browser_page` (a
Playwright `Page`). Element ids are documented at the top of each module under `portal/js/`.
"""

import re
from uuid import uuid4

import pytest
from browser.support import PASSWORD, dom_id, log_in
from playwright.sync_api import Dialog, Page, Route, expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("no_script_errors")]

#: nav link id → the page title it leads to
NAV_SECTIONS = {
    "nav-home": "Home",
    "nav-personal-info": "Personal Information",
    "nav-schedule": "Schedule",
    "nav-testing-history": "Testing History",
    "nav-certifications": "Certifications",
    "nav-transcripts": "Transcripts & Digital Badges",
    "nav-user-guide": "User Guide",
}
HOME_PANELS = {
    "panel-announcements": ("Announcements", "announcements-list"),
    "panel-activity": ("Recent Activity", "activity-list"),
    "panel-expirations": ("Upcoming Expirations", "expirations-list"),
}
PO_BOX = re.compile(r"P\.?\s*O\.?\s*Box", re.IGNORECASE)


def unique_email() -> str:
    return f"b-{uuid4().hex[:8]}@example.com"


def sign_up(page: Page, base_url: str, *, first_name: str = "Browser", last_name: str = "Tester") -> str:
    """Creates an account through the sign-up page; the local stage confirms it at once."""
    email = unique_email()
    page.goto(f"{base_url}/#/signup")
    expect(page.locator("#signup-form")).to_be_visible()
    page.fill("#signup-first-name", first_name)
    page.fill("#signup-last-name", last_name)
    page.fill("#signup-email", email)
    page.fill("#signup-password", PASSWORD)
    page.select_option("#signup-country", "US")
    page.click("#signup-submit")
    expect(page.locator("#login-form")).to_be_visible()
    expect(page.locator("#alert")).to_contain_text("account has been created")
    expect(page.locator("#login-email")).to_have_value(email)
    return email


def submit_login(page: Page, base_url: str, email: str, password: str) -> None:
    """Submits the sign-in form (opening it unless it is already shown) without waiting for Home,
    unlike support's `log_in`: a first sign-in leads to Personal Information, a wrong password stays."""
    if not page.locator("#login-form").is_visible():
        page.goto(f"{base_url}/#/login")
    expect(page.locator("#login-form")).to_be_visible()
    page.fill("#login-email", email)
    page.fill("#login-password", password)
    page.click("#login-submit")


def expect_home(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"#/home$"))
    expect(page.locator("#page-title")).to_have_text("Home")
    for panel_id, (title, list_id) in HOME_PANELS.items():
        panel = page.locator(f"#{panel_id}")
        expect(panel.locator("h2")).to_have_text(title)
        # Filled from /me/dashboard, or its empty state ("No announcements", ...).
        expect(panel.locator(f"#{list_id}, .empty")).to_be_visible()


def test_first_sign_in_leads_through_personal_info_and_refuses_a_po_box(live_system, browser_page: Page) -> None:
    page = browser_page
    email = sign_up(page, live_system.url)

    submit_login(page, live_system.url, email, PASSWORD)

    expect(page).to_have_url(re.compile(r"#/personal-info$"))
    expect(page.locator("#page-title")).to_have_text("Personal Information")
    expect(page.locator("#first-time-banner")).to_be_visible()
    expect(page.locator("#address-po-box-hint")).to_contain_text("cannot be sent to a P.O. Box")

    # Other sections stay closed until the required fields are saved.
    page.click("#nav-home")
    expect(page).to_have_url(re.compile(r"#/personal-info$"))
    expect(page.locator("#alert")).to_contain_text("complete your personal information")

    page.select_option("#address-country", "US")
    page.fill("#address-line1", "P.O. Box 123")
    page.fill("#address-city", "San Jose")
    page.select_option("#address-state", "CA")
    page.fill("#address-postal-code", "95134")
    page.click("#address-save")

    line1 = page.locator("#address-line1")
    expect(page.locator("#address-line1-error")).to_contain_text(PO_BOX)
    expect(line1).to_have_attribute("aria-invalid", "true")
    expect(line1).to_be_focused()
    expect(page.locator("#alert")).to_contain_text(PO_BOX)
    expect(page.locator("#step-mailing_address")).to_contain_text("Required")

    line1.fill("170 West Tasman Drive")
    page.click("#address-save")
    expect(page.locator("#step-mailing_address")).to_contain_text("Saved")
    expect(page.locator("#address-line1-error")).to_be_empty()
    expect(line1).not_to_have_attribute("aria-invalid", "true")

    page.check("#settings-email-opt-in-no")
    page.click("#settings-save")

    expect_home(page)
    expect(page.locator("#cta-schedule")).to_have_text(re.compile("Schedule an Exam"))


def test_markup_in_a_name_is_shown_as_text(live_system, browser_page: Page) -> None:
    page = browser_page
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    name = "<img src=x onerror=alert(1)>"
    email = sign_up(page, live_system.url, first_name=name)

    submit_login(page, live_system.url, email, PASSWORD)

    expect(page.locator("#profile-name")).to_have_text(f"{name} Tester")
    expect(page.locator("#user-name")).to_have_text(f"{name} Tester")
    expect(page.locator("img")).to_have_count(0)
    assert dialogs == []


def test_wrong_password_shows_a_clear_message(live_system, browser_page: Page) -> None:
    page = browser_page
    candidate = live_system.demo["candidate"]

    submit_login(page, live_system.url, candidate["email"], candidate["password"] + "-wrong")

    alert = page.locator("#alert")
    expect(alert).to_have_attribute("data-kind", "error")
    expect(alert).to_contain_text(re.compile(r"email or password", re.IGNORECASE))
    expect(page).to_have_url(re.compile(r"#/login$"))
    expect(page.locator("#login-password")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#side-nav")).to_be_hidden()
    assert page.evaluate("sessionStorage.getItem('certtrack.session')") is None


def test_demo_candidate_goes_home_and_navigates_by_keyboard(live_system, browser_page: Page) -> None:
    page = browser_page
    candidate = live_system.demo["candidate"]

    log_in(page, live_system.url, candidate["email"], candidate["password"])

    expect_home(page)
    expect(page.locator("#nav-admin")).to_be_hidden()

    # From the top of a fresh page, Tab reaches the navigation; Enter follows a link.
    page.reload()
    expect(page.locator("#page-title")).to_have_text("Home")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "nav-home":
            break
    expect(page.locator("#nav-home")).to_be_focused()
    page.keyboard.press("Tab")
    focused = page.locator("#nav-personal-info")
    expect(focused).to_be_focused()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    expect(page.locator("#page-title")).to_have_text("Personal Information")
    expect(focused).to_have_attribute("aria-current", "page")

    for link_id, title in NAV_SECTIONS.items():
        link = page.locator(f"#{link_id}")
        link.focus()
        page.keyboard.press("Enter")
        expect(page.locator("#page-title")).to_have_text(title)
        expect(link).to_have_attribute("aria-current", "page")
        expect(page.locator("#page")).not_to_have_attribute("aria-busy", "true")


def test_profile_update_shows_busy_state_and_persists(live_system, browser_page: Page) -> None:
    page = browser_page
    email = sign_up(page, live_system.url)
    submit_login(page, live_system.url, email, PASSWORD)
    expect(page.locator("#profile-form")).to_be_visible()

    save = page.locator("#profile-save")
    seen_while_saving: dict[str, object] = {}

    def look_while_in_flight(route: Route) -> None:
        # The request is held here until continued: the page is in its busy state meanwhile.
        if route.request.method == "PUT":
            seen_while_saving["disabled"] = save.is_disabled()
            seen_while_saving["aria-busy"] = save.get_attribute("aria-busy")
            seen_while_saving["form aria-busy"] = page.locator("#profile-form").get_attribute("aria-busy")
            seen_while_saving["label"] = save.inner_text()
        route.continue_()

    page.route("**/me/profile", look_while_in_flight)
    page.fill("#profile-company", "Acme Widgets")
    page.fill("#profile-job-title", "Network Architect")
    save.click()

    expect(page.locator("#alert")).to_contain_text("profile has been saved")
    expect(save).to_be_enabled()
    expect(save).not_to_have_attribute("aria-busy", "true")
    assert seen_while_saving == {
        "disabled": True,
        "aria-busy": "true",
        "form aria-busy": "true",
        "label": "Saving…",
    }

    page.unroute("**/me/profile")
    page.reload()
    expect(page.locator("#profile-company")).to_have_value("Acme Widgets")
    expect(page.locator("#profile-job-title")).to_have_value("Network Architect")


def test_admin_sees_support_cases_and_maps_one(live_system, browser_page: Page) -> None:
    page = browser_page
    # A candidate opens a case through the API (as the support page would).
    email = unique_email()
    api = page.request
    signup = api.post(
        f"{live_system.url}/auth/signup",
        data={
            "email": email,
            "password": PASSWORD,
            "first_name": "Case",
            "last_name": "Opener",
            "country": "US",
        },
    )
    assert signup.status == 201, signup.text()
    tokens = api.post(f"{live_system.url}/auth/login", data={"email": email, "password": PASSWORD}).json()
    bearer = {"Authorization": f"Bearer {tokens['id_token']}"}
    me = api.get(f"{live_system.url}/me", headers=bearer)
    assert me.ok, me.text()
    opened = api.post(
        f"{live_system.url}/me/support-cases",
        headers=bearer,
        data={
            "category": "account_mapping",
            "description": "Please link this sign-in to my older record.",
        },
    )
    assert opened.status == 201, opened.text()
    case_id = opened.json()["case_id"]
    sid = dom_id(case_id)

    admin = live_system.demo["admin"]
    log_in(page, live_system.url, admin["email"], admin["password"])
    page.click("#nav-admin")

    expect(page.locator("#page-title")).to_have_text("Admin — Support cases")
    expect(page.locator("#nav-admin")).to_have_attribute("aria-current", "page")
    expect(page.locator("#lookup-form")).to_be_visible()
    expect(page.locator("#admin-cases")).to_be_visible()  # the first page of open cases has loaded
    while not page.locator(f"#case-{sid}").is_visible() and page.locator("#admin-load-more").is_visible():
        page.click("#admin-load-more")
    case = page.locator(f"#case-{sid}")
    expect(case).to_contain_text(email)
    expect(case).to_contain_text("Please link this sign-in to my older record.")

    page.click(f"#map-find-{sid}")
    candidate_field = page.locator(f"#map-candidate-{sid}")
    expect(candidate_field).to_have_value(re.compile(r"^CSCO\d{8}$"))
    page.click(f"#map-submit-{sid}")

    expect(page.locator("#alert")).to_contain_text(f"Case {case_id} is resolved")
    expect(case).to_have_count(0)
