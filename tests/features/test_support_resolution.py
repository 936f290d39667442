"""Support cases an administrator resolves without mapping a sign-in: a name change (the verified
name on the record changes with the case's resolution, together) and a question answered."""

import pytest

from certtrack.accounts import repository as repo

NAME_CASE = {"category": "profile", "description": "Please change the name on my record to: Ada King"}


@pytest.fixture
def admin(users):
    return users.signup(groups=("admin",))


@pytest.fixture
def candidate(api, users):
    user = users.complete(users.signup(first_name="Ada", last_name="Lovelace"))
    user.extra["candidate_id"] = api.get("/me", token=user.id_token).body["candidate_id"]
    return user


def test_a_name_change_case_changes_the_name_and_resolves_the_case_together(api, admin, candidate):
    # GIVEN a name-change case the candidate opened
    case = api.post("/me/support-cases", NAME_CASE, token=candidate.id_token).body
    assert case["candidate_id"] == candidate.extra["candidate_id"]  # the admin screen pre-fills it
    # WHEN the admin resolves it as a name change
    answer = api.post(
        f"/admin/support-cases/{case['case_id']}/name-change",
        {"candidate_id": candidate.extra["candidate_id"], "first_name": "Ada", "last_name": "King"},
        token=admin.id_token,
    )
    # THEN the case is resolved saying so, and the record carries the new name
    assert answer.status == 200, answer.body
    assert (answer.body["status"], answer.body["resolution"]) == ("resolved", "name on the record changed to Ada King")
    profile = api.get("/me/profile", token=candidate.id_token).body
    assert (profile["first_name"], profile["last_name"]) == ("Ada", "King")
    mine = api.get("/me/support-cases", token=candidate.id_token).body["items"]
    assert [(c["case_id"], c["status"]) for c in mine] == [(case["case_id"], "resolved")]
    texts = [a["text"] for a in api.get("/me/dashboard", token=candidate.id_token).body["recent_activity"]]
    assert "Support changed the name on your record to Ada King" in texts
    # AND a second resolution is a conflict naming the state
    again = api.post(
        f"/admin/support-cases/{case['case_id']}/name-change",
        {"candidate_id": candidate.extra["candidate_id"], "first_name": "Ada", "last_name": "Byron"},
        token=admin.id_token,
    )
    assert again.status == 409
    assert "already resolved" in again.error["message"]
    assert repo.get_profile(candidate.extra["candidate_id"])["last_name"] == "King"


def test_a_name_change_to_an_unknown_record_is_404_and_leaves_everything_as_it_was(api, admin, candidate):
    case = api.post("/me/support-cases", NAME_CASE, token=candidate.id_token).body
    answer = api.post(
        f"/admin/support-cases/{case['case_id']}/name-change",
        {"candidate_id": "CSCO00000000", "first_name": "Ada", "last_name": "King"},
        token=admin.id_token,
    )
    assert (answer.status, answer.error["field"]) == (404, "candidate_id")
    assert api.get("/me/support-cases", token=candidate.id_token).body["items"][0]["status"] == "open"
    assert api.get("/me/profile", token=candidate.id_token).body["last_name"] == "Lovelace"


@pytest.mark.parametrize(
    ("body", "field"), [({"first_name": ""}, "first_name"), ({"candidate_id": "X1"}, "candidate_id")]
)
def test_a_bad_name_change_is_400_naming_the_field(api, admin, candidate, body, field):
    case = api.post("/me/support-cases", NAME_CASE, token=candidate.id_token).body
    sent = {"candidate_id": candidate.extra["candidate_id"], "first_name": "Ada", "last_name": "King", **body}
    answer = api.post(f"/admin/support-cases/{case['case_id']}/name-change", sent, token=admin.id_token)
    assert (answer.status, answer.error["field"]) == (400, field)


def test_a_question_is_resolved_with_the_answer_the_candidate_sees(api, admin, candidate):
    asked = {"category": "other", "description": "How long does a kit take to arrive in Chile?"}
    case = api.post("/me/support-cases", asked, token=candidate.id_token).body
    note = "Allow 12-16 weeks; tracking is emailed when it ships."
    answer = api.post(f"/admin/support-cases/{case['case_id']}/resolution", {"note": note}, token=admin.id_token)
    assert answer.status == 200, answer.body
    mine = api.get("/me/support-cases", token=candidate.id_token).body["items"]
    assert [(c["status"], c["resolution"]) for c in mine] == [("resolved", note)]


def test_an_account_mapping_case_is_not_closed_without_mapping(api, admin, users):
    # GIVEN a sign-in whose email belongs to a record another login holds: its case asks for a mapping
    profile = repo.profile_item(
        "CSCO77700002",
        email="held@example.com",
        first_name="Sam",
        last_name="Lee",
        country="GB",
        logins={"other-sub"},
        mapping="mapped",
    )
    repo.table.transact(repo.create_candidate_ops(profile))
    unlinked = users.signup("held@example.com")
    assert api.get("/me", token=unlinked.id_token).body["mapping"] == "support_required"
    body = {"category": "account_mapping", "description": "My sign-in is new; my record is older."}
    case = api.post("/me/support-cases", body, token=unlinked.id_token).body
    # WHEN an admin tries to close it, or to treat it as a name change, THEN 409 says what it is
    for path, sent in [
        ("resolution", {"note": "Closing this."}),
        ("name-change", {"candidate_id": "CSCO77700002", "first_name": "A", "last_name": "B"}),
    ]:
        answer = api.post(f"/admin/support-cases/{case['case_id']}/{path}", sent, token=admin.id_token)
        assert answer.status == 409, answer.body
        assert "account-mapping case" in answer.error["message"]
    assert repo.get_profile("CSCO77700002")["last_name"] == "Lee"


def test_candidates_cannot_resolve_cases(api, candidate):
    case = api.post("/me/support-cases", NAME_CASE, token=candidate.id_token).body
    answer = api.post(f"/admin/support-cases/{case['case_id']}/resolution", {"note": "Done."}, token=candidate.id_token)
    assert answer.status == 403
    assert api.get("/me/support-cases", token=candidate.id_token).body["items"][0]["status"] == "open"
