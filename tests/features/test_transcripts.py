"""Transcripts disclosed to third parties (guide §9): created by the holder, opened by a recipient
by link or by id and verification code without signing in, counted, revoked, expired.

The `jws` a recipient keeps is verified with joserfc against the served JWKS (independent of the
KMS signing code)."""

import io
import json
import re
from datetime import timedelta

import pytest
from features.test_badges import accept, verified
from features.test_kits import earn
from pypdf import PdfReader

from certtrack import clock, keys
from certtrack.accounts import repository as repo


@pytest.fixture
def holder(api, users):
    user = users.complete(users.signup(first_name="Katherine", last_name="Johnson"))
    user.extra["id"] = earn(api, user)
    accept(api, user)
    return user


def share(api, user, **body):
    answer = api.post("/me/transcripts", body, token=user.id_token)
    assert answer.status == 201, answer.body
    return answer.body


def token_of(created) -> str:
    return created["url"].rsplit("/", 1)[1]


def test_a_shared_transcript_opens_by_link_with_a_signature_a_recipient_can_keep(api, holder):
    created = share(api, holder, recipient="Acme Corp hiring")
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", created["verification_code"])
    assert created["expires_on"] == (clock.today() + timedelta(days=90)).isoformat()
    token = token_of(created)
    assert len(token) >= 22  # 128 random bits, URL-safe
    # WHEN a recipient opens the link, without signing in
    seen = api.get(f"/verify/transcripts/{token}")
    assert seen.status == 200, seen.body
    body = seen.body
    assert body["holder"] == {"name": "Katherine Johnson", "candidate_id": holder.extra["id"]}
    assert [(c["cert_id"], c["status"]) for c in body["certifications"]] == [("ccna", "active")]
    assert body["expires_on"] == created["expires_on"]
    assert body["as_of"].endswith("Z")
    assert "exams" not in body or body["exams"] is None
    # THEN nothing private leaves the system, and the jws verifies against the JWKS
    text = json.dumps(body)
    for private in (holder.email, "Any Street", "San Francisco"):
        assert private not in text
    claims = verified(api, body["jws"])["claims"]
    assert claims["certifications"] == body["certifications"]
    assert claims["holder"] == body["holder"]
    assert claims["transcript_id"] == created["transcript_id"]
    # AND the view is counted and logged, the address only as a keyed hash
    (listed,) = api.get("/me/transcripts", token=holder.id_token).body["items"]
    assert listed["views"] == 1
    assert listed["status"] == "active"
    assert listed["last_viewed_at"]
    (view,) = api.get(f"/me/transcripts/{created['transcript_id']}/views", token=holder.id_token).body["items"]
    assert view["how"] == "link"
    stored, _ = repo.table.query(keys.candidate(holder.extra["id"]), begins_with="SHAREVIEW#")
    assert re.fullmatch(r"[0-9a-f]{64}", stored[0]["viewer"])
    # AND the token itself is stored nowhere
    everything = json.dumps(repo.table.query(keys.candidate(holder.extra["id"]))[0], default=str)
    assert token not in everything


def test_the_id_and_code_open_it_too_and_a_wrong_code_looks_like_an_unknown_one(api, holder):
    created = share(api, holder)
    spoken = created["verification_code"].replace("-", " ").lower()  # read over the phone
    typed = created["transcript_id"].lower()
    seen = api.post("/verify/transcripts", {"transcript_id": typed, "verification_code": spoken})
    assert seen.status == 200
    wrong = api.post(
        "/verify/transcripts", {"transcript_id": created["transcript_id"], "verification_code": "00000-00000"}
    )
    unknown = api.post("/verify/transcripts", {"transcript_id": "ZZZZZZZZZZ", "verification_code": "00000-00000"})
    guessed = api.get("/verify/transcripts/" + "A" * 22)
    assert wrong.status == unknown.status == guessed.status == 404
    assert wrong.body == unknown.body == guessed.body
    views = api.get(f"/me/transcripts/{created['transcript_id']}/views", token=holder.id_token).body["items"]
    assert [v["how"] for v in views] == ["code"]


