"""Shared transcripts (guide §9) in headless Chromium against the running local system: the candidate
shares a transcript from Transcripts & Digital Badges and copies its link; a recipient, in a browser
where nobody is signed in, opens it by the link and by its ID and verification code, sees the holder
and each certification's status, and their browser verifies the signature; the candidate sees both
views, then revokes it, and the recipient's page says so instead of showing anything.

The local server limits the public transcript routes per address (100 requests in 5 minutes, as the
template's WAF rule does): these tests make a handful. Element ids are documented at the top of
`portal/js/transcripts-card.js` and `portal/js/pages/transcript.js`.
"""

import json
import re
from datetime import date, timedelta
from typing import Any
from urllib.parse import unquote

import pytest
import requests
from browser.support import Candidate, log_in, new_candidate, open_section, post_result, public_page, today
from joserfc import jws as jose_jws
from joserfc.jwk import KeySet
from playwright.sync_api import Browser, Page, Route, expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("no_script_errors")]

JWS_PREFIX = "data:application/jwt;charset=utf-8,"


def us_date(day: date) -> str:
    """A day as the portal shows it (`formatDate`): "Feb 27, 2027"."""
    return f"{day:%b} {day.day}, {day.year}"


def ccna_holder(live_system: Any) -> Candidate:
    """Agreement accepted, CCNA passed ten days ago: the certification is active."""
    candidate = new_candidate(live_system, first_name="Ines", last_name="Okafor", agreement=True)
    post_result(live_system, candidate, "200-301", score=901, passing_score=825, days_ago=10)
    return candidate


