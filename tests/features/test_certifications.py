"""Partner results → rules engine → certifications, agreement, CE, testing history (guide §4-6)."""

import json
import threading
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest

from certtrack import clock, keys, signing
from certtrack.accounts import repository as repo
from certtrack_local import partners


def post_signed(api, path, body, *, signature=None):
    raw = json.dumps(body).encode()
    headers = partners.headers(path, raw)
    if signature is not None:
        headers[signing.HEADER] = signature
    return api.request("POST", path, raw=raw, headers={k: v for k, v in headers.items() if v})


def result(candidate_id, code="200-301", on="2025-03-01", score=850, passing=825, result_id=None, **extra):
    return {
        "result_id": result_id or f"r-{code}-{on}",
        "candidate_id": candidate_id,
        "exam_code": code,
        "taken_on": on,
        "score": score,
        "passing_score": passing,
        "passed": score >= passing,
        **extra,
    }


@pytest.fixture
def candidate(api, users):
    user = users.complete(users.signup())
    user.extra["candidate_id"] = api.get("/me", token=user.id_token).body["candidate_id"]
    return user


def test_a_passed_exam_earns_a_certification_pending_the_agreement(api, candidate):
    cid = candidate.extra["candidate_id"]
    # GIVEN a passed CCNA exam posted by the testing vendor
    answer = post_signed(api, "/vendor/exam-results", result(cid))
    assert answer.status == 201, answer.body
    # WHEN the candidate looks at their certifications
    certs = api.get("/me/certifications", token=candidate.id_token).body["items"]
    # THEN CCNA is earned, dated the exam day, pending the agreement
    (ccna,) = [c for c in certs if c["cert_id"] == "ccna"]
    assert ccna["status"] == "pending_agreement"
    assert ccna["earned_on"] == "2025-03-01"
    assert ccna["expires_on"] == "2028-03-01"
    # AND accepting the current agreement makes it active with its original date
    agreement = api.get("/me/agreement", token=candidate.id_token).body
    assert agreement["accepted"] is False
    assert "Certification Agreement" in agreement["text"]
    accepted = api.post("/me/agreement", {"version": agreement["version"]}, token=candidate.id_token)
    assert accepted.status == 200
    assert accepted.body["accepted"] is True
    detail = api.get("/me/certifications/ccna", token=candidate.id_token).body
    assert detail["status"] == "active"
    assert detail["earned_on"] == "2025-03-01"
    assert [h["kind"] for h in detail["history"]] == ["agreement", "earned"]


def test_the_certifications_answer_carries_the_agreement_in_force_and_its_acceptance(api, candidate):
    # GIVEN a certification pending the agreement
    assert post_signed(api, "/vendor/exam-results", result(candidate.extra["candidate_id"])).status == 201
    # WHEN the page asks for the certifications, before and after accepting
    before = api.get("/me/certifications", token=candidate.id_token).body
    agreement = api.get("/me/agreement", token=candidate.id_token).body
    api.post("/me/agreement", {"version": agreement["version"]}, token=candidate.id_token)
    after = api.get("/me/certifications", token=candidate.id_token).body
    # THEN the one answer says what GET /me/agreement says, text and acceptance
    assert before["agreement"] == agreement
    assert after["agreement"] == api.get("/me/agreement", token=candidate.id_token).body
    assert (after["agreement"]["accepted"], after["items"][0]["status"]) == (True, "active")


@pytest.mark.parametrize("path", ["/catalog/certifications", "/catalog/exams", "/test-centers"])
def test_reference_data_is_cacheable_and_a_held_copy_is_a_bodyless_304(api, path):
    first = api.get(path)
    assert first.status == 200
    assert first.headers["Cache-Control"] == "public, max-age=3600"
    tag = first.headers["ETag"]
    again = api.get(path, headers={"If-None-Match": tag})
    assert (again.status, again.body, again.headers["ETag"]) == (304, None, tag)
    assert api.get(path, headers={"If-None-Match": '"older"'}).body == first.body


def test_a_candidates_answer_is_never_cacheable(api, candidate):
    answer = api.get("/me/certifications", token=candidate.id_token)
    assert answer.headers["Cache-Control"] == "no-store"
    assert "ETag" not in answer.headers


