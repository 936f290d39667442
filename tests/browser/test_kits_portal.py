"""Certificates & Plaques (guide §7-8) in headless Chromium against the running local system: claim
a certification kit and follow it to Shipped, download a PDF certificate and check its code on the
public verification page, get the logo files of a certification, claim the 25-year jacket.

Candidates are made over the API (tests/browser/support.py); the local system's workers consume
the fulfillment queue with the fake kit vendor, as they do in `make run`. Element ids are documented
at the top of `portal/js/pages/kits.js`, `verify.js` and `certifications.js`.
"""

import io
import re
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from browser.support import (
    ADDRESS,
    Candidate,
    dom_id,
    log_in,
    new_candidate,
    open_section,
    post_result,
    post_signed,
    today,
    watch,
)
from playwright.sync_api import Page, expect
from programme import ccna_exam
from pypdf import PdfReader

from certtrack.rules.engine import add_years

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("no_script_errors")]

# Records the addresses the page opens in new tabs, and still opens them.
RECORD_OPENED = """
window.__opened = [];
const open = window.open.bind(window);
window.open = (url, ...rest) => { window.__opened.push(String(url)); return open(url, ...rest); };
"""


def ccna_holder(live_system: Any, **names: str) -> Candidate:
    """Agreement accepted, CCNA passed ten days ago: active, with its kit pending."""
    candidate = new_candidate(live_system, agreement=True, **names)
    post_result(live_system, candidate, "200-301", score=901, passing_score=825, days_ago=10)
    return candidate


def open_certificates_page(page: Page, live_system: Any, candidate: Candidate) -> None:
    log_in(page, live_system.url, candidate.email)
    open_section(page, "nav-certificates", "Certificates & Plaques")


def test_a_kit_is_claimed_once_to_the_address_on_file_and_followed_to_shipped(live_system, browser_page: Page) -> None:
    page = browser_page
    candidate = ccna_holder(live_system)
    open_certificates_page(page, live_system, candidate)
    status, kits = live_system.http("GET", "/me/kits", token=candidate.token)
    assert status == 200, kits
    (kit,) = kits["items"]
    sid = dom_id(kit["kit_id"])

    # GIVEN the pending CCNA kit
    card = page.locator(f"#kit-{sid}")
    expect(card).to_have_attribute("data-status", "pending")
    expect(page.locator(f"#kit-{sid}-title")).to_have_text("CCNA certification kit")
    expect(page.locator(f"#kit-{sid}-step-pending")).to_have_attribute("aria-current", "step")

    # WHEN the candidate asks to claim it, the address on file is shown for confirmation
    page.click(f"#kit-{sid}-claim")
    expect(page.locator(f"#kit-{sid}-claim")).to_have_attribute("aria-expanded", "true")
    address = page.locator(f"#kit-{sid}-address")
    expect(address).to_contain_text(ADDRESS["line1"])
    expect(address).to_contain_text("San Jose, CA 95134")
    expect(address).to_contain_text("United States")
    # ... Cancel (and Escape) leave it unclaimed
    page.click(f"#kit-{sid}-claim-cancel")
    expect(page.locator(f"#kit-{sid}-confirm")).to_have_count(0)
    expect(card).to_have_attribute("data-status", "pending")

    page.click(f"#kit-{sid}-claim")
    page.click(f"#kit-{sid}-claim-confirm")

    # THEN it is ordered, to that address, with the 12-16 week window
    expect(page.locator("#alert")).to_contain_text("kit is ordered")
    expect(card).to_have_attribute("data-status", "ordered")
    expect(page.locator(f"#kit-{sid}-step-ordered")).to_have_attribute("aria-current", "step")
    expect(page.locator(f"#kit-{sid}-ship-to")).to_contain_text(ADDRESS["line1"])
    expect(page.locator(f"#kit-{sid}-window")).to_contain_text("12-16 weeks")
    expect(page.locator(f"#kit-{sid}-claim")).to_have_count(0)

    # ... the fulfillment worker places one vendor order, shown once the page is read again
    order_id = None
    for _ in range(60):
        _, kits = live_system.http("GET", "/me/kits", token=candidate.token)
        order_id = kits["items"][0].get("order_id")
        if order_id:
            break
        page.wait_for_timeout(250)
    assert order_id, kits
    page.reload()
    expect(page.locator(f"#kit-{sid}-order")).to_have_text(order_id)

    # ... and a second claim (another tab) orders nothing more: 409 already_claimed
    status, again = live_system.http("POST", f"/me/kits/{kit['kit_id']}/claim", token=candidate.token)
    assert (status, again["error"]["code"]) == (409, "already_claimed")

    # WHEN the vendor reports the shipment
    post_signed(
        live_system.url,
        f"/vendor/kit-orders/{order_id}/status",
        {"status": "shipped", "carrier": "UPS", "tracking_number": "1Z999AA10123456784"},
        expected=200,
    )
    page.reload()
    # THEN the timeline shows it shipped, with the carrier and tracking number
    expect(card).to_have_attribute("data-status", "shipped")
    expect(page.locator(f"#kit-{sid}-step-shipped")).to_have_attribute("aria-current", "step")
    expect(page.locator(f"#kit-{sid}-tracking")).to_contain_text("1Z999AA10123456784")
    expect(page.locator(f"#kit-{sid}-steps")).to_contain_text("UPS")
    page.click(f"#kit-{sid}-history summary")
    expect(page.locator(f"#kit-{sid}-history li")).to_have_count(4)  # pending, claimed, vendor order, shipped


