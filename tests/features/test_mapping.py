"""First sign-in and account mapping (guide §1 notes, ARCHITECTURE.md "identity and authorization"):
a record the testing vendor created is linked by email, a conflicting sign-in leaves the record alone
and is refused on every candidate route until a support case is mapped by an admin, with the
conflicts and 404s of mapping, concurrent first sign-ins that really overlap, and the admin case
list's cursor."""

import threading

import boto3
import pytest

from certtrack import keys
from certtrack.accounts import cases
from certtrack.accounts import repository as repo
from certtrack.accounts.mapping import resolve
from certtrack.caller import Caller
from certtrack.store.table import deserialize

CASE = {"category": "account_mapping", "description": "My sign-in is new; my record is from the testing centre."}


def seed_record(candidate_id: str, email: str, *, logins: set[str] | None = None) -> None:
    """A candidate record as the testing vendor creates it (optionally already linked to a login)."""
    extra = {"logins": logins, "mapping": "mapped"} if logins else {}
    profile = repo.profile_item(candidate_id, email=email, first_name="Sam", last_name="Lee", country="GB", **extra)
    repo.table.transact(repo.create_candidate_ops(profile))


def all_items(stack) -> list[dict]:
    """Every item of the table (tests may scan; request paths never do)."""
    dynamodb = boto3.client("dynamodb", region_name="us-east-1")
    items = []
    for page in dynamodb.get_paginator("scan").paginate(TableName=stack.table, ConsistentRead=True):
        items.extend(deserialize(i) for i in page["Items"])
    return items


@pytest.fixture
def linked_elsewhere(api, users):
    """A sign-in whose email belongs to a record another login already holds."""
    seed_record("CSCO77700001", "kim.park@example.com", logins={"other-sub"})
    user = users.signup("kim.park@example.com")
    me = api.get("/me", token=user.id_token)
    assert me.status == 200
    assert me.body["mapping"] == "support_required"
    assert me.body["candidate_id"] is None
    assert me.body["missing"] == ["account_mapping"]
    return user


def test_first_sign_in_links_a_record_whose_email_differs_in_case_both_ways(api, users):
    # GIVEN a record the testing vendor created, with no sign-in yet
    seed_record("CSCO77700002", "sam.lee@example.com")
    # WHEN a sign-up with that email, typed with capitals, signs in for the first time
    user = users.signup("Sam.Lee@example.com")
    me = api.get("/me", token=user.id_token)
    # THEN the login is linked to that record (no new candidate), and the record knows its login
    assert me.status == 200, me.body
    assert me.body["candidate_id"] == "CSCO77700002"
    assert me.body["mapping"] == "mapped"
    assert me.body["email"] == "sam.lee@example.com"
    assert (me.body["first_name"], me.body["last_name"]) == ("Sam", "Lee")
    profile = repo.get_profile("CSCO77700002")
    assert profile["logins"] == {user.subject}
    assert repo.get_login(user.subject)["candidate_id"] == "CSCO77700002"
    activity, _ = repo.table.query(keys.candidate("CSCO77700002"), begins_with=keys.ACTIVITY_PREFIX)
    assert [a["kind"] for a in activity] == ["account"]


def test_a_conflicting_sign_in_leaves_the_record_with_its_one_login(api, linked_elsewhere):
    # WHEN the conflicting sign-in asks who it is (the fixture has already signed in once)
    me = api.get("/me", token=linked_elsewhere.id_token)
    # THEN its profile is not complete, and the record was not linked to it
    assert me.body["profile_complete"] is False
    assert repo.get_profile("CSCO77700001")["logins"] == {"other-sub"}


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PUT", "/me/settings", {"email_opt_in": True, "reminder_emails": True}),
        ("GET", "/me/profile", None),
        ("GET", "/me/addresses/mailing", None),
        ("GET", "/me/external-ids", None),
    ],
)
def test_an_unmapped_sign_in_gets_403_support_required_on_candidate_routes(api, linked_elsewhere, method, path, body):
    answer = api.request(method, path, token=linked_elsewhere.id_token, json_body=body)
    assert answer.status == 403, answer.body
    assert answer.error["code"] == "support_required"
    assert "support-cases" in answer.error["message"]
    assert "CSCO77700001" not in str(answer.body)