def test_revoking_answers_410_at_once_and_again(api, holder):
    created = share(api, holder)
    token = token_of(created)
    assert api.delete(f"/me/transcripts/{created['transcript_id']}", token=holder.id_token).status == 204
    assert api.delete(f"/me/transcripts/{created['transcript_id']}", token=holder.id_token).status == 204
    gone = api.get(f"/verify/transcripts/{token}")
    assert gone.status == 410
    assert gone.body["error"]["code"] == "transcript_revoked"
    assert clock.today().isoformat() in gone.body["error"]["message"]
    by_code = api.post(
        "/verify/transcripts",
        {"transcript_id": created["transcript_id"], "verification_code": created["verification_code"]},
    )
    assert by_code.status == 410
    assert "Katherine" not in json.dumps(by_code.body)
    (listed,) = api.get("/me/transcripts", token=holder.id_token).body["items"]
    assert listed["status"] == "revoked"
    assert listed["views"] == 0


def test_an_expired_transcript_answers_410_saying_since_when(api, holder):
    created = share(api, holder, expires_on=(clock.today() + timedelta(days=5)).isoformat())
    with clock.pinned(clock.now() + timedelta(days=6)):
        gone = api.get(f"/verify/transcripts/{token_of(created)}")
        assert gone.status == 410
        assert gone.body["error"]["code"] == "transcript_expired"
        assert created["expires_on"] in gone.body["error"]["message"]
        assert api.get("/me/transcripts", token=holder.id_token).body["items"][0]["status"] == "expired"


def test_the_status_is_as_of_viewing_not_of_sharing(api, users):
    # GIVEN a CCNA that expires in 30 days, shared for 90
    user = users.complete(users.signup())
    user.extra["id"] = earn(api, user, on=(clock.today() - timedelta(days=3 * 365 - 30)).isoformat())
    accept(api, user)
    created = share(api, user)
    # WHEN the recipient looks after the CCNA expired
    with clock.pinned(clock.now() + timedelta(days=40)):
        body = api.get(f"/verify/transcripts/{token_of(created)}").body
    # THEN it shows expired, with the day it expired
    (ccna,) = body["certifications"]
    assert ccna["status"] == "expired"
    assert ccna["expires_on"] <= (clock.today() + timedelta(days=40)).isoformat()


def test_chosen_certifications_and_exams_with_scores_only_when_ticked(api, holder):
    earn(api, holder, code="200-901", on=(clock.today() - timedelta(days=3)).isoformat())
    only = share(api, holder, cert_ids=["devnet-associate"], include_exams=True)
    body = api.get(f"/verify/transcripts/{token_of(only)}").body
    assert [c["cert_id"] for c in body["certifications"]] == ["devnet-associate"]
    assert {e["exam_code"] for e in body["exams"]} == {"200-301", "200-901"}
    assert all("score" not in e or e["score"] is None for e in body["exams"])
    scored = share(api, holder, include_exams=True, include_scores=True)
    exams = api.get(f"/verify/transcripts/{token_of(scored)}").body["exams"]
    assert all(e["score"] == 900 for e in exams)


def test_bad_input_names_the_field(api, holder):
    today = clock.today()
    cases = [
        ({"expires_on": today.isoformat()}, "expires_on"),
        ({"expires_on": (today + timedelta(days=366)).isoformat()}, "expires_on"),
        ({"cert_ids": ["devnet-associate"]}, "cert_ids"),
        ({"cert_ids": ["no-such-thing"]}, "cert_ids"),
        ({"include_scores": True}, "include_scores"),
        ({"recipient": ""}, "recipient"),
        ({"surprise": 1}, "surprise"),
    ]
    for body, field in cases:
        answer = api.post("/me/transcripts", body, token=holder.id_token)
        assert answer.status == 400, (body, answer.body)
        assert answer.body["error"]["field"] == field


def test_another_candidates_transcript_is_not_found_on_every_me_route(api, holder, users):
    created = share(api, holder)
    other = users.complete(users.signup())
    assert api.get(f"/me/transcripts/{created['transcript_id']}/views", token=other.id_token).status == 404
    assert api.delete(f"/me/transcripts/{created['transcript_id']}", token=other.id_token).status == 404
    assert api.get("/me/transcripts", token=other.id_token).body["items"] == []
    assert api.get(f"/verify/transcripts/{token_of(created)}").status == 200  # untouched


def test_the_pdf_shows_the_holder_and_each_certification(api, holder):
    created = share(api, holder)
    answer = api.get(f"/verify/transcripts/{token_of(created)}/pdf", headers={"accept": "application/pdf,*/*"})
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.body)).pages)
    assert "Katherine Johnson" in text
    assert "CCNA" in text
    assert created["transcript_id"] in text