def test_a_transcript_is_opened_by_link_and_by_code_counted_and_revoked(
    live_system, browser: Browser, browser_page: Page
) -> None:
    page = browser_page
    candidate = ccna_holder(live_system)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, live_system.url, candidate.email)
    open_section(page, "nav-transcripts", "Transcripts & Digital Badges")

    # GIVEN the form's defaults: every certification held, no exams, shared for 90 days
    expires = today() + timedelta(days=90)
    expect(page.locator("#transcript-certs-all")).to_be_checked()
    expect(page.locator("#transcript-scores")).to_be_disabled()
    expect(page.locator("#transcript-expires")).to_have_value(expires.isoformat())
    expect(page.locator("#transcripts-empty")).to_be_visible()

    # WHEN the candidate shares one with Acme, with the passed exams and their scores
    page.fill("#transcript-recipient", "Acme Corp hiring")
    page.check("#transcript-exams")
    page.check("#transcript-scores")
    page.click("#transcript-create")

    # THEN the link, and the ID and code to read over the phone, are shown with the transcript's expiry
    expect(page.locator("#transcript-created-title")).to_have_text("Your transcript for Acme Corp hiring is ready")
    link = page.locator("#transcript-link").input_value()
    assert re.fullmatch(re.escape(live_system.url) + r"/#/transcripts/[A-Za-z0-9_-]{22,}", link), link
    token = link.rsplit("/", 1)[1]
    transcript_id = page.locator("#transcript-new-id").inner_text()
    code = page.locator("#transcript-new-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{10}", transcript_id)
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code)
    expect(page.locator("#transcript-open-address")).to_have_text(f"{live_system.url}/#/transcripts")
    expect(page.locator("#transcript-new-expires")).to_have_text(us_date(expires))
    expect(page.locator("#transcript-created")).to_contain_text("not your certifications")

    # ... Copy puts the link on the clipboard and says so
    page.click("#transcript-copy")
    expect(page.locator("#transcript-copied")).to_contain_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == link

    # ... and the list has it, active, not opened yet
    item = page.locator(f"#transcript-{transcript_id}")
    expect(item).to_have_attribute("data-status", "active")
    expect(page.locator(f"#transcript-{transcript_id}-title")).to_have_text("Acme Corp hiring")
    expect(page.locator(f"#transcript-{transcript_id}-shows")).to_have_text(
        "All certifications held · passed exams with scores"
    )
    expect(page.locator(f"#transcript-{transcript_id}-until")).to_have_text(us_date(expires))
    expect(page.locator(f"#transcript-{transcript_id}-views-count")).to_have_text("Not opened yet")

    problems: list[str] = []
    other = public_page(browser, live_system, problems)
    try:
        # WHEN a recipient, signed in nowhere, opens the link
        other.goto(link)
        # THEN they see the holder, CCNA active, the exam with its score, and their browser verified it
        # (a fresh context loads the portal, the transcript and the keys: on a loaded CI machine this
        # first view once took longer than Playwright's default 5 s)
        expect(other.locator("#shared-holder")).to_have_text("Ines Okafor", timeout=20_000)
        expect(other.locator("#shared-candidate-id")).to_have_text(candidate.candidate_id)
        expect(other.locator("#shared-cert-ccna")).to_contain_text("CCNA")
        expect(other.locator("#shared-cert-ccna-status")).to_have_text("Active")
        expect(other.locator("#shared-exam-0")).to_contain_text("200-301")
        expect(other.locator("#shared-exam-0")).to_contain_text("score 901 (825 to pass)")
        expect(other.locator("#shared-until")).to_have_text(us_date(expires))
        expect(other.locator("#shared-signature-status")).to_have_text("Signature verified")
        expect(other.locator("#shared-transcript")).to_have_attribute("data-signature", "verified")
        expect(other.locator("#side-nav")).to_be_hidden()
        expect(other.locator("#shared-pdf")).to_have_attribute("href", f"/verify/transcripts/{token}/pdf")
        # ... and the signed copy they can keep verifies with an independent JOSE library
        href = other.locator("#shared-jws").get_attribute("href") or ""
        assert href.startswith(JWS_PREFIX)
        keys = requests.get(f"{live_system.url}/.well-known/jwks.json", timeout=30).json()
        signed = jose_jws.deserialize_compact(
            unquote(href.removeprefix(JWS_PREFIX)), KeySet.import_key_set(keys), algorithms=["ES256"]
        )
        claims = json.loads(signed.payload)
        assert claims["holder"] == {"name": "Ines Okafor", "candidate_id": candidate.candidate_id}
        assert [(c["cert_id"], c["status"]) for c in claims["certifications"]] == [("ccna", "active")]

        # WHEN the recipient opens it again by its ID and code, typed as heard over the phone
        other.goto(f"{live_system.url}/#/transcripts")
        expect(other.locator("#page-title")).to_have_text("Open a shared transcript")
        other.fill("#open-transcript-id", transcript_id.lower())
        other.fill("#open-transcript-code", code.replace("-", " ").lower())
        other.click("#open-transcript-submit")
        # THEN the same transcript, verified; its PDF needs the link's token, so it is not offered
        expect(other.locator("#shared-holder")).to_have_text("Ines Okafor")
        expect(other.locator("#shared-transcript-id")).to_have_text(transcript_id)
        expect(other.locator("#shared-signature-status")).to_have_text("Signature verified")
        expect(other.locator("#shared-pdf")).to_have_count(0)
        expect(other.locator("#open-transcript-again")).to_be_visible()

        # WHEN the candidate looks again: two views, by code (the newest) and by link
        page.reload()
        expect(page.locator(f"#transcript-{transcript_id}-views-count")).to_contain_text("2 · last")
        page.click(f"#transcript-{transcript_id}-views summary")
        views = page.locator(f"#transcript-{transcript_id}-views-list li")
        expect(views).to_have_count(2)
        assert [views.nth(n).get_attribute("data-how") for n in range(2)] == ["code", "link"]
        expect(views.nth(0)).to_contain_text("opened with the ID and code")
        expect(views.nth(1)).to_contain_text("opened with the link")
        expect(views.nth(1)).to_contain_text("Chrome")

        # ... the PDF link the recipient was offered gives the PDF
        pdf = requests.get(f"{live_system.url}/verify/transcripts/{token}/pdf", timeout=30)
        assert pdf.status_code == 200
        assert pdf.headers["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")

        # WHEN the candidate revokes it, after confirming
        page.click(f"#transcript-{transcript_id}-revoke")
        expect(page.locator(f"#transcript-{transcript_id}-confirm")).to_contain_text(
            "Revoke the transcript for Acme Corp hiring?"
        )
        page.click(f"#transcript-{transcript_id}-revoke-confirm")
        # THEN it is listed as revoked, greyed, with nothing left to revoke
        expect(item).to_have_attribute("data-status", "revoked")
        expect(page.locator(f"#transcript-{transcript_id}-status")).to_have_text("Revoked")
        expect(page.locator(f"#transcript-{transcript_id}-revoke")).to_have_count(0)
        expect(page.locator("#alert")).to_contain_text("revoked")

        # ... and the recipient's link says it was revoked, showing nothing of it
        other.goto(link)
        expect(other.locator("#shared-gone")).to_have_attribute("data-state", "revoked")
        expect(other.locator("#page-title")).to_have_text("Transcript revoked")
        expect(other.locator("#shared-gone-summary")).to_have_text(
            f"This transcript was revoked by its holder on {us_date(today())}."
        )
        expect(other.locator("#shared-holder")).to_have_count(0)
        expect(other.locator("#page")).not_to_contain_text("Okafor")
        assert problems == []
    finally:
        other.context.close()