def test_a_mapping_case_carries_the_sign_ins_email_and_a_second_one_names_the_first(api, linked_elsewhere):
    # WHEN the sign-in opens an account-mapping case
    opened = api.post("/me/support-cases", CASE, token=linked_elsewhere.id_token)
    # THEN it is open, with no candidate yet
    assert opened.status == 201, opened.body
    case = opened.body
    assert case["case_id"].startswith("SC-")
    assert (case["status"], case["category"], case["email"]) == ("open", "account_mapping", "kim.park@example.com")
    assert case["candidate_id"] is None
    assert case["description"] == CASE["description"]
    # AND a second open mapping case is a conflict naming the first
    second = api.post("/me/support-cases", CASE, token=linked_elsewhere.id_token)
    assert second.status == 409, second.body
    assert second.error["code"] == "conflict"
    assert case["case_id"] in second.error["message"]


def test_an_admin_maps_the_case_and_the_sign_in_becomes_that_candidate(api, users, linked_elsewhere):
    # GIVEN an open mapping case and an administrator
    case_id = api.post("/me/support-cases", CASE, token=linked_elsewhere.id_token).body["case_id"]
    admin = users.signup(groups=("admin",))
    # WHEN the admin lists open cases, finds the record by email and maps the sign-in to it
    open_cases = api.get("/admin/support-cases?status=open", token=admin.id_token)
    assert open_cases.status == 200
    assert case_id in [c["case_id"] for c in open_cases.body["items"]]
    found = api.get("/admin/candidates?email=kim.park@example.com", token=admin.id_token)
    assert found.status == 200
    assert (found.body["candidate_id"], found.body["mapped_logins"]) == ("CSCO77700001", 1)
    mapped = api.post(
        "/admin/account-mappings",
        {"case_id": case_id, "candidate_id": found.body["candidate_id"]},
        token=admin.id_token,
    )
    # THEN the case is resolved with that candidate
    assert mapped.status == 200, mapped.body
    assert (mapped.body["status"], mapped.body["candidate_id"]) == ("resolved", "CSCO77700001")
    # AND the sign-in's next /me is mapped to it, and its case shows resolved
    me = api.get("/me", token=linked_elsewhere.id_token)
    assert me.status == 200
    assert (me.body["candidate_id"], me.body["mapping"]) == ("CSCO77700001", "mapped")
    assert me.body["missing"] == ["mailing_address", "settings"]
    mine = api.get("/me/support-cases", token=linked_elsewhere.id_token).body["items"]
    assert [(c["case_id"], c["status"]) for c in mine] == [(case_id, "resolved")]
    assert api.get("/me/profile", token=linked_elsewhere.id_token).status == 200
    # AND the queues of cases moved: not open any more, listed as resolved
    still_open = api.get("/admin/support-cases?status=open", token=admin.id_token).body["items"]
    assert case_id not in [c["case_id"] for c in still_open]
    resolved = api.get("/admin/support-cases?status=resolved", token=admin.id_token).body["items"]
    assert case_id in [c["case_id"] for c in resolved]
    assert repo.get_profile("CSCO77700001")["logins"] == {"other-sub", linked_elsewhere.subject}


def test_mapping_an_already_resolved_case_again_is_a_conflict_saying_so(api, users, linked_elsewhere):
    case_id = api.post("/me/support-cases", CASE, token=linked_elsewhere.id_token).body["case_id"]
    admin = users.signup(groups=("admin",))
    mapping = {"case_id": case_id, "candidate_id": "CSCO77700001"}
    assert api.post("/admin/account-mappings", mapping, token=admin.id_token).status == 200
    # WHEN the same case is mapped again
    again = api.post("/admin/account-mappings", mapping, token=admin.id_token)
    # THEN it is a conflict that says the case is resolved
    assert again.status == 409, again.body
    assert again.error["code"] == "conflict"
    assert "resolved" in again.error["message"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/admin/candidates?email=kim.park@example.com", None),
        ("POST", "/admin/account-mappings", {"case_id": "SC-ANY", "candidate_id": "CSCO77700001"}),
    ],
)
def test_a_candidate_who_is_not_an_admin_gets_403_on_admin_routes(api, users, method, path, body):
    # GIVEN an ordinary (mapped) candidate and a record an admin could see
    seed_record("CSCO77700001", "kim.park@example.com", logins={"other-sub"})
    user = users.signup()
    assert api.get("/me", token=user.id_token).status == 200
    # WHEN it calls a back-office route
    answer = api.request(method, path, token=user.id_token, json_body=body)
    # THEN it is refused, and learns nothing about the record
    assert answer.status == 403, answer.body
    assert answer.error["code"] == "forbidden"
    assert "CSCO77700001" not in str(answer.body)
    assert repo.get_profile("CSCO77700001")["logins"] == {"other-sub"}


