"""First sign-in and account mapping (guide §1 notes): linked, created, or a support case."""

import threading

import pytest

from certtrack import keys
from certtrack.accounts import repository as repo
from certtrack.accounts.mapping import resolve
from certtrack.caller import Caller


def seed_record(candidate_id: str, email: str, logins: set[str] | None = None) -> None:
    extra = {"logins": logins, "mapping": "mapped"} if logins else {}
    profile = repo.profile_item(candidate_id, email=email, first_name="Sam", last_name="Lee", country="GB", **extra)
    repo.table.transact(repo.create_candidate_ops(profile))


def test_a_record_registered_at_the_testing_vendor_is_linked_on_first_sign_in(api, users):
    # GIVEN a candidate record created by the testing vendor before any sign-in existed
    seed_record("CSCO55500001", "sam.lee@example.com")
    # WHEN someone signs up and in with that (verified) email
    user = users.signup("sam.lee@example.com")
    me = api.get("/me", token=user.id_token)
    # THEN the login is linked to that record
    assert me.status == 200
    assert (me.body["candidate_id"], me.body["mapping"]) == ("CSCO55500001", "mapped")


def test_a_record_already_linked_to_another_sign_in_needs_support(api, users):
    seed_record("CSCO55500002", "jordan@example.com", logins={"older-sign-in"})
    user = users.signup("jordan@example.com")
    me = api.get("/me", token=user.id_token)
    assert me.status == 200
    assert me.body["mapping"] == "support_required"
    assert me.body["candidate_id"] is None
    assert me.body["missing"] == ["account_mapping"]
    profile = api.get("/me/profile", token=user.id_token)
    assert profile.status == 403
    assert profile.error["code"] == "support_required"


def test_support_case_then_admin_mapping_links_the_sign_in(api, users):
    seed_record("CSCO55500003", "kim@example.com", logins={"older-sign-in"})
    user = users.signup("kim@example.com")
    assert api.get("/me", token=user.id_token).body["mapping"] == "support_required"
    # the candidate opens a case; a second mapping case is refused while the first is open
    request = {"category": "account_mapping", "description": "I changed my sign-in; my old one was kim@old.example."}
    opened = api.post("/me/support-cases", request, token=user.id_token)
    assert opened.status == 201
    assert api.post("/me/support-cases", request, token=user.id_token).status == 409
    assert [c["case_id"] for c in api.get("/me/support-cases", token=user.id_token).body["items"]] == [
        opened.body["case_id"]
    ]
    # an admin finds the case and the record, and maps the sign-in
    admin = users.signup(groups=("admin",))
    cases = api.get("/admin/support-cases?status=open", token=admin.id_token).body["items"]
    assert opened.body["case_id"] in [c["case_id"] for c in cases]
    found = api.get("/admin/candidates?email=kim@example.com", token=admin.id_token).body
    assert found["candidate_id"] == "CSCO55500003"
    mapping = {"case_id": opened.body["case_id"], "candidate_id": found["candidate_id"]}
    assert api.post("/admin/account-mappings", mapping, token=admin.id_token).status == 200
    me = api.get("/me", token=user.id_token).body
    assert (me["candidate_id"], me["mapping"]) == ("CSCO55500003", "mapped")
    assert api.get("/me/support-cases", token=user.id_token).body["items"][0]["status"] == "resolved"
    assert api.post("/admin/account-mappings", mapping, token=admin.id_token).status == 409


def test_admin_routes_refuse_candidates_and_unknown_cases(api, users):
    user = users.signup()
    assert api.get("/admin/support-cases", token=user.id_token).status == 403
    admin = users.signup(groups=("admin",))
    missing = api.post(
        "/admin/account-mappings", {"case_id": "SC-NOPE", "candidate_id": "CSCO00000001"}, token=admin.id_token
    )
    assert missing.status == 404
    assert missing.error["field"] == "case_id"


def test_concurrent_first_sign_ins_create_one_candidate(aws):
    caller = Caller("sub-concurrent", "race@example.com", True, frozenset(), None, None, "Ada", "King", "GB")
    found: list[str] = []
    threads = [threading.Thread(target=lambda: found.append(resolve(caller)["candidate_id"])) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(found) == 8
    assert len(set(found)) == 1
    pointer = repo.table.get(keys.email("race@example.com"))
    assert pointer["candidate_id"] == found[0]


@pytest.mark.parametrize("category", ["account_mapping", "profile", "other"])
def test_support_case_description_must_say_something(api, users, category):
    user = users.signup()
    answer = api.post("/me/support-cases", {"category": category, "description": "help"}, token=user.id_token)
    assert answer.status == 400
    assert answer.error["field"] == "description"