def test_only_the_current_agreement_version_can_be_accepted(api, candidate):
    answer = api.post("/me/agreement", {"version": "2019-01"}, token=candidate.id_token)
    assert answer.status == 400
    assert answer.error["field"] == "version"


def test_the_same_result_delivered_twice_changes_nothing(api, candidate):
    cid = candidate.extra["candidate_id"]
    first = post_signed(api, "/vendor/exam-results", result(cid))
    second = post_signed(api, "/vendor/exam-results", result(cid))
    assert (first.status, second.status) == (201, 200)
    assert second.body == first.body
    items, _ = repo.table.query(keys.candidate(cid), begins_with=keys.EXAM_EVENTS)
    assert len(items) == 1


def test_the_same_result_id_with_other_content_is_a_conflict(api, candidate):
    cid = candidate.extra["candidate_id"]
    assert post_signed(api, "/vendor/exam-results", result(cid, result_id="same")).status == 201
    answer = post_signed(api, "/vendor/exam-results", result(cid, result_id="same", score=900))
    assert answer.status == 409
    assert answer.error["field"] == "result_id"


def test_concurrent_deliveries_of_one_result_store_it_once(api, candidate, aws):
    # Lambda runs concurrent deliveries in separate instances: here, threads calling the use case
    # (one Chalice app object keeps one current request, so the HTTP layer is not the thing tested).
    from partners.models import ExamResultIn
    from partners.service import record_exam_result

    cid = candidate.extra["candidate_id"]
    created = []
    errors = []

    def deliver():
        try:
            created.append(record_exam_result(ExamResultIn(**result(cid, result_id="concurrent")))[1])
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(created) == [False] * 7 + [True]
    aws.pump()
    items, _ = repo.table.query(keys.candidate(cid), begins_with=keys.EXAM_EVENTS)
    assert len(items) == 1
    activity, _ = repo.table.query(keys.candidate(cid), begins_with=keys.ACTIVITY_PREFIX)
    assert sum(1 for a in activity if a["text"] == "Earned CCNA") == 1


def test_concurrent_results_of_one_candidate_all_count(api, candidate, aws):
    from partners.models import ExamResultIn
    from partners.service import record_exam_result

    cid = candidate.extra["candidate_id"]
    bodies = [
        result(cid, "350-401", "2025-01-05"),
        result(cid, "300-410", "2025-02-05"),
        result(cid, "200-301", "2025-03-05"),
    ]
    threads = [threading.Thread(target=record_exam_result, args=(ExamResultIn(**b),)) for b in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    aws.pump()
    certs, _ = repo.table.query(keys.candidate(cid), begins_with=keys.certification(""))
    assert {c["cert_id"] for c in certs} >= {"ccnp-enterprise", "ccna", "specialist-enterprise-core"}


@pytest.mark.parametrize(
    ("signature", "code"),
    [
        ("", "signature_missing"),
        ("t=1,v1=" + "0" * 64, "signature_stale"),
        ("garbage", "signature_malformed"),
    ],
)
def test_unsigned_or_stale_partner_calls_are_refused_and_store_nothing(api, candidate, signature, code):
    cid = candidate.extra["candidate_id"]
    answer = post_signed(api, "/vendor/exam-results", result(cid), signature=signature)
    assert answer.status == 401
    assert answer.error["code"] == code
    assert repo.table.query(keys.candidate(cid), begins_with=keys.EXAM_EVENTS)[0] == []


def test_a_signature_of_another_body_is_refused(api, candidate):
    cid = candidate.extra["candidate_id"]
    forged = partners.headers("/vendor/exam-results", b'{"other": true}')[signing.HEADER]
    answer = post_signed(api, "/vendor/exam-results", result(cid), signature=forged)
    assert answer.status == 401
    assert answer.error["code"] == "signature_invalid"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"candidate_id": "CSCO00000000"}, "candidate_id"),
        ({"exam_code": "999-999"}, "exam_code"),
        ({"taken_on": (date.today() + timedelta(days=3)).isoformat()}, "taken_on"),
        ({"score": -5}, "score"),
        ({"passed": False}, "body"),
    ],
)
def test_bad_results_are_refused_naming_the_field(api, candidate, change, field):
    body = {**result(candidate.extra["candidate_id"]), **change}
    answer = post_signed(api, "/vendor/exam-results", body)
    assert answer.status == 400, answer.body
    assert answer.error["field"] == field


