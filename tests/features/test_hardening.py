"""What an attacker sends gets a 4xx that names the problem, never a 500 (issue 15): each test sends the
exact request that once broke, through the same gateway and authorizer the deployed API runs."""

import json
from datetime import timedelta

import boto3
import pytest

from certtrack import clock, signing
from certtrack.auth import jwks
from certtrack_local import partners

NESTED = b"[" * 2000 + b"]" * 2000


@pytest.fixture
def candidate(api, users):
    user = users.complete(users.signup())
    user.extra["candidate_id"] = api.get("/me", token=user.id_token).body["candidate_id"]
    return user


def exam_result(candidate_id: str, **changes: object) -> dict:
    return {
        "result_id": f"R-{candidate_id}",
        "candidate_id": candidate_id,
        "exam_code": "200-301",
        "taken_on": (clock.today() - timedelta(days=5)).isoformat(),
        "score": 900,
        "passing_score": 825,
        "passed": True,
        **changes,
    }


def _bad(answer, field: str = "body", status: int = 400) -> None:
    assert answer.status == status, answer.body
    assert answer.error["field"] == field, answer.error


# ------------------------------------------------------------------ bodies no parser should recurse into


def test_a_deeply_nested_body_is_400_naming_the_body_on_public_signed_and_candidate_routes(api, candidate):
    _bad(api.request("POST", "/auth/login", raw=NESTED))
    headers = partners.headers("/vendor/exam-results", NESTED)
    _bad(api.request("POST", "/vendor/exam-results", raw=NESTED, headers=headers))
    _bad(api.request("PUT", "/me/addresses/mailing", raw=NESTED, token=candidate.id_token))


def test_nan_and_infinity_literals_are_not_json_numbers(api, candidate):
    raw = json.dumps(exam_result(candidate.extra["candidate_id"])).replace("900", "Infinity").encode()
    _bad(api.request("POST", "/vendor/exam-results", raw=raw, headers=partners.headers("/vendor/exam-results", raw)))


def test_a_body_past_64_kib_is_413(api):
    raw = json.dumps({"email": "a@example.com", "password": "x" * 70_000}).encode()
    _bad(api.request("POST", "/auth/login", raw=raw), status=413)


# ------------------------------------------------------------------ partner payloads: strict and bounded


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"score": 1e308, "passing_score": 825}, "score"),
        ({"score": float("inf")}, "body"),  # JSON has no Infinity: the parser refuses it
        ({"passing_score": 1e200, "passed": False}, "passing_score"),
        ({"sections": [{"name": "Routing", "score": 1e200}]}, "sections.0.score"),
        ({"passed": 1}, "passed"),
        ({"score": "900"}, "score"),
    ],
)
def test_exam_results_are_strict_finite_and_bounded(api, candidate, changes, field):
    _bad(api.partner_post("/vendor/exam-results", exam_result(candidate.extra["candidate_id"], **changes)), field)


@pytest.mark.parametrize("credits", ["5", True, 1e308])
def test_ce_credits_are_numbers_and_bounded(api, candidate, credits):
    body = {
        "credit_id": "CE-1",
        "candidate_id": candidate.extra["candidate_id"],
        "activity": "Cisco Live session",
        "provider": "Cisco Live",
        "credits": credits,
        "completed_on": (clock.today() - timedelta(days=3)).isoformat(),
    }
    _bad(api.partner_post("/vendor/ce-credits", body), "credits")


@pytest.mark.parametrize("at", ["not-a-date<script>", "9999-01-01T00:00:00Z", "2026-01-01T00:00:00"])
def test_a_kit_status_time_must_be_a_real_recent_moment(api, at):
    body = {"status": "delivered", "at": at}
    _bad(api.partner_post("/vendor/kit-orders/KO-1/status", body), "at")


# ------------------------------------------------------------------ partners: one secret each, own routes only