def test_the_pdf_certificate_downloads_and_its_code_verifies_publicly(live_system, browser, browser_page: Page) -> None:
    page = browser_page
    candidate = ccna_holder(live_system, first_name="Ines", last_name="Okafor")
    page.add_init_script(RECORD_OPENED)
    open_certificates_page(page, live_system, candidate)

    # WHEN the candidate downloads the CCNA certificate
    row = page.locator("#certificate-ccna")
    expect(row).to_have_attribute("data-status", "active")
    with page.expect_popup() as popup:
        page.click("#certificate-ccna-download")
    popup.value.close()
    code = page.locator("#certificate-ccna-code")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$"))
    verification_code = code.inner_text()
    expect(page.locator("#alert")).to_contain_text(verification_code)

    # THEN the tab opened a short-lived link to the PDF, whose text names holder, certification and code
    (url,) = page.evaluate("window.__opened")
    assert int(parse_qs(urlparse(url).query)["X-Amz-Expires"][0]) <= 300
    response = requests.get(url, timeout=30)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("Ines Okafor", "CCNA", verification_code, page.locator("#certificate-ccna-number").inner_text()):
        assert expected in text, (expected, text)

    # ... and a third party, not signed in, sees it is valid from the verification link
    verify_href = page.locator("#certificate-ccna-verify-link").get_attribute("href")
    assert verify_href == f"#/verify/{verification_code}"
    third_party = browser.new_context(base_url=live_system.url)
    try:
        other = third_party.new_page()
        problems: list[str] = []
        watch(other, problems)
        other.goto(f"{live_system.url}/{verify_href}")
        expect(other.locator("#verify-result")).to_have_attribute("data-status", "active")
        expect(other.locator("#verify-status")).to_have_text("Active")
        expect(other.locator("#verify-holder")).to_have_text("Ines Okafor")
        expect(other.locator("#verify-certification")).to_have_text("CCNA")
        expect(other.locator("#verify-signin-link")).to_be_visible()
        # ... a mistyped code is "not found", typed into the form
        other.fill("#verify-code", verification_code[:-1] + ("A" if verification_code[-1] != "A" else "B"))
        other.click("#verify-submit")
        expect(other.locator("#verify-result")).to_have_attribute("data-status", "not_found")
        # ... and a code too short to be one is refused in place
        other.fill("#verify-code", "ABC")
        other.click("#verify-submit")
        expect(other.locator("#verify-code-error")).to_contain_text("16 letters and digits")
        assert problems == []
    finally:
        third_party.close()


def test_a_kit_whose_certification_is_revoked_while_claiming_is_refused_with_the_reason(
    live_system, browser_page: Page
) -> None:
    from browser.test_badges_portal import admin_token

    page = browser_page
    candidate = ccna_holder(live_system)
    open_certificates_page(page, live_system, candidate)
    # GIVEN the confirmation of a claim open while the certification is active
    page.click("#kit-ccna-kit-claim")
    expect(page.locator("#kit-ccna-kit-address")).to_contain_text(ADDRESS["line1"])
    # WHEN an administrator revokes the certification before the candidate confirms
    status, body = live_system.http(
        "POST",
        "/admin/certifications/revocations",
        token=admin_token(live_system),
        body={"candidate_id": candidate.candidate_id, "cert_id": "ccna", "reason": "Exam content shared online"},
    )
    assert status in (200, 201), body
    page.click("#kit-ccna-kit-claim-confirm")
    # THEN the claim is refused with the API's reason, and the kit stays pending
    expect(page.locator("#kit-ccna-kit-refusal")).to_contain_text("CCNA was revoked")
    expect(page.locator("#alert")).to_contain_text("nothing was ordered")
    expect(page.locator("#kit-ccna-kit")).to_have_attribute("data-status", "pending")
    status, kits = live_system.http("GET", "/me/kits", token=candidate.token)
    assert (status, kits["items"][0]["status"]) == (200, "pending")