def test_bad_input_is_refused_at_its_field_and_an_unknown_link_or_code_is_not_found(
    live_system, browser: Browser, browser_page: Page
) -> None:
    page = browser_page
    candidate = ccna_holder(live_system)
    log_in(page, live_system.url, candidate.email)
    open_section(page, "nav-transcripts", "Transcripts & Digital Badges")
    expires = page.locator("#transcript-expires")

    # An expiry more than a year ahead is refused at the field, before anything is sent
    expires.fill((today() + timedelta(days=366)).isoformat())
    page.click("#transcript-create")
    expect(expires).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#transcript-expires-error")).to_have_text(
        f"At most one year ahead: {us_date(today() + timedelta(days=365))} at the latest."
    )
    expect(page.locator("#alert")).to_contain_text("Shared until")
    expect(expires).to_be_focused()

    # "Only the ones I choose" with none chosen is refused at the certifications
    expires.fill((today() + timedelta(days=30)).isoformat())
    page.check("#transcript-certs-some")
    expect(page.locator("#transcript-cert-ccna")).to_be_visible()
    page.click("#transcript-create")
    expect(page.locator("#transcript-certs-error")).to_have_text(
        "Choose at least one certification, or share all you hold."
    )
    expect(expires).not_to_have_attribute("aria-invalid", "true")

    # The API's own refusal lands at the field it names (the request altered on its way: a past day)
    def past_expiry(route: Route) -> None:
        body = json.loads(route.request.post_data or "{}")
        route.continue_(post_data=json.dumps({**body, "expires_on": (today() - timedelta(days=1)).isoformat()}))

    page.check("#transcript-cert-ccna")
    page.route("**/me/transcripts", past_expiry)
    page.click("#transcript-create")
    expect(page.locator("#transcript-expires-error")).to_have_text("Must be after today")
    expect(page.locator("#alert")).to_contain_text("Shared until: must be after today")
    page.unroute("**/me/transcripts", past_expiry)

    # Scores come only with the exams
    scores = page.locator("#transcript-scores")
    expect(scores).to_be_disabled()
    page.check("#transcript-exams")
    page.check("#transcript-scores")
    page.uncheck("#transcript-exams")
    expect(scores).to_be_disabled()
    expect(scores).not_to_be_checked()

    # Nothing was shared
    status, listed = live_system.http("GET", "/me/transcripts", token=candidate.token)
    assert status == 200, listed
    assert listed["items"] == []

    # A link or an ID and code that match nothing are "not found"
    problems: list[str] = []
    other = public_page(browser, live_system, problems)
    try:
        other.goto(f"{live_system.url}/#/transcripts/{'A' * 22}")
        expect(other.locator("#page-title")).to_have_text("Transcript not found")
        expect(other.locator("#shared-not-found")).to_contain_text("No transcript has this link")
        other.fill("#open-transcript-id", "ZZZZZZZZZZ")
        other.fill("#open-transcript-code", "00000-00000")
        other.click("#open-transcript-submit")
        expect(other.locator("#alert")).to_contain_text("No transcript matches")
        expect(other.locator("#shared-holder")).to_have_count(0)
        assert problems == []
    finally:
        other.context.close()
