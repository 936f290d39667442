"""Expert tenure and the expert plaque in headless Chromium against the running local system: a CCIE
held ten years shows its tenure and requests Emeritus status from its certification page (the
landing page says when eligibility starts), and the expert kit lists the plaque with what it is
engraved with, refusing a name the plaque cannot carry.

Candidates are made over the API (tests/browser/support.py) with results dated years back, as a
long-standing expert's record would be. Element ids are documented at the top of
`portal/js/pages/certifications.js`, `home.js` and `kits.js`.
"""

from datetime import date, timedelta
from typing import Any

import pytest
from browser.support import Candidate, dom_id, log_in, new_candidate, open_section, post_result, today
from playwright.sync_api import Page, expect
from programme import ccie_lab, ccie_written

from certtrack.rules.engine import add_years

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("no_script_errors")]

CCIE = "ccie-enterprise-infrastructure"
SID = dom_id(CCIE)
KIT = dom_id(f"{CCIE}-kit")
LAB_MODULES = [{"name": "Design", "score": 81}, {"name": "Deploy, Operate and Optimize", "score": 84}]


def shown(day: date) -> str:
    """A date as the portal writes it (en-US, e.g. "Jun 5, 2026")."""
    return f"{day:%b} {day.day}, {day.year}"


def expert(live_system: Any, lab_on: date, until: date | None = None, **names: str) -> Candidate:
    """A CCIE earned with the lab on `lab_on`, recertified with the core exam in every cycle since
    (or until `until`)."""
    candidate = new_candidate(live_system, agreement=True, **names)

    def passed(code: str, on: date, **extra: Any) -> None:
        days = (today() - on).days
        post_result(live_system, candidate, code, score=900, passing_score=825, days_ago=days, **extra)

    passed(ccie_written(lab_on - timedelta(days=60)), lab_on - timedelta(days=60))
    lab, modules = ccie_lab(lab_on)
    passed(lab, lab_on, sections=LAB_MODULES if lab == "ccie-ei-lab" else modules)
    for years in range(2, ((until or today()) - lab_on).days // 365, 3):
        passed(ccie_written(add_years(lab_on, years)), add_years(lab_on, years))
    return candidate


def test_a_ccie_held_ten_years_shows_its_tenure_and_requests_emeritus(live_system, browser_page: Page) -> None:
    page = browser_page
    lab_on = add_years(today(), -10) - timedelta(days=5)
    candidate = expert(live_system, lab_on, first_name="Radia", last_name="Perlman")
    log_in(page, live_system.url, candidate.email)

    # GIVEN the landing page, which says the CCIE is eligible
    tenth = shown(add_years(lab_on, 10))
    expect(page.locator(f"#emeritus-{SID}-text")).to_contain_text(f"Eligible for Emeritus status since {tenth}")

    # WHEN the candidate looks at their certifications, the card shows the tenure
    open_section(page, "nav-certifications", "Certifications")
    expect(page.locator(f"#cert-{SID}-tenure")).to_have_text("Held 10 years · Eligible for Emeritus status")

    # AND the certification page shows the years held, the eligibility and the lifetime date
    page.click(f"#cert-{SID}-link")
    expect(page.locator("#cert-emeritus-held")).to_have_text(f"10 years · since {shown(lab_on)}")
    expect(page.locator("#cert-emeritus-eligible-from")).to_have_text(f"Eligible since {tenth}")
    expect(page.locator("#cert-emeritus-lifetime-from")).to_have_text(f"From {shown(add_years(lab_on, 20))}")
    expect(page.locator("#cert-emeritus-state")).to_contain_text("you may request Emeritus status instead of")

    # WHEN they ask for it, a confirmation says what it changes; Escape leaves everything as it was
    expires_on = page.locator("#cert-detail-dates").inner_text()
    page.click("#cert-emeritus-request")
    confirm = page.locator("#cert-emeritus-confirm")
    expect(confirm).to_contain_text("is not renewed any more")
    expect(confirm).to_contain_text("keeps your certification number and history")
    expect(confirm).to_contain_text("no digital badge, PDF certificate or logo")
    page.keyboard.press("Escape")
    expect(confirm).to_have_count(0)
    expect(page.locator("#cert-emeritus-request")).to_have_attribute("aria-expanded", "false")

    page.click("#cert-emeritus-request")
    page.click("#cert-emeritus-confirm-yes")

    # THEN it is requested: active until the cycle ends, then Emeritus; the history says so
    expect(page.locator("#alert")).to_contain_text("Emeritus status requested")
    expect(page.locator("#cert-emeritus-state")).to_contain_text("stays active until")
    expect(page.locator("#cert-emeritus-request")).to_have_count(0)
    expect(page.locator("#cert-detail-status")).to_have_text("Active")
    expect(page.locator("#cert-detail-dates")).to_contain_text("Emeritus from")
    assert expires_on.split("\n")[-1] in page.locator("#cert-detail-dates").inner_text()
    expect(page.locator("#cert-history")).to_contain_text("Emeritus requested")
    expect(page.locator("#cert-options")).to_have_text("Not renewed any more: you requested Emeritus status instead.")
    status, body = live_system.http("GET", f"/me/certifications/{CCIE}", token=candidate.token)
    assert (status, body["emeritus"]["requested_on"]) == (200, today().isoformat())

    # AND the landing page and the card say when it becomes Emeritus
    open_section(page, "nav-home", "Home")
    expect(page.locator(f"#emeritus-{SID}-text")).to_contain_text("Emeritus requested: it becomes Emeritus on")
    open_section(page, "nav-certifications", "Certifications")
    expect(page.locator(f"#cert-{SID}-tenure")).to_contain_text("(requested)")


def test_a_ccie_held_nine_years_is_told_when_eligibility_starts(live_system, browser_page: Page) -> None:
    page = browser_page
    lab_on = add_years(today(), -9) - timedelta(days=30)
    candidate = expert(live_system, lab_on)
    eligible_from = shown(add_years(lab_on, 10))
    log_in(page, live_system.url, candidate.email)
    expect(page.locator(f"#emeritus-{SID}-text")).to_have_text(f"Emeritus eligibility starts on {eligible_from}.")
    open_section(page, "nav-certifications", "Certifications")
    tenure = page.locator(f"#cert-{SID}-tenure")
    expect(tenure).to_have_text(f"Held 9 years · Emeritus eligibility from {eligible_from}")
    page.click(f"#cert-{SID}-link")
    expect(page.locator("#cert-emeritus-state")).to_have_text(
        f"You can request Emeritus status from {eligible_from}, after 10 years held without a break."
    )
    expect(page.locator("#cert-emeritus-request")).to_have_count(0)


def test_a_ccie_held_twenty_years_that_lapsed_shows_as_lifetime_emeritus(live_system, browser_page: Page) -> None:
    page = browser_page
    # GIVEN a CCIE recertified for 21 years (until the cycle ending 21 years after the lab), then not
    lab_on = add_years(today(), -23)
    candidate = expert(live_system, lab_on, until=add_years(lab_on, 18))
    log_in(page, live_system.url, candidate.email)
    # THEN it is Emeritus, for life, in a group of its own, without expiry or recertification
    open_section(page, "nav-certifications", "Certifications")
    expect(page.locator(f"#cert-group-emeritus #cert-{SID}-status")).to_have_text("Emeritus")
    expect(page.locator(f"#cert-{SID}-tenure")).to_have_text("Held 23 years · Lifetime Emeritus")
    page.click(f"#cert-{SID}-link")
    expect(page.locator("#cert-detail-dates")).to_contain_text(f"Emeritus since{shown(add_years(lab_on, 21))}")
    twentieth = shown(add_years(lab_on, 20))
    expect(page.locator("#cert-emeritus-state")).to_contain_text(f"Lifetime Emeritus since {twentieth}")
    expect(page.locator("#cert-options")).to_have_text("Emeritus status is not recertified.")
    expect(page.locator("#cert-history")).to_contain_text("Lifetime Emeritus")
    expect(page.locator("#cert-logos-unavailable")).to_be_visible()


def test_the_expert_kit_lists_the_plaque_and_its_engraving(live_system, browser_page: Page) -> None:
    page = browser_page
    lab_on = today() - timedelta(days=12)
    candidate = expert(live_system, lab_on, first_name="Radia", last_name="Perlman")
    number = f"CCIE-ENTERPRISE-INFRASTRUCTURE-{candidate.candidate_id.removeprefix('CSCO')}-{lab_on:%Y%m%d}"
    log_in(page, live_system.url, candidate.email)
    open_section(page, "nav-certificates", "Certificates & Plaques")

    # GIVEN the pending CCIE kit: certificate, wallet card and plaque, and what the plaque will carry
    expect(page.locator(f"#kit-{KIT}-contents li")).to_have_text(["Certificate", "Wallet card", "Plaque"])
    expect(page.locator(f"#kit-{KIT}-engraving")).to_have_text(f"Plaque to be engraved with Radia Perlman · {number}")

    # WHEN it is claimed, the confirmation names the engraving; THEN the claim fixes it
    page.click(f"#kit-{KIT}-claim")
    expect(page.locator(f"#kit-{KIT}-confirm-engraving")).to_contain_text("Radia Perlman")
    page.click(f"#kit-{KIT}-claim-confirm")
    expect(page.locator("#alert")).to_contain_text("kit is ordered")
    expect(page.locator(f"#kit-{KIT}-engraving")).to_have_text(f"Plaque engraved with Radia Perlman · {number}")


def test_a_name_the_plaque_cannot_carry_is_refused_with_the_way_to_fix_it(live_system, browser_page: Page) -> None:
    page = browser_page
    candidate = expert(
        live_system, today() - timedelta(days=12), first_name="Maximiliana Alexandrina", last_name="Featherstonehaugh"
    )
    log_in(page, live_system.url, candidate.email)
    open_section(page, "nav-certificates", "Certificates & Plaques")
    page.click(f"#kit-{KIT}-claim")
    page.click(f"#kit-{KIT}-claim-confirm")
    refusal = page.locator(f"#kit-{KIT}-refusal")
    expect(refusal).to_contain_text("a plaque holds at most 40")
    expect(page.locator(f"#kit-{KIT}-refusal-link")).to_have_attribute("href", "#/support")
    expect(page.locator(f"#kit-{KIT}")).to_have_attribute("data-status", "pending")
