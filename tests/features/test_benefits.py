"""The 25-year anniversary benefit (guide §8, 25YA): granted once, claimed once with its token."""

import json
from datetime import timedelta

import boto3
from lambda_context import lambda_context
from programme import ccna_exam

from certtrack import clock, keys
from certtrack.accounts import repository as repo
from certtrack.rules.engine import add_years
from certtrack_local import partners


def deliver(api, candidate_id, code, on):
    body = {
        "result_id": f"{candidate_id}-{code}-{on}",
        "candidate_id": candidate_id,
        "exam_code": code,
        "taken_on": on.isoformat(),
        "score": 900,
        "passing_score": 825,
        "passed": True,
    }
    raw = json.dumps(body).encode()
    assert (
        api.request(
            "POST", "/vendor/exam-results", raw=raw, headers=partners.headers("/vendor/exam-results", raw)
        ).status
        == 201
    )


def signed_up(api, users):
    user = users.complete(users.signup())
    version = api.get("/me/agreement", token=user.id_token).body["version"]
    api.post("/me/agreement", {"version": version}, token=user.id_token)
    user.extra["id"] = api.get("/me", token=user.id_token).body["candidate_id"]
    return user


def veteran(api, users, first_on):
    """Certified first on `first_on`, and earned again 23 years later: active on the 25th
    anniversary and today."""
    user = signed_up(api, users)
    deliver(api, user.extra["id"], ccna_exam(first_on), first_on)
    again = add_years(first_on, 23)
    deliver(api, user.extra["id"], ccna_exam(again), again)
    return user


def test_the_daily_job_grants_it_on_the_anniversary_once(api, users):
    from anniversaries.app import handler

    anniversary = clock.today() + timedelta(days=5)
    user = veteran(api, users, add_years(anniversary, -25))
    assert api.get("/me/benefits", token=user.id_token).body["items"] == []  # not yet 25 years
    first = handler({"date": anniversary.isoformat()}, lambda_context())
    again = handler({"date": anniversary.isoformat()}, lambda_context())
    assert (first["granted"], again["granted"], again["already"]) == (1, 0, 1)
    (benefit,) = api.get("/me/benefits", token=user.id_token).body["items"]
    assert (benefit["kind"], benefit["status"]) == ("25ya_jacket", "available")
    assert len(benefit["token"]) >= 22  # 128 bits or more
    mail = repo.table.get(repo.candidate_key(user.extra["id"], "MAIL#BENEFIT#25ya#granted"))
    assert benefit["token"] in mail["email"]["text"]


def test_history_arriving_after_the_anniversary_grants_it_at_once(api, users):
    user = veteran(api, users, clock.today() - timedelta(days=26 * 365))
    (benefit,) = api.get("/me/benefits", token=user.id_token).body["items"]
    assert benefit["status"] == "available"


def test_a_candidate_lapsed_on_the_anniversary_gets_nothing_when_certified_again(api, users):
    # GIVEN a CCNA earned 26 years ago that lapsed 23 years ago, and a CCNA earned again last month
    user = signed_up(api, users)
    first_on = clock.today() - timedelta(days=26 * 365)
    deliver(api, user.extra["id"], ccna_exam(first_on), first_on)
    deliver(api, user.extra["id"], "200-301", clock.today() - timedelta(days=30))
    # THEN active today, but not on the anniversary a year ago: no jacket
    assert [c["status"] for c in api.get("/me/certifications", token=user.id_token).body["items"]] == ["active"]
    assert api.get("/me/benefits", token=user.id_token).body["items"] == []


def test_no_benefit_without_an_active_certification(api, users):
    from anniversaries.app import handler

    user = users.complete(users.signup())
    cid = api.get("/me", token=user.id_token).body["candidate_id"]
    anniversary = clock.today() + timedelta(days=3)
    first_on = add_years(anniversary, -25)
    deliver(api, cid, ccna_exam(first_on), first_on)  # long expired
    assert handler({"date": anniversary.isoformat()}, lambda_context())["inactive"] == 1
    assert api.get("/me/benefits", token=user.id_token).body["items"] == []


def test_claim_with_the_token_once_then_the_token_is_blank(api, users, aws):
    user = veteran(api, users, clock.today() - timedelta(days=26 * 365))
    token = api.get("/me/benefits", token=user.id_token).body["items"][0]["token"]
    wrong = api.post("/me/benefits/25ya/claim", {"token": "not-it", "size": "L"}, token=user.id_token)
    assert (wrong.status, wrong.error["field"]) == (400, "token")
    bad_size = api.post("/me/benefits/25ya/claim", {"token": token, "size": "XXXXL"}, token=user.id_token)
    assert (bad_size.status, bad_size.error["field"]) == (400, "size")
    claimed = api.post("/me/benefits/25ya/claim", {"token": token, "size": "l"}, token=user.id_token)
    assert claimed.status == 200
    assert (claimed.body["status"], claimed.body["token"], claimed.body["size"]) == ("ordered", None, "L")
    again = api.post("/me/benefits/25ya/claim", {"token": token, "size": "L"}, token=user.id_token)
    assert (again.status, again.error["code"]) == (409, "already_claimed")
    sqs = boto3.client("sqs", region_name="us-east-1")
    messages = sqs.receive_message(QueueUrl=aws.physical["FulfillmentQueue"], MaxNumberOfMessages=10)["Messages"]
    assert [json.loads(m["Body"]) for m in messages] == [
        {"candidate_id": user.extra["id"], "item_sk": keys.benefit("25ya")}
    ]


def test_a_queue_outage_at_claim_keeps_the_token_valid(api, users, aws):
    user = veteran(api, users, clock.today() - timedelta(days=26 * 365))
    (before,) = api.get("/me/benefits", token=user.id_token).body["items"]
    with aws.outage("sqs", "SendMessage"):
        refused = api.post("/me/benefits/25ya/claim", {"token": before["token"], "size": "M"}, token=user.id_token)
    assert (refused.status, refused.error["code"]) == (502, "upstream_error")
    assert api.get("/me/benefits", token=user.id_token).body["items"] == [before]
    claimed = api.post("/me/benefits/25ya/claim", {"token": before["token"], "size": "M"}, token=user.id_token)
    assert (claimed.status, claimed.body["status"], claimed.body["token"]) == (200, "ordered", None)