def test_each_partner_may_call_only_its_own_routes(api, candidate):
    body = exam_result(candidate.extra["candidate_id"])
    # the kit vendor, correctly signed with its own secret, may not post exam results
    refused = api.partner_post("/vendor/exam-results", body, partner="kit-vendor")
    assert refused.status == 403, refused.body
    assert "kit-vendor" in refused.error["message"]
    # the testing vendor may
    assert api.partner_post("/vendor/exam-results", body).status == 201


def test_a_signature_made_with_another_partners_secret_is_401(api, candidate):
    raw = json.dumps(exam_result(candidate.extra["candidate_id"])).encode()
    headers = partners.headers("/vendor/exam-results", raw, partner="kit-vendor")
    headers[signing.PARTNER_HEADER] = "testing-vendor"
    answer = api.request("POST", "/vendor/exam-results", raw=raw, headers=headers)
    assert (answer.status, answer.error["code"]) == (401, "signature_invalid")


@pytest.mark.parametrize("partner", [None, "", "nobody", "testing-vendor\u00e9"])
def test_a_missing_or_unknown_partner_is_401(api, candidate, partner):
    raw = json.dumps(exam_result(candidate.extra["candidate_id"])).encode()
    headers = partners.headers("/vendor/exam-results", raw)
    if partner is None:
        del headers[signing.PARTNER_HEADER]
    else:
        headers[signing.PARTNER_HEADER] = partner
    assert api.request("POST", "/vendor/exam-results", raw=raw, headers=headers).status == 401


def test_a_non_ascii_signature_is_401_not_a_500(api, candidate):
    raw = json.dumps(exam_result(candidate.extra["candidate_id"])).encode()
    headers = {signing.PARTNER_HEADER: "testing-vendor", signing.HEADER: f"t={int(clock.now().timestamp())},v1=\u00e9"}
    answer = api.request("POST", "/vendor/exam-results", raw=raw, headers=headers)
    assert (answer.status, answer.error["code"]) == (401, "signature_malformed")


def test_during_a_rollover_the_previous_secret_and_the_new_one_both_verify(api, aws, candidate):
    # GIVEN the testing vendor's secret rotated: the new one current, the old one previous
    manager = boto3.client("secretsmanager", region_name="us-east-1")
    name = aws.physical["TestingVendorSecret"]
    old = partners.development_secrets()["testing-vendor"]
    manager.put_secret_value(SecretId=name, SecretString=json.dumps({"current": "rotated-secret", "previous": old}))
    from certtrack.store import secrets

    secrets._provider = None  # a new process, or five minutes later: the cache has run out
    cid = candidate.extra["candidate_id"]
    # WHEN the vendor signs one result with the old secret and another with the new one
    first = json.dumps(exam_result(cid, result_id="R-OLD")).encode()
    second = json.dumps(exam_result(cid, result_id="R-NEW", exam_code="200-901")).encode()
    new_headers = {
        signing.PARTNER_HEADER: "testing-vendor",
        signing.HEADER: signing.sign(second, b"rotated-secret"),
    }
    # THEN both are taken; once `previous` is emptied, the old secret is refused
    assert (
        api.request(
            "POST", "/vendor/exam-results", raw=first, headers=partners.headers("/vendor/exam-results", first)
        ).status
        == 201
    )
    assert api.request("POST", "/vendor/exam-results", raw=second, headers=new_headers).status == 201
    manager.put_secret_value(SecretId=name, SecretString=json.dumps({"current": "rotated-secret", "previous": ""}))
    secrets._provider = None
    third = json.dumps(exam_result(cid, result_id="R-LATE")).encode()
    late = api.request(
        "POST", "/vendor/exam-results", raw=third, headers=partners.headers("/vendor/exam-results", third)
    )
    assert late.status == 401


# ------------------------------------------------------------------ text people type


@pytest.mark.parametrize(
    "line1",
    [
        "P/O Box 12",
        "P_O Box 12",
        "P,O. Box 12",
        "P\u2013O Box 12",
        "PO Bx 12",
        "\uff30.\uff2f. \uff22\uff4f\uff58 12",
        "P.\u041e. Box 12",
    ],
)
def test_po_box_look_alikes_are_refused(api, candidate, line1):
    address = {"line1": line1, "city": "Austin", "state": "TX", "postal_code": "73301", "country": "US"}
    _bad(api.put("/me/addresses/mailing", address, token=candidate.id_token), "line1")