@pytest.mark.parametrize(
    ("code", "on", "period"),
    [
        ("200-301", "2001-05-01", "200-301 was offered since 2020-02-24"),
        ("200-125", "2020-02-24", "200-125 was offered from 2016-05-10 to 2020-02-23"),
        ("640-407", "1997-12-31", "640-407 was offered from 1998-01-01 to 2000-08-31"),
    ],
)
def test_a_result_dated_outside_the_exams_period_is_refused(api, candidate, code, on, period):
    answer = post_signed(api, "/vendor/exam-results", result(candidate.extra["candidate_id"], code, on))
    assert (answer.status, answer.error["field"]) == (400, "taken_on")
    assert answer.error["message"] == f"taken_on: {period}, so it cannot have been taken on {on}"
    assert api.get("/me/exams", token=candidate.id_token).body["items"] == []


def test_a_long_ccna_history_counts_every_exam_of_its_time(api, candidate):
    # GIVEN CCNA passed in 2001 (640-607), renewed in 2003 (640-801), then lapsed; and again in 2025
    cid = candidate.extra["candidate_id"]
    for code, on in [("640-607", "2001-11-20"), ("640-801", "2003-10-01"), ("200-301", "2025-03-01")]:
        assert post_signed(api, "/vendor/exam-results", result(cid, code, on)).status == 201
    version = api.get("/me/agreement", token=candidate.id_token).body["version"]
    api.post("/me/agreement", {"version": version}, token=candidate.id_token)
    # THEN the CCNA held now was earned in 2025, first in 2001, and its history names both holdings
    (ccna,) = api.get("/me/certifications", token=candidate.id_token).body["items"]
    assert (ccna["status"], ccna["earned_on"], ccna["first_earned_on"]) == ("active", "2025-03-01", "2001-11-20")
    catalog = api.get("/catalog/exams").body["items"]
    assert {e["code"]: e["last_offered_on"] for e in catalog}["640-607"] == "2003-12-31"


def test_a_practical_result_must_list_its_modules(api, candidate):
    cid = candidate.extra["candidate_id"]
    bad = result(cid, "ccie-ei-lab", "2025-05-01", sections=[{"name": "Design", "score": 80}])
    assert post_signed(api, "/vendor/exam-results", bad).status == 400
    good = result(
        cid,
        "ccie-ei-lab",
        "2025-05-01",
        sections=[{"name": "Design", "score": 80}, {"name": "Deploy, Operate and Optimize", "score": 85}],
        score=82,
        passing=80,
    )
    assert post_signed(api, "/vendor/exam-results", good).status == 201
    exams = api.get("/me/exams?type=practical", token=candidate.id_token).body["items"]
    assert [s["hours"] for s in exams[0]["sections"]] == [3, 5]


def test_historic_results_from_decades_ago_are_accepted(api, candidate):
    cid = candidate.extra["candidate_id"]
    assert post_signed(api, "/vendor/exam-results", result(cid, "640-407", on="1999-06-01")).status == 201
    (ccna,) = api.get("/me/certifications", token=candidate.id_token).body["items"]
    assert ccna["status"] == "expired"


