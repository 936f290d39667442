"""Schedule (guide §10) in headless Chromium against the running local system: find sittings of an
exam in a country, see them in the centre's local time, book with the test card (a declined card
books nothing), see the receipt, reschedule, then cancel with the cut-off shown beforehand and the
refund on the receipt. Element ids are documented at the top of `portal/js/pages/schedule.js`."""

from datetime import timedelta

import pytest
from browser.support import dom_id, log_in, new_candidate, open_section, today
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("no_script_errors")]


def find_sittings(page: Page, country: str = "GB") -> None:
    page.select_option("#schedule-exam", "200-301")
    page.select_option("#schedule-delivery", "test_center")
    page.select_option("#schedule-country", country)
    page.fill("#schedule-from", (today() + timedelta(days=3)).isoformat())
    page.fill("#schedule-to", (today() + timedelta(days=12)).isoformat())
    page.click("#schedule-search")
    expect(page.locator("#schedule-slots li").first).to_be_visible()


def test_book_reschedule_and_cancel_an_exam(live_system, browser_page: Page) -> None:
    page = browser_page
    candidate = new_candidate(live_system, agreement=True)
    log_in(page, live_system.url, candidate.email)
    open_section(page, "nav-schedule", "Schedule")
    expect(page.locator("#appointments-empty")).to_be_visible()
    expect(page.locator("#receipts-empty")).to_be_visible()

    # GIVEN the sittings of CCNA in Great Britain, in London's local time
    find_sittings(page)
    first = page.locator("#schedule-slots li").first
    slot_sid = first.get_attribute("id").removeprefix("slot-")
    expect(page.locator(f"#slot-{slot_sid}-time")).to_contain_text("GMT")
    expect(page.locator(f"#slot-{slot_sid}-price")).to_have_text("300.00 USD")

    # WHEN a declined card is used, THEN nothing is booked
    page.click(f"#slot-{slot_sid}-select")
    page.select_option("#book-card", "tok_chargeDeclined")
    page.click("#book-confirm")
    expect(page.locator("#alert")).to_contain_text("declined")
    status, listed = live_system.http("GET", "/me/appointments", token=candidate.token)
    assert (status, listed["items"]) == (200, [])

    # WHEN the test card that succeeds is used, THEN the appointment and its receipt appear
    page.select_option("#book-card", "tok_visa")
    page.click("#book-confirm")
    expect(page.locator("#alert")).to_contain_text("Confirmation number")
    (appointment,) = live_system.http("GET", "/me/appointments?when=upcoming", token=candidate.token)[1]["items"]
    sid = dom_id(appointment["appointment_id"])
    card = page.locator(f"#appointment-{sid}")
    expect(card).to_have_attribute("data-status", "scheduled")
    expect(page.locator(f"#appointment-{sid}-cutoff")).to_contain_text("Changes allowed until")
    receipt_sid = dom_id(appointment["receipt_id"])
    expect(page.locator(f"#receipt-{receipt_sid}-total")).to_have_text("360.00 USD")

    # WHEN it is rescheduled to another sitting
    page.click(f"#appointment-{sid}-reschedule")
    expect(page.locator("#schedule-mode")).to_be_visible()
    other = page.locator("#schedule-slots li").nth(1)
    other_sid = other.get_attribute("id").removeprefix("slot-")
    page.click(f"#slot-{other_sid}-select")
    expect(page.locator("#alert")).to_contain_text("Rescheduled")
    expect(page.locator(f"#appointment-{sid}")).to_have_attribute("data-status", "rescheduled")

    # WHEN it is cancelled, the confirmation says what is refunded, and the receipt shows the refund
    page.click(f"#appointment-{sid}-cancel")
    expect(page.locator(f"#appointment-{sid}-confirm-text")).to_contain_text("refunded")
    page.click(f"#appointment-{sid}-confirm")
    expect(page.locator("#alert")).to_contain_text("Cancelled")
    expect(page.locator(f"#appointment-{sid}")).to_have_attribute("data-status", "cancelled")
    expect(page.locator(f"#receipt-{receipt_sid}-refunds")).to_contain_text("360.00 USD")


def test_home_shows_the_next_appointment(live_system, browser_page: Page) -> None:
    page = browser_page
    candidate = new_candidate(live_system, agreement=True)
    status, found = live_system.http(
        "GET", f"/exams/200-301/availability?country=US&from={(today() + timedelta(days=3)).isoformat()}"
    )
    assert status == 200, found
    slot = found["items"][0]
    status, booked = live_system.http(
        "POST",
        "/me/appointments",
        token=candidate.token,
        body={"exam_code": "200-301", "slot_id": slot["slot_id"], "payment": {"token": "tok_visa"}},
    )
    assert status == 201, booked
    log_in(page, live_system.url, candidate.email)
    row = page.locator(f"#appointment-next-{dom_id(booked['appointment_id'])}")
    expect(row).to_contain_text("200-301")
    expect(row).to_contain_text(slot["center"]["name"])