@pytest.mark.parametrize("line1", ["12 Boxwood Ave", "1 Post Office Square", "Calle Casillas 4"])
def test_streets_that_only_look_like_po_boxes_are_allowed(api, candidate, line1):
    address = {"line1": line1, "city": "Austin", "state": "TX", "postal_code": "73301", "country": "US"}
    assert api.put("/me/addresses/mailing", address, token=candidate.id_token).status == 200


def test_direction_controls_in_a_name_are_refused_at_sign_up(api):
    body = {
        "email": "rtl@example.com",
        "password": "Sup3r-secret-pass!",
        "first_name": "abc\u202egpj.exe",
        "last_name": "Lovelace",
        "country": "GB",
    }
    _bad(api.post("/auth/signup", body), "first_name")
    assert "U+202E" in api.post("/auth/signup", body).error["message"]


def test_format_characters_are_refused_in_any_text_field_but_joiners_stay(api, candidate):
    address = {"line1": "1 Main\u200b St", "city": "Austin", "state": "TX", "postal_code": "73301", "country": "US"}
    _bad(api.put("/me/addresses/mailing", address, token=candidate.id_token), "line1")
    persian = {
        "line1": "1 Main St",
        "city": "\u0645\u06cc\u200c\u0634\u0648\u062f",
        "postal_code": "12345",
        "country": "IR",
    }
    answer = api.put("/me/addresses/mailing", persian, token=candidate.id_token)
    assert answer.status == 200, answer.body


def test_a_claim_token_with_non_ascii_characters_is_refused_not_a_500(api, candidate):
    answer = api.post("/me/benefits/25ya/claim", {"token": "\u00e9\u00e9", "size": "L"}, token=candidate.id_token)
    assert answer.status in (400, 404), answer.body


# ------------------------------------------------------------------ who may ask, before what is asked


def test_a_non_admin_is_refused_before_the_body_is_read(api, candidate):
    answer = api.post("/admin/challenges/CH-1/resolution", {"outcome": "upheld", "note": "x"}, token=candidate.id_token)
    assert answer.status == 403, answer.body


def test_a_cursor_issued_to_another_candidate_is_400(api, users, candidate):
    cid = candidate.extra["candidate_id"]
    for n in range(3):
        taken = (clock.today() - timedelta(days=30 + n)).isoformat()
        result = exam_result(cid, result_id=f"R-{n}", taken_on=taken)
        assert api.partner_post("/vendor/exam-results", result).status == 201
    first = api.get("/me/exams?limit=2", token=candidate.id_token).body
    assert first["next_cursor"]
    other = users.complete(users.signup())
    answer = api.get(f"/me/exams?limit=2&cursor={first['next_cursor']}", token=other.id_token)
    _bad(answer, "cursor")


# ------------------------------------------------------------------ the issuer's keys out of reach


def test_unreachable_signing_keys_are_503_not_500(api, candidate, monkeypatch):
    import requests

    def unreachable(*_: object, **__: object) -> None:
        raise requests.ConnectionError("issuer unreachable")

    jwks.forget()
    monkeypatch.setattr(requests, "get", unreachable)
    answer = api.get("/me", token=candidate.id_token)
    assert answer.status == 503, answer.body
    assert answer.error["code"] == "unavailable"
    assert answer.headers.get("Retry-After")


# ------------------------------------------------------------------ what every answer carries


@pytest.mark.parametrize("path", ["/me", "/openapi.json", "/verify/certificates/XXXX-XXXX"])
def test_answers_carry_the_security_headers(api, candidate, path):
    answer = api.get(path, token=candidate.id_token)
    headers = {k.lower(): v for k, v in answer.headers.items()}
    assert headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer"