def test_ce_credits_recertify_and_show_in_the_ledger(api, candidate):
    cid = candidate.extra["candidate_id"]
    today = clock.today()
    earned = (today - timedelta(days=400)).isoformat()
    post_signed(api, "/vendor/exam-results", result(cid, on=earned))
    for n, credits in enumerate((16, 14)):
        body = {
            "credit_id": f"ce-{n}",
            "candidate_id": cid,
            "activity": "Instructor-led training with labs",
            "provider": "Learning Partner",
            "credits": credits,
            "completed_on": (today - timedelta(days=10 - n)).isoformat(),
        }
        assert post_signed(api, "/vendor/ce-credits", body).status == 201
    ledger = api.get("/me/continuing-education", token=candidate.id_token).body
    assert [c["status"] for c in ledger["items"]] == ["accepted", "accepted"]
    assert all(c["used_for"] == ["ccna"] for c in ledger["items"])
    (ccna,) = api.get("/me/certifications", token=candidate.id_token).body["items"]
    expected = date.fromisoformat(earned).replace(year=date.fromisoformat(earned).year + 6)
    assert ccna["expires_on"] == expected.isoformat()
    # AND the certification says when and by what it was renewed: why the expiry is six years out
    renewed_on = (today - timedelta(days=9)).isoformat()  # the day the second credit completed the 30
    assert (ccna["renewed_on"], ccna["renewed_by"]) == (renewed_on, "recertified by 30 CE credits")
    detail = api.get("/me/certifications/ccna", token=candidate.id_token).body
    assert (detail["renewed_on"], detail["renewed_by"]) == (renewed_on, "recertified by 30 CE credits")


def test_a_certification_never_renewed_names_no_renewal(api, candidate):
    post_signed(api, "/vendor/exam-results", result(candidate.extra["candidate_id"]))
    (ccna,) = api.get("/me/certifications", token=candidate.id_token).body["items"]
    assert (ccna["renewed_on"], ccna["renewed_by"]) == (None, None)


def test_testing_history_sorts_filters_and_pages(api, candidate):
    cid = candidate.extra["candidate_id"]
    rows = [("200-301", "2024-01-10", 700), ("200-301", "2024-03-10", 900), ("350-401", "2024-06-01", 850)]
    for code, on, score in rows:
        assert post_signed(api, "/vendor/exam-results", result(cid, code, on, score=score)).status == 201
    by_score = api.get("/me/exams?sort=score&order=asc", token=candidate.id_token).body["items"]
    assert [r["score"] for r in by_score] == [700, 850, 900]
    failed = api.get("/me/exams?outcome=failed", token=candidate.id_token).body["items"]
    assert [r["taken_on"] for r in failed] == ["2024-01-10"]
    first = api.get("/me/exams?limit=2", token=candidate.id_token).body
    assert [r["taken_on"] for r in first["items"]] == ["2024-06-01", "2024-03-10"]
    rest = api.get(f"/me/exams?limit=2&cursor={first['next_cursor']}", token=candidate.id_token).body
    assert [r["taken_on"] for r in rest["items"]] == ["2024-01-10"]
    assert rest["next_cursor"] is None
    mixed = api.get(f"/me/exams?sort=score&cursor={first['next_cursor']}", token=candidate.id_token)
    assert mixed.status == 400
    assert mixed.error["field"] == "cursor"
    assert api.get("/me/exams?sort=colour", token=candidate.id_token).error["field"] == "sort"


def test_score_report_is_a_short_lived_link_to_a_real_pdf(api, candidate, aws):
    cid = candidate.extra["candidate_id"]
    post_signed(api, "/vendor/exam-results", result(cid, result_id="rep-1"))
    link = api.get("/me/exams/rep-1/score-report", token=candidate.id_token)
    assert link.status == 200
    query = parse_qs(urlsplit(link.body["url"]).query)
    assert int(query["X-Amz-Expires"][0]) <= 300
    body = (
        boto3.client("s3", region_name="us-east-1")
        .get_object(Bucket=aws.physical["DocumentsBucket"], Key=f"candidates/{cid}/score-reports/rep-1.pdf")["Body"]
        .read()
    )
    assert body.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = PdfReader(BytesIO(body)).pages[0].extract_text()
    assert "200-301" in text
    assert "PASS" in text


def test_another_candidates_result_is_not_found_on_every_route(api, users, candidate):
    cid = candidate.extra["candidate_id"]
    on = clock.today().isoformat()
    post_signed(api, "/vendor/exam-results", result(cid, result_id="mine", on=on))
    other = users.complete(users.signup())
    for method, path, body in [
        ("GET", "/me/exams/mine/score-report", None),
        ("POST", "/me/exams/mine/challenges", {"reason": "The lab simulation froze twice."}),
    ]:
        answer = api.request(method, path, token=other.id_token, json_body=body)
        assert answer.status == 404, (path, answer.body)
    assert api.get("/me/exams", token=other.id_token).body["items"] == []


