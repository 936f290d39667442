"""Expert tenure (PROGRAMME.md): ten years held without a break make a CCIE eligible for Emeritus
status instead of recertifying; twenty years active or Emeritus make it lifetime. The request is a
fact the rules engine replays; an administrator can see and reverse it."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from features.test_badges import accept
from lambda_context import lambda_context

from certtrack import clock, keys
from certtrack.accounts import repository as repo
from certtrack.rules.engine import add_years
from certtrack_local import partners

CCIE = "ccie-enterprise-infrastructure"
#: The lab passed on this day earned the CCIE; the core exam renewed it in every cycle until the one
#: ending LAB + 12 years.
LAB = date(2020, 6, 15)
TENTH = add_years(LAB, 10)
CYCLE_END = add_years(LAB, 12)


def at(day: date) -> None:
    clock.pin(datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=12))


def post_result(api, candidate_id: str, code: str, on: date) -> None:
    body = {
        "result_id": f"{candidate_id}-{code}-{on.isoformat()}",
        "candidate_id": candidate_id,
        "exam_code": code,
        "taken_on": on.isoformat(),
        "score": 900,
        "passing_score": 825,
        "passed": True,
    }
    if code == "ccie-ei-lab":
        body["sections"] = [{"name": "Design", "score": 880}, {"name": "Deploy, Operate and Optimize", "score": 910}]
    raw = json.dumps(body).encode()
    answer = api.request("POST", "/vendor/exam-results", raw=raw, headers=partners.headers("/vendor/exam-results", raw))
    assert answer.status == 201, answer.body


@pytest.fixture
def expert(api, users):
    """A CCIE held since LAB, recertified with the core exam in every cycle up to the one ending
    CYCLE_END; as of the day before its tenth anniversary."""
    at(TENTH - timedelta(days=1))
    user = users.complete(users.signup(first_name="Radia", last_name="Perlman"))
    user.extra["id"] = api.get("/me", token=user.id_token).body["candidate_id"]
    accept(api, user)
    post_result(api, user.extra["id"], "350-401", LAB - timedelta(days=60))
    post_result(api, user.extra["id"], "ccie-ei-lab", LAB)
    for years in (2, 5, 8):
        post_result(api, user.extra["id"], "350-401", add_years(LAB, years))
    return user


@pytest.fixture
def admin(users):
    return users.signup(groups=("admin",))


def ccie(api, user) -> dict:
    answer = api.get(f"/me/certifications/{CCIE}", token=user.id_token)
    assert answer.status == 200, answer.body
    return answer.body


def request(api, user, cert_id=CCIE):
    return api.post(f"/me/certifications/{cert_id}/emeritus", token=user.id_token)


def reverse(api, admin, user, reason="Asked for by mistake", cert_id=CCIE):
    body = {"candidate_id": user.extra["id"], "cert_id": cert_id, "reason": reason}
    return api.post("/admin/certifications/emeritus-reversals", body, token=admin.id_token)


def test_nine_years_364_days_is_not_eligible_and_ten_years_is(api, expert):
    # GIVEN a CCIE held 9 years and 364 days
    early = ccie(api, expert)
    assert (early["status"], early["tenure_years"], early["expires_on"]) == ("active", 9, CYCLE_END.isoformat())
    assert early["emeritus"]["eligible"] is False
    assert early["emeritus"]["eligible_from"] == TENTH.isoformat()
    # WHEN the holder asks for Emeritus, THEN a 409 names the rule and the day it opens, and nothing is stored
    refused = request(api, expert)
    assert (refused.status, refused.error["code"]) == (409, "emeritus_tenure")
    assert "for 9 years" in refused.error["message"]
    assert f"from {TENTH.isoformat()}" in refused.error["message"]
    stored, _ = repo.table.query(keys.candidate(expert.extra["id"]), begins_with=keys.EMERITUS_EVENTS)
    assert stored == []
    # AND the landing page says when eligibility starts
    (tenure,) = api.get("/me/dashboard", token=expert.id_token).body["emeritus"]
    assert (tenure["cert_id"], tenure["eligible_from"], tenure["eligible"]) == (CCIE, TENTH.isoformat(), False)
    # WHEN the holding is 10 years old, THEN it is eligible
    at(TENTH)
    on_time = ccie(api, expert)
    assert (on_time["tenure_years"], on_time["emeritus"]["eligible"]) == (10, True)
    assert on_time["emeritus"]["lifetime_from"] == add_years(LAB, 20).isoformat()
    assert api.get("/me/dashboard", token=expert.id_token).body["emeritus"][0]["eligible"] is True


def test_a_request_makes_the_cycle_end_in_emeritus_with_its_history_and_a_repeat_changes_nothing(api, expert):
    at(TENTH)
    # WHEN the eligible holder requests Emeritus
    made = request(api, expert)
    assert made.status == 201, made.body
    # THEN it stays active until its cycle ends, which is not renewed any more
    assert (made.body["status"], made.body["expires_on"]) == ("active", CYCLE_END.isoformat())
    assert made.body["emeritus"] | {"lifetime_from": None} == {
        "eligible": False,
        "eligible_from": TENTH.isoformat(),
        "requested_on": TENTH.isoformat(),
        "starts_on": CYCLE_END.isoformat(),
        "since": None,
        "lifetime": False,
        "lifetime_from": None,
        "lifetime_since": None,
    }
    assert (made.body["recertification_options"], made.body["continuing_education"]) == ([], None)
    # AND the request is in the history and on the landing page
    cid = expert.extra["id"]
    history = repo.table.get(repo.candidate_key(cid, keys.history(CCIE, TENTH.isoformat(), "emeritus_requested")))
    assert history["detail"] == "Emeritus instead of recertifying, when this cycle ends"
    dashboard = api.get("/me/dashboard", token=expert.id_token).body
    assert "CCIE Enterprise Infrastructure: Emeritus requested" in [a["text"] for a in dashboard["recent_activity"]]
    (tenure,) = dashboard["emeritus"]
    assert (tenure["requested_on"], tenure["starts_on"]) == (TENTH.isoformat(), CYCLE_END.isoformat())
    assert CCIE not in [e["cert_id"] for e in dashboard["upcoming_expirations"]]
    # AND asking again changes nothing
    again = request(api, expert)
    assert (again.status, again.body) == (200, made.body)
    # WHEN the cycle ends, THEN the CCIE is Emeritus, keeping its start (the number) and history
    at(CYCLE_END)
    emeritus = ccie(api, expert)
    assert (emeritus["status"], emeritus["earned_on"], emeritus["expires_on"]) == ("emeritus", LAB.isoformat(), None)
    assert (emeritus["emeritus"]["since"], emeritus["tenure_years"]) == (CYCLE_END.isoformat(), 12)
    assert [(h["on"], h["kind"]) for h in emeritus["history"][:2]] == [
        (CYCLE_END.isoformat(), "emeritus"),
        (TENTH.isoformat(), "emeritus_requested"),
    ]
    assert emeritus["continuing_education"] is None
    assert emeritus["recertification_options"] == []
    assert request(api, expert).status == 200  # still nothing to do


def test_emeritus_is_not_current_for_credits_certificates_or_badges(api, expert):
    at(TENTH)
    assert request(api, expert).status == 201
    badges_before = api.get("/me/badges", token=expert.id_token).body["items"]
    ccie_badges = [b for b in badges_before if b["cert_id"] == CCIE]
    assert max(b["valid_until"] for b in ccie_badges) == CYCLE_END.isoformat()  # the last cycle's, to its end
    at(CYCLE_END + timedelta(days=20))
    # WHEN a CE credit arrives after the CCIE went Emeritus
    credit = {
        "credit_id": f"{expert.extra['id']}-ce",
        "candidate_id": expert.extra["id"],
        "activity": "Cisco Live technical session",
        "provider": "Cisco Live",
        "credits": 8,
        "completed_on": (CYCLE_END + timedelta(days=10)).isoformat(),
    }
    raw = json.dumps(credit).encode()
    assert (
        api.request("POST", "/vendor/ce-credits", raw=raw, headers=partners.headers("/vendor/ce-credits", raw)).status
        == 201
    )
    # THEN the CCIE has no cycle for it to count toward (the specialist the core exams kept active has)
    ledger = api.get("/me/continuing-education", token=expert.id_token).body
    assert [c["cert_id"] for c in ledger["certifications"]] == ["specialist-enterprise-core"]
    # AND the evaluation that credit caused recorded Emeritus, which issued no badge
    item = repo.table.get(repo.candidate_key(expert.extra["id"], keys.certification(CCIE)))
    assert (item["status"], item["emeritus_since"]) == ("emeritus", CYCLE_END.isoformat())
    badges_after = api.get("/me/badges", token=expert.id_token).body["items"]
    assert [b["badge_id"] for b in badges_after] == [b["badge_id"] for b in badges_before]
    assert {b["status"] for b in badges_after if b["cert_id"] == CCIE} == {"expired"}
    # AND there is no PDF certificate for an honorary status
    pdf = api.get(f"/me/certifications/{CCIE}/certificate", token=expert.id_token)
    assert (pdf.status, pdf.error["code"]) == (409, "emeritus")


def test_twenty_consecutive_years_make_it_lifetime_emeritus(api, expert):
    at(TENTH)
    assert request(api, expert).status == 201
    at(add_years(LAB, 20) - timedelta(days=1))
    assert ccie(api, expert)["emeritus"]["lifetime"] is False
    at(add_years(LAB, 20))
    lifetime = ccie(api, expert)
    assert (lifetime["status"], lifetime["tenure_years"]) == ("emeritus", 20)
    assert (lifetime["emeritus"]["lifetime"], lifetime["emeritus"]["lifetime_since"]) == (
        True,
        add_years(LAB, 20).isoformat(),
    )
    assert (lifetime["history"][0]["kind"], lifetime["history"][0]["detail"]) == (
        "lifetime_emeritus",
        "20 consecutive years: Emeritus for life",
    )


def test_an_administrator_sees_and_reverses_a_request_and_the_candidate_is_told(api, expert, admin):
    at(TENTH)
    assert request(api, expert).status == 201
    # GIVEN the back office's list of requests
    listed = api.get("/admin/emeritus", token=admin.id_token)
    assert listed.status == 200
    mine = [r for r in listed.body["items"] if r["candidate_id"] == expert.extra["id"]]
    assert mine == [
        {
            "candidate_id": expert.extra["id"],
            "cert_id": CCIE,
            "name": "CCIE Enterprise Infrastructure",
            "requested_on": TENTH.isoformat(),
            "status": "requested",
            "reversed_on": None,
            "reversed_by": None,
            "reversal_reason": None,
        }
    ]
    assert api.get("/admin/emeritus", token=expert.id_token).status == 403
    at(TENTH + timedelta(days=3))
    # WHEN an administrator reverses it
    made = reverse(api, admin, expert)
    assert made.status == 201, made.body
    assert (made.body["status"], made.body["reversed_on"], made.body["reversal_reason"]) == (
        "reversed",
        (TENTH + timedelta(days=3)).isoformat(),
        "Asked for by mistake",
    )
    # THEN the CCIE renews again as before, and its history says so
    after = ccie(api, expert)
    assert (after["status"], after["emeritus"]["requested_on"], after["emeritus"]["eligible"]) == ("active", None, True)
    assert [h["kind"] for h in after["history"][:2]] == ["emeritus_reversed", "emeritus_requested"]
    assert after["history"][0]["detail"] == "Asked for by mistake"
    # AND the candidate is emailed once; a repeat changes nothing
    mails, _ = repo.table.query(keys.candidate(expert.extra["id"]), begins_with=f"MAIL#CERT#{CCIE}#emeritus_reversed")
    assert [m["email"]["subject"] for m in mails] == ["CCIE Enterprise Infrastructure: Emeritus request reversed"]
    assert "renews again as usual" in mails[0]["email"]["text"]
    again = reverse(api, admin, expert, reason="A second reason")
    assert (again.status, again.body["reversal_reason"]) == (200, "Asked for by mistake")
    reversed_list = api.get("/admin/emeritus?status=reversed", token=admin.id_token).body["items"]
    assert [r["candidate_id"] for r in reversed_list] == [expert.extra["id"]]
    # AND the holder can ask again later
    assert request(api, expert).status == 201


def test_reversing_an_emeritus_that_began_ends_the_holding(api, expert, admin):
    at(TENTH)
    assert request(api, expert).status == 201
    at(CYCLE_END + timedelta(days=5))
    assert ccie(api, expert)["status"] == "emeritus"
    made = reverse(api, admin, expert, reason="Not eligible after all")
    assert made.status == 201
    # THEN the cycle it replaced is over: the CCIE is no longer held, and its tenure is gone
    ended = ccie(api, expert)
    assert (ended["status"], ended["tenure_years"], ended["emeritus"]) == ("expired", None, None)
    assert (ended["history"][0]["on"], ended["history"][0]["kind"]) == (
        (CYCLE_END + timedelta(days=5)).isoformat(),
        "emeritus_reversed",
    )
    mails, _ = repo.table.query(keys.candidate(expert.extra["id"]), begins_with=f"MAIL#CERT#{CCIE}#emeritus_reversed")
    assert "no longer held" in mails[0]["email"]["text"]


def test_lifetime_emeritus_is_not_reversed(api, expert, admin):
    at(TENTH)
    assert request(api, expert).status == 201
    at(add_years(LAB, 20))
    refused = reverse(api, admin, expert)
    assert (refused.status, refused.error["code"]) == (409, "lifetime_emeritus")
    assert ccie(api, expert)["status"] == "emeritus"


def test_refusals_name_the_rule(api, expert, admin, users):
    at(TENTH)
    post_result(api, expert.extra["id"], "200-301", TENTH - timedelta(days=30))
    associate = request(api, expert, "ccna")
    assert (associate.status, associate.error["code"]) == (409, "emeritus_level")
    assert "for expert certifications" in associate.error["message"]
    not_held = request(api, expert, "ccie-security")
    assert (not_held.status, not_held.error["code"]) == (409, "not_active")
    assert request(api, expert, "no-such-cert").status == 404
    assert reverse(api, admin, expert).status == 404  # nothing requested yet
    assert reverse(api, expert, expert).status == 403
    bad = api.post(
        "/admin/certifications/emeritus-reversals",
        {"candidate_id": expert.extra["id"], "cert_id": CCIE, "reason": ""},
        token=admin.id_token,
    )
    assert (bad.status, bad.error["field"]) == (400, "reason")


def test_no_expiry_reminder_for_a_cycle_that_ends_in_emeritus(api, expert):
    from reminders.app import handler

    at(TENTH)
    assert request(api, expert).status == 201
    day = CYCLE_END - timedelta(days=30)
    at(day)
    summary = handler({"date": day.isoformat()}, lambda_context())
    assert summary["due"] == 0


def test_the_kit_of_an_emeritus_certification_is_not_claimed(api, expert, aws):
    from features.test_kits import refused_for_its_certification

    from certtrack.certs.evaluation import evaluate

    # GIVEN a CCIE whose cycle ended in Emeritus, with its initial kit never claimed
    at(TENTH)
    assert request(api, expert).status == 201
    at(CYCLE_END + timedelta(days=5))
    # WHEN the kit is claimed before anything re-evaluated the stored certification (still "active")
    # THEN the claim is refused as Emeritus, and nothing is ordered
    assert "is Emeritus" in refused_for_its_certification(api, expert, aws, "emeritus", kit_id=f"{CCIE}-kit")
    # AND the same once the stored certification says Emeritus
    evaluate(expert.extra["id"])
    assert repo.table.get(repo.candidate_key(expert.extra["id"], keys.certification(CCIE)))["status"] == "emeritus"
    refused_for_its_certification(api, expert, aws, "emeritus", kit_id=f"{CCIE}-kit")