def test_mapping_to_an_unknown_candidate_is_404_and_leaves_the_case_open(api, users, linked_elsewhere):
    case_id = api.post("/me/support-cases", CASE, token=linked_elsewhere.id_token).body["case_id"]
    admin = users.signup(groups=("admin",))
    answer = api.post(
        "/admin/account-mappings", {"case_id": case_id, "candidate_id": "CSCO00000000"}, token=admin.id_token
    )
    assert answer.status == 404, answer.body
    assert answer.error["field"] == "candidate_id"
    assert api.get("/me/support-cases", token=linked_elsewhere.id_token).body["items"][0]["status"] == "open"
    assert api.get("/me", token=linked_elsewhere.id_token).body["mapping"] == "support_required"


def test_concurrent_first_sign_ins_of_one_login_create_exactly_one_candidate(aws):
    # GIVEN one login (no record with its email) signing in from many requests at the same moment
    caller = Caller(
        subject="sub-race",
        email="race@example.com",
        email_verified=True,
        groups=frozenset(),
        candidate_id=None,
        mapping=None,
        given_name="Ada",
        family_name="King",
        country="GB",
    )
    # (the process's DynamoDB client is built first: building it takes long enough that the first
    # thread would otherwise finish alone, and the requests would never overlap)
    assert repo.get_login("warm-up") is None
    start = threading.Barrier(8)
    results: list[str] = []
    errors: list[BaseException] = []

    def sign_in() -> None:
        start.wait()
        try:
            results.append(resolve(caller)["candidate_id"])
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=sign_in) for _ in range(8)]
    # WHEN they all resolve the login
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # THEN every request got the same candidate, and the table holds one record, one email pointer
    # and one login pointer
    assert errors == []
    assert len(results) == 8
    assert len(set(results)) == 1
    items = all_items(aws)
    profiles = [i for i in items if i["sk"] == keys.profile() and i["email"] == "race@example.com"]
    email_pointers = [i for i in items if i["pk"] == keys.email("race@example.com")["pk"]]
    login_pointers = [i for i in items if i["pk"] == keys.login("sub-race")["pk"]]
    assert [p["candidate_id"] for p in profiles] == results[:1]
    assert [p["candidate_id"] for p in email_pointers] == results[:1]
    assert [p["candidate_id"] for p in login_pointers] == results[:1]
    assert profiles[0]["logins"] == {"sub-race"}


def test_the_admin_case_list_pages_with_its_cursor_and_refuses_one_it_did_not_issue(api, users):
    # GIVEN more open cases than one page holds (100)
    opened = [
        cases.open_case(f"sub-{n:03d}", f"p{n:03d}@example.com", None, "other", "Please help me with my record.")
        for n in range(101)
    ]
    admin = users.signup(groups=("admin",))
    # WHEN the admin reads the first page, then the page its cursor points to
    first = api.get("/admin/support-cases?status=open", token=admin.id_token)
    assert first.status == 200
    assert len(first.body["items"]) == 100
    assert first.body["next_cursor"]
    second = api.get(f"/admin/support-cases?status=open&cursor={first.body['next_cursor']}", token=admin.id_token)
    # THEN the two pages hold every case exactly once, and the last page has no cursor
    assert second.status == 200, second.body
    assert second.body["next_cursor"] is None
    listed = [c["case_id"] for c in first.body["items"] + second.body["items"]]
    assert sorted(listed) == sorted(c["case_id"] for c in opened)
    # AND a cursor the API did not issue is a 400 naming it
    forged = api.get("/admin/support-cases?status=open&cursor=eyJwayI6IkNBU0UjU0MtMSJ9", token=admin.id_token)
    assert forged.status == 400, forged.body
    assert forged.error["field"] == "cursor"


def test_mapping_an_unknown_case_is_404_naming_the_case(api, users):
    admin = users.signup(groups=("admin",))
    answer = api.post(
        "/admin/account-mappings", {"case_id": "SC-NOPE", "candidate_id": "CSCO00000001"}, token=admin.id_token
    )
    assert answer.status == 404, answer.body
    assert answer.error["field"] == "case_id"


@pytest.mark.parametrize("category", ["account_mapping", "profile", "other"])
def test_a_support_case_must_describe_the_problem(api, users, category):
    user = users.signup()
    answer = api.post("/me/support-cases", {"category": category, "description": "help"}, token=user.id_token)
    assert answer.status == 400, answer.body
    assert answer.error["field"] == "description"
