"""Personal information (guide §2): profile, mailing address, settings, external IDs."""

import pytest
from conftest import ADDRESS

from certtrack import keys
from certtrack.accounts import repository as repo


@pytest.fixture
def user(api, users):
    user = users.signup(first_name="Grace", last_name="Hopper")
    assert api.get("/me", token=user.id_token).status == 200
    return user


def test_profile_is_incomplete_until_address_and_settings_are_saved(api, user):
    assert api.get("/me", token=user.id_token).body["missing"] == ["mailing_address", "settings"]
    assert api.get("/me/addresses/mailing", token=user.id_token).status == 404
    assert api.get("/me/settings", token=user.id_token).status == 404
    assert api.put("/me/addresses/mailing", ADDRESS, token=user.id_token).status == 200
    assert api.get("/me", token=user.id_token).body["missing"] == ["settings"]
    assert api.put("/me/settings", {"email_opt_in": True, "reminder_emails": False}, token=user.id_token).status == 200
    me = api.get("/me", token=user.id_token).body
    assert (me["profile_complete"], me["missing"]) == (True, [])
    assert api.get("/me/settings", token=user.id_token).body == {"email_opt_in": True, "reminder_emails": False}


def test_address_is_normalised_against_iso_3166(api, user):
    saved = api.put("/me/addresses/mailing", {**ADDRESS, "state": "california", "country": "us"}, token=user.id_token)
    assert saved.status == 200
    back = api.get("/me/addresses/mailing", token=user.id_token).body
    assert (back["state"], back["country"]) == ("CA", "US")


@pytest.mark.parametrize(
    "line",
    [
        "P.O. Box 12",
        "PO Box 12",
        "p o box 9",
        "POB 44",
        "Post Office Box 1",
        "GPO Box 3",
        "Postfach 123",
        "Apartado Postal 5",
        "pobox 77",
        "P.O.B. 8",
    ],
)
@pytest.mark.parametrize("field", ["line1", "line2"])
def test_a_po_box_is_refused_in_any_line_and_spelling(api, user, line, field):
    answer = api.put("/me/addresses/mailing", {**ADDRESS, field: line}, token=user.id_token)
    assert answer.status == 400
    assert answer.error["field"] == field
    assert "P.O. Box" in answer.error["message"]


@pytest.mark.parametrize("line", ["Boxwood Road 5", "1 Post Road", "12 Pobble Lane", "Suite 400, Box Hill Tower"])
def test_street_names_that_only_look_like_a_box_are_accepted(api, user, line):
    assert api.put("/me/addresses/mailing", {**ADDRESS, "line1": line}, token=user.id_token).status == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"state": "Bavaria"}, "state"),
        ({"state": None}, "state"),
        ({"postal_code": "ABCDE"}, "postal_code"),
        ({"line1": ""}, "line1"),
        ({"city": None}, "city"),
        ({"line1": "12 Main St\\u0000"}, "line1"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_invalid_addresses_name_the_field(api, user, change, field):
    body = {**ADDRESS, **change}
    if "line1" in change and change["line1"].endswith("\\u0000"):
        body["line1"] = "12 Main St\x00"
    answer = api.put("/me/addresses/mailing", body, token=user.id_token)
    assert answer.status == 400, answer.body
    assert answer.error["field"] == field


def test_profile_changes_company_title_and_phone_but_not_the_verified_name(api, user):
    updated = api.put(
        "/me/profile", {"company": "Navy", "job_title": "Rear Admiral", "phone": "+1 202 555 0100"}, token=user.id_token
    )
    assert updated.status == 200
    assert (updated.body["company"], updated.body["first_name"]) == ("Navy", "Grace")
    renamed = api.put("/me/profile", {"first_name": "Amazing"}, token=user.id_token)
    assert renamed.status == 400
    assert renamed.error["field"] == "first_name"
    bad_phone = api.put("/me/profile", {"phone": "call me"}, token=user.id_token)
    assert bad_phone.error["field"] == "phone"


def test_settings_must_be_booleans(api, user):
    answer = api.put("/me/settings", {"email_opt_in": "yes", "reminder_emails": True}, token=user.id_token)
    assert answer.status == 400
    assert answer.error["field"] == "email_opt_in"


def test_external_ids_and_linking_credly(api, user):
    ids = api.get("/me/external-ids", token=user.id_token).body
    me = api.get("/me", token=user.id_token).body
    assert (ids["cisco_id"], ids["csco_id"], ids["credly_id"]) == (user.email, me["candidate_id"], None)
    linked = api.put("/me/external-ids/credly", {"credly_id": "grace.hopper"}, token=user.id_token)
    assert linked.body["credly_id"] == "grace.hopper"
    assert api.put("/me/external-ids/credly", {"credly_id": "<script>"}, token=user.id_token).status == 400


def test_every_change_is_recent_activity(api, user):
    api.put("/me/addresses/mailing", ADDRESS, token=user.id_token)
    api.put("/me/profile", {"company": "Navy"}, token=user.id_token)
    candidate_id = api.get("/me", token=user.id_token).body["candidate_id"]
    items, _ = repo.table.query(keys.candidate(candidate_id), begins_with=keys.ACTIVITY_PREFIX)
    texts = [i["text"] for i in items]
    assert "Mailing address updated" in texts
    assert "Personal information updated" in texts
    assert not any("Any Street" in t for t in texts)  # no address in activity (or logs)


def test_one_candidate_never_sees_anothers_data(api, users, user):
    api.put("/me/addresses/mailing", ADDRESS, token=user.id_token)
    other = users.signup(first_name="Alan")
    api.get("/me", token=other.id_token)
    assert api.get("/me/addresses/mailing", token=other.id_token).status == 404
    assert api.get("/me/profile", token=other.id_token).body["first_name"] == "Alan"
    assert api.get("/me/profile", token=user.id_token).body["first_name"] == "Grace"
