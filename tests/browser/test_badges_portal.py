"""Digital badges (guide §9) in headless Chromium against the running local system: a certification
becomes active and its badge appears on Transcripts & Digital Badges, ready for LinkedIn; its public
page, opened by someone who is not signed in, checks the credential in that browser (signature
against the published keys, revocation bit in the signed status list, validity) and says Valid;
once an admin revokes the certification, the same page says Revoked, with the reason.

Candidates are made over the API (tests/browser/support.py). Element ids are documented at the top
of `portal/js/pages/transcripts.js` and `portal/js/pages/badge.js`.
"""

from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from browser.support import Candidate, dom_id, log_in, new_candidate, open_section, post_result, public_page
from playwright.sync_api import Browser, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("no_script_errors")]

CHECKS = ("format", "key", "signature", "content", "status", "validity")


def ccna_badge(live_system: Any, candidate: Candidate) -> dict[str, Any]:
    """Agreement accepted, CCNA passed ten days ago: the certification is active and has its badge."""
    post_result(live_system, candidate, "200-301", score=901, passing_score=825, days_ago=10)
    status, badges = live_system.http("GET", "/me/badges", token=candidate.token)
    assert status == 200, badges
    (badge,) = badges["items"]
    return badge


def admin_token(live_system: Any) -> str:
    admin = live_system.demo["admin"]
    status, tokens = live_system.http(
        "POST", "/auth/login", body={"email": admin["email"], "password": admin["password"]}
    )
    assert status == 200, tokens
    return tokens["id_token"]


def test_a_badge_goes_to_linkedin_and_verifies_publicly_until_it_is_revoked(
    live_system, browser: Browser, browser_page: Page
) -> None:
    page = browser_page
    candidate = new_candidate(live_system, first_name="Ines", last_name="Okafor", agreement=True)
    badge = ccna_badge(live_system, candidate)
    badge_id = badge["badge_id"]
    sid = dom_id(badge_id)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, live_system.url, candidate.email)
    open_section(page, "nav-transcripts", "Transcripts & Digital Badges")

    # GIVEN the CCNA badge, active, with its baked image
    card = page.locator(f"#badge-{sid}")
    expect(card).to_have_attribute("data-status", "active")
    expect(page.locator(f"#badge-{sid}-title")).to_have_text("CCNA")
    expect(page.locator(f"#badge-{sid}-status")).to_have_text("Active")
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=page.locator(f"#badge-{sid}-image").element_handle()
    )

    # THEN "Add to LinkedIn" opens LinkedIn's add-to-profile form filled in for this badge
    linkedin = page.locator(f"#badge-{sid}-linkedin")
    expect(linkedin).to_have_attribute("target", "_blank")
    href = urlparse(linkedin.get_attribute("href") or "")
    assert (href.scheme, href.netloc, href.path) == ("https", "www.linkedin.com", "/profile/add")
    query = parse_qs(href.query)
    issued = date.fromisoformat(badge["issued_on"])
    assert query["startTask"] == ["CERTIFICATION_NAME"]
    assert query["name"] == [badge["name"]]
    assert query["organizationName"][0]
    assert query["certId"] == [badge_id]
    assert query["certUrl"] == [badge["verify_url"]]
    assert (query["issueYear"], query["issueMonth"]) == ([str(issued.year)], [str(issued.month)])
    assert urlparse(badge["verify_url"]).fragment == f"/badges/{badge_id}"
    expect(page.locator(f"#badge-{sid}-verify")).to_have_attribute("href", badge["verify_url"])

    # ... "Copy link" puts the address to share (the page with link previews) on the clipboard and says so
    page.click(f"#badge-{sid}-copy")
    expect(page.locator(f"#badge-{sid}-copied")).to_contain_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == badge["share_url"]

    # ... and the download links give the baked PNG (the signed credential inside) and the credential
    status, detail = live_system.http("GET", f"/me/badges/{badge_id}", token=candidate.token)
    assert status == 200, detail
    expect(page.locator(f"#badge-{sid}-png")).to_have_attribute("download", "ccna-badge.png")
    expect(page.locator(f"#badge-{sid}-jwt")).to_have_attribute("download", "ccna-badge.jwt")
    png = requests.get(page.locator(f"#badge-{sid}-png").get_attribute("href") or "", timeout=30)
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert detail["jwt"].encode() in png.content
    jwt = requests.get(page.locator(f"#badge-{sid}-jwt").get_attribute("href") or "", timeout=30)
    assert jwt.text.strip() == detail["jwt"]

    # WHEN someone who is not signed in follows the shared link, which forwards to the public page
    problems: list[str] = []
    other = public_page(browser, live_system, problems)
    try:
        other.goto(badge["share_url"])
        expect(other).to_have_url(badge["verify_url"])
        # THEN their browser verified it: Valid, every check passed
        result = other.locator("#badge-verify-result")
        expect(result).to_have_attribute("data-verdict", "valid")
        expect(other.locator("#badge-verify-status")).to_have_text("Valid")
        for check in CHECKS:
            expect(other.locator(f"#badge-verify-step-{check}")).to_have_attribute("data-result", "passed")
        expect(other.locator("#badge-verify-holder")).to_have_text("Ines Okafor")
        expect(other.locator("#badge-verify-certification")).to_have_text("CCNA")
        expect(other.locator("#badge-verify-id")).to_have_text(badge_id)
        expect(other.locator("#side-nav")).to_be_hidden()
        assert other.title().startswith("CCNA digital badge of Ines Okafor")

        # WHEN an admin revokes the certification
        reason = "Exam content shared online"
        status, body = live_system.http(
            "POST",
            "/admin/certifications/revocations",
            token=admin_token(live_system),
            body={"candidate_id": candidate.candidate_id, "cert_id": "ccna", "reason": reason},
        )
        assert status in (200, 201), body
        # the badges consumer marks the badge and re-signs the status list after the revocation's event
        # (asynchronously, within seconds): a verifier looks again once that has happened
        assert requests.post(live_system.url + "/dev/queues/drain", timeout=60).status_code == 200

        # THEN the public page, read again, finds the bit set in the signed list: Revoked, with the reason
        other.reload()
        expect(result).to_have_attribute("data-verdict", "revoked")
        expect(other.locator("#badge-verify-status")).to_have_text("Revoked")
        expect(other.locator("#badge-verify-summary")).to_contain_text(reason)
        expect(other.locator("#badge-verify-step-signature")).to_have_attribute("data-result", "passed")
        expect(other.locator("#badge-verify-step-status")).to_have_attribute("data-result", "failed")
        expect(other.locator("#badge-verify-step-status-detail")).to_contain_text("Revoked")
        assert problems == []
    finally:
        other.context.close()

    # ... and the holder's card says Revoked, why, and no longer offers LinkedIn
    page.reload()
    expect(card).to_have_attribute("data-status", "revoked")
    expect(page.locator(f"#badge-{sid}-status")).to_have_text("Revoked")
    expect(page.locator(f"#badge-{sid}-reason")).to_contain_text(reason)
    expect(page.locator(f"#badge-{sid}-linkedin")).to_have_count(0)