def end_cycle_yesterday(live_system: Any, candidate: Candidate, cert_id: str = "ccna") -> str:
    """The day after a cycle's end as the table holds it until the next evaluation: the certification's
    cycle ended yesterday and its item still says active (the day a cycle ends re-evaluates no one).
    Yesterday's date."""
    ended = (today() - timedelta(days=1)).isoformat()
    dynamodb, table = live_system.table()
    dynamodb.update_item(
        TableName=table,
        Key={"pk": {"S": f"CAND#{candidate.candidate_id}"}, "sk": {"S": f"D#CERT#{cert_id}"}},
        UpdateExpression="SET expires_on = :ended",
        ConditionExpression="#s = :active",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":ended": {"S": ended}, ":active": {"S": "active"}},
    )
    return ended


@pytest.mark.parametrize("width", [1280, 390])
def test_a_kit_whose_certification_cycle_has_ended_is_not_offered_and_says_why(
    live_system, browser_page: Page, width: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    shots = tmp_path_factory.getbasetemp() / "screenshots"
    shots.mkdir(exist_ok=True)
    # GIVEN a pending CCNA kit whose certification's cycle ended yesterday, its item not yet re-evaluated
    candidate = ccna_holder(live_system)
    ended = end_cycle_yesterday(live_system, candidate)
    reason = f"CCNA expired on {ended}: recertify to make it active again, then claim the kit."
    # WHEN the candidate signs in, THEN Home names the kit as not claimable, and why, with no claim link
    log_in(page, live_system.url, candidate.email)
    expect(page.locator("#todo-kit-ccna-kit")).to_have_text(f"Your free CCNA kit cannot be claimed now. {reason}")
    expect(page.locator("#todo-kit-ccna-kit-link")).to_have_count(0)
    page.screenshot(path=shots / f"home-kit-cycle-ended-{width}.png", full_page=True)
    # AND the kits page shows it pending, not claimable, with the reason instead of a Claim button
    page.goto(f"{live_system.url}/#/kits")
    expect(page.locator("#kit-ccna-kit")).to_have_attribute("data-status", "pending")
    expect(page.locator("#kit-ccna-kit-reason")).to_have_text(f"Not claimable now. {reason}")
    expect(page.locator("#kit-ccna-kit-step-pending")).to_contain_text("Not claimable now")
    expect(page.locator("#kit-ccna-kit-claim")).to_have_count(0)
    box = page.locator("#kit-ccna-kit-reason").bounding_box()
    assert box is not None
    assert 0 <= box["x"] <= box["x"] + box["width"] <= width, box
    page.locator("#kit-ccna-kit").screenshot(path=shots / f"kit-cycle-ended-{width}.png")
    page.screenshot(path=shots / f"kits-cycle-ended-{width}.png", full_page=True)


def test_a_blocked_tab_offers_the_link_and_a_pending_certification_says_why_there_is_no_pdf(
    live_system, browser_page: Page
) -> None:
    page = browser_page
    candidate = new_candidate(live_system)  # agreement not accepted
    post_result(live_system, candidate, "200-301", score=880, passing_score=825, days_ago=3)
    page.add_init_script("window.open = () => null;")
    open_certificates_page(page, live_system, candidate)

    # A certification waiting for the agreement has no PDF, and says what to do
    expect(page.locator("#certificate-ccna")).to_have_attribute("data-status", "pending_agreement")
    expect(page.locator("#certificate-ccna-download")).to_have_count(0)
    expect(page.locator("#certificate-ccna-reason")).to_contain_text("Certification Agreement")
    expect(page.locator("#certificate-ccna-agreement-link")).to_have_attribute("href", "#/certifications/agreement")

    # Once accepted, the PDF is offered; with new tabs blocked the link itself is shown
    status, current = live_system.http("GET", "/me/agreement", token=candidate.token)
    assert status == 200
    status, body = live_system.http(
        "POST", "/me/agreement", token=candidate.token, body={"version": current["version"]}
    )
    assert status == 200, body
    page.reload()
    page.click("#certificate-ccna-download")
    link = page.locator("#certificate-ccna-link")
    expect(link).to_be_focused()
    expect(link).to_have_text(re.compile(r"^Download .+\.pdf$"))
    href = link.get_attribute("href")
    assert int(parse_qs(urlparse(href).query)["X-Amz-Expires"][0]) <= 300
    assert requests.get(href, timeout=30).content.startswith(b"%PDF")


def test_logo_files_are_offered_for_an_active_certification_with_the_usage_terms(
    live_system, browser_page: Page
) -> None:
    page = browser_page
    candidate = ccna_holder(live_system)
    log_in(page, live_system.url, candidate.email)
    page.goto(f"{live_system.url}/#/certifications/ccna")
    expect(page.locator("#cert-detail-status")).to_have_text("Active")

    page.click("#cert-logos-get")
    expect(page.locator("#cert-logos-terms")).to_contain_text("while it is active")
    for variant in ("light", "dark"):
        for fmt, content_type in (("svg", "image/svg+xml"), ("png", "image/png")):
            href = page.locator(f"#cert-logo-{variant}-{fmt}").get_attribute("href")
            assert int(parse_qs(urlparse(href).query)["X-Amz-Expires"][0]) <= 300
            response = requests.get(href, timeout=30)
            assert response.status_code == 200, (variant, fmt)
            assert response.headers["Content-Type"] == content_type
            assert f"ccna-{variant}.{fmt}" in response.headers["Content-Disposition"]

    # An in-progress certification offers none (the core exam alone does not earn CCNP Enterprise)
    post_result(live_system, candidate, "350-401", score=870, passing_score=825, days_ago=5)
    page.goto(f"{live_system.url}/#/certifications/ccnp-enterprise")
    expect(page.locator("#cert-detail-status")).to_have_text("In progress")
    expect(page.locator("#cert-logos-unavailable")).to_be_visible()
    expect(page.locator("#cert-logos-get")).to_have_count(0)


def test_the_anniversary_jacket_is_claimed_with_the_emailed_token_once(live_system, browser_page: Page) -> None:
    page = browser_page
    # GIVEN a candidate first certified 26 years ago, active on the anniversary and today
    candidate = new_candidate(live_system, agreement=True)
    first_on = today() - timedelta(days=26 * 365)
    post_result(live_system, candidate, ccna_exam(first_on), score=900, passing_score=825, days_ago=26 * 365)
    # earned again 23 years later: active on the 25th anniversary and today
    again = add_years(first_on, 23)
    post_result(live_system, candidate, ccna_exam(again), score=900, passing_score=825, days_ago=(today() - again).days)
    status, benefits = live_system.http("GET", "/me/benefits", token=candidate.token)
    assert status == 200, benefits
    (benefit,) = benefits["items"]
    sid = dom_id(benefit["benefit_id"])
    token = benefit["token"]
    open_certificates_page(page, live_system, candidate)

    section = page.locator("#benefits-section")
    expect(section).to_be_visible()
    expect(page.locator(f"#benefit-{sid}")).to_have_attribute("data-status", "available")
    expect(page.locator(f"#benefit-{sid}-token")).to_have_text(token)
    expect(page.locator(f"#benefit-{sid}-since")).to_contain_text(str((today() - timedelta(days=26 * 365)).year))
    expect(page.locator(f"#benefit-{sid}-address")).to_contain_text(ADDRESS["line1"])

    # WHEN a wrong token is entered, it is refused on the field
    page.fill(f"#benefit-{sid}-token-input", "not-the-token")
    page.select_option(f"#benefit-{sid}-size", "L")
    page.click(f"#benefit-{sid}-claim")
    expect(page.locator(f"#benefit-{sid}-token-input-error")).to_contain_text("not the token")
    expect(page.locator(f"#benefit-{sid}")).to_have_attribute("data-status", "available")

    # WHEN the emailed token is entered
    page.fill(f"#benefit-{sid}-token-input", token)
    page.click(f"#benefit-{sid}-claim")
    # THEN the jacket is ordered in that size and the token is blank from now on
    expect(page.locator(f"#benefit-{sid}")).not_to_have_attribute("data-status", "available")
    expect(page.locator(f"#benefit-{sid}-size-chosen")).to_have_text("L")
    expect(page.locator(f"#benefit-{sid}-token")).to_have_text("")
    expect(page.locator(f"#benefit-{sid}-form")).to_have_count(0)
    _, after = live_system.http("GET", "/me/benefits", token=candidate.token)
    assert after["items"][0]["token"] in (None, "")
    status, again = live_system.http(
        "POST", f"/me/benefits/{benefit['benefit_id']}/claim", token=candidate.token, body={"token": token, "size": "L"}
    )
    assert (status, again["error"]["code"]) == (409, "already_claimed")