def test_a_challenge_within_the_window_once_then_resolved_by_an_admin(api, users, candidate):
    cid = candidate.extra["candidate_id"]
    post_signed(api, "/vendor/exam-results", result(cid, result_id="chal", on=clock.today().isoformat(), score=700))
    reason = {"reason": "The lab simulation froze during section two."}
    (row,) = api.get("/me/exams", token=candidate.id_token).body["items"]
    assert row["challenge_window_open"] is True
    opened = api.post("/me/exams/chal/challenges", reason, token=candidate.id_token)
    assert opened.status == 201
    again = api.post("/me/exams/chal/challenges", reason, token=candidate.id_token)
    assert again.status == 409
    admin = users.signup(groups=("admin",))
    listed = api.get("/admin/challenges?status=open", token=admin.id_token).body["items"]
    # the back office sees whose challenge it is
    assert (opened.body["challenge_id"], cid) in [(c["challenge_id"], c["candidate_id"]) for c in listed]
    resolution = {"outcome": "upheld", "note": "Simulator fault confirmed; a free retake is granted."}
    done = api.post(f"/admin/challenges/{opened.body['challenge_id']}/resolution", resolution, token=admin.id_token)
    assert done.status == 200
    mine = api.get("/me/challenges", token=candidate.id_token).body["items"]
    assert (mine[0]["status"], mine[0]["resolution_note"]) == ("upheld", resolution["note"])
    twice = api.post(f"/admin/challenges/{opened.body['challenge_id']}/resolution", resolution, token=admin.id_token)
    assert twice.status == 409
    assert api.post("/me/exams/chal/challenges", reason, token=candidate.id_token).status == 201


def test_a_challenge_after_the_window_is_refused(api, candidate):
    cid = candidate.extra["candidate_id"]
    old = (clock.today() - timedelta(days=31)).isoformat()
    post_signed(api, "/vendor/exam-results", result(cid, result_id="late", on=old, score=700))
    answer = api.post("/me/exams/late/challenges", {"reason": "I only noticed it now."}, token=candidate.id_token)
    assert answer.status == 409
    assert "closed" in answer.error["message"]


def test_catalog_lists_every_programme_certification(api):
    certs = {c["cert_id"] for c in api.get("/catalog/certifications").body["items"]}
    assert {"ccna", "ccnp-enterprise", "ccnp-security", "ccie-enterprise-infrastructure", "ccie-security"} <= certs
    exams = {e["code"]: e for e in api.get("/catalog/exams").body["items"]}
    assert exams["ccie-ei-lab"]["type"] == "practical"
    assert [m["hours"] for m in exams["ccie-ei-lab"]["modules"]] == [3, 5]


def test_requirement_alternatives_are_grouped(api, candidate):
    cid = candidate.extra["candidate_id"]
    post_signed(api, "/vendor/exam-results", result(cid, "350-401", "2025-01-05"))
    (ccnp,) = [
        c
        for c in api.get("/me/certifications", token=candidate.id_token).body["items"]
        if c["cert_id"] == "ccnp-enterprise"
    ]
    core = [r for r in ccnp["requirements"] if r["exam"] == "350-401"]
    concentrations = [r for r in ccnp["requirements"] if r["exam"].startswith("300-")]
    assert core[0]["group"] is None
    assert {r["group"] for r in concentrations} == {concentrations[0]["group"]}
    assert concentrations[0]["group"] is not None
    assert {r["choose"] for r in concentrations} == {1}


def test_challenge_refusals_have_distinct_codes_and_results_say_when_the_window_closes(api, candidate):
    cid = candidate.extra["candidate_id"]
    old = (clock.today() - timedelta(days=40)).isoformat()
    post_signed(api, "/vendor/exam-results", result(cid, result_id="old", on=old, score=700))
    (row,) = api.get("/me/exams", token=candidate.id_token).body["items"]
    assert row["challenge_closes_on"] == (date.fromisoformat(old) + timedelta(days=30)).isoformat()
    assert row["challenge_window_open"] is False
    closed = api.post("/me/exams/old/challenges", {"reason": "Too late but still trying."}, token=candidate.id_token)
    assert closed.error["code"] == "challenge_window_closed"