def test_no_badge_yet_points_to_certifications_and_credly_is_linked_from_personal_info(
    live_system, browser: Browser, browser_page: Page
) -> None:
    page = browser_page
    candidate = new_candidate(live_system)
    log_in(page, live_system.url, candidate.email)
    open_section(page, "nav-transcripts", "Transcripts & Digital Badges")

    # No certification yet: the empty state says when badges come, and Credly is not linked
    expect(page.locator("#badges-empty")).to_contain_text("certification becomes active")
    expect(page.locator("#badges-empty-link")).to_have_attribute("href", "#/certifications")
    expect(page.locator("#badges-credly-link")).to_have_attribute("href", "#/personal-info")
    # ... and with nothing held, Transcripts has nothing to share yet
    expect(page.locator("#transcripts-nothing")).to_contain_text("no certification yet")
    expect(page.locator("#transcript-form")).to_have_count(0)

    # Once a Credly account is linked, the page links to its profile
    status, body = live_system.http(
        "PUT", "/me/external-ids/credly", token=candidate.token, body={"credly_id": "ines-okafor"}
    )
    assert status == 200, body
    status, badges = live_system.http("GET", "/me/badges", token=candidate.token)
    assert status == 200, badges
    page.reload()
    expect(page.locator("#badges-credly")).to_contain_text("ines-okafor")
    expect(page.locator("#badges-credly-profile")).to_have_attribute("href", badges["credly"]["profile_url"])

    # A badge id that does not exist is "not found" on the public page
    problems: list[str] = []
    other = public_page(browser, live_system, problems)
    try:
        other.goto(f"{live_system.url}/#/badges/no-such-badge")
        expect(other.locator("#badge-verify-result")).to_have_attribute("data-verdict", "not_found")
        expect(other.locator("#page-title")).to_have_text("Badge not found")
        assert problems == []
    finally:
        other.context.close()
