"""The mailing address's state field (guide §2): the country's subdivisions offered as a list, named
as the country names them, required only where addresses carry one; a name typed into the API is
shown by name. At desktop and phone widths, in headless Chromium against the running local system.
Element ids are documented at the top of `portal/js/pages/personal-info.js`."""

from typing import Any

import pytest
from browser.support import log_in, new_candidate, watch
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_the_state_is_chosen_from_the_countrys_list_and_saved_as_its_code(
    live_system: Any, browser_page: Page, width: int
) -> None:
    page = browser_page
    problems: list[str] = []
    watch(page, problems)
    page.set_viewport_size({"width": width, "height": 900})
    candidate = new_candidate(live_system)
    log_in(page, live_system.url, candidate.email)
    page.goto(f"{live_system.url}/#/personal-info")
    state = page.locator("#address-state")
    # GIVEN the US address on file: its state is selected by name
    expect(state.locator("option:checked")).to_have_text("California")
    # WHEN the country becomes India, THEN its states are offered and one is required
    page.select_option("#address-country", "IN")
    expect(page.locator("label[for='address-state']")).to_contain_text("State")
    expect(state.locator("option[value='MH']")).to_have_text("Maharashtra")
    expect(state).to_have_attribute("required", "")
    page.fill("#address-line1", "12 Marine Drive")
    page.fill("#address-city", "Mumbai")
    page.fill("#address-postal-code", "400020")
    page.click("#address-save")
    expect(page.locator("#address-state-error")).to_have_text("This field is required.")
    page.select_option("#address-state", label="Maharashtra")
    page.click("#address-save")
    expect(page.locator("#alert")).to_contain_text("saved")
    status, saved = live_system.http("GET", "/me/addresses/mailing", token=candidate.token)
    assert (status, saved["state"], saved["state_name"]) == (200, "MH", "Maharashtra")
    # AND the field fits the phone's width
    box = state.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= width
    # WHEN the country has no state in its addresses (Germany), THEN choosing one is optional
    page.select_option("#address-country", "DE")
    expect(state.locator("option[value='BY']")).to_have_text("Bavaria")
    expect(state).not_to_have_attribute("required", "")
    assert problems == []  # no script error on the way
