"""Personal information (guide §2): profile, mailing address, settings and external IDs; what a change
is cleaned into and reads back as, the values each route refuses (naming the field, leaving the stored
data as it was), each change's one activity item (none for a refusal), and one candidate's changes
never touching another's data."""

import pytest
from conftest import ADDRESS

from certtrack import keys
from certtrack.accounts import repository as repo

SETTINGS = {"email_opt_in": False, "reminder_emails": True}


@pytest.fixture
def user(api, users):
    """A candidate after their first sign-in (record created, profile incomplete)."""
    user = users.signup(first_name="Grace", last_name="Hopper", country="US")
    me = api.get("/me", token=user.id_token)
    assert me.status == 200
    user.extra["candidate_id"] = me.body["candidate_id"]
    return user


def activity_texts(candidate_id: str) -> list[str]:
    items, _ = repo.table.query(keys.candidate(candidate_id), begins_with=keys.ACTIVITY_PREFIX)
    return [i["text"] for i in items]


# ------------------------------------------------------------------------------------ profile


def test_the_personal_information_page_reads_every_section_in_one_answer(api, user):
    # GIVEN a new account: neither address nor settings saved yet
    empty = api.get("/me/personal-info", token=user.id_token).body
    assert (empty["mailing_address"], empty["settings"]) == (None, None)
    assert empty["profile"] == api.get("/me/profile", token=user.id_token).body
    # WHEN both are saved
    api.put("/me/addresses/mailing", ADDRESS, token=user.id_token)
    api.put("/me/settings", SETTINGS, token=user.id_token)
    # THEN the one answer holds what each section's own route answers
    both = api.get("/me/personal-info", token=user.id_token).body
    assert both["mailing_address"] == api.get("/me/addresses/mailing", token=user.id_token).body
    assert both["settings"] == SETTINGS
    assert both["external_ids"] == api.get("/me/external-ids", token=user.id_token).body


def test_profile_shows_the_sign_up_name_and_changes_company_title_and_phone(api, user):
    # GIVEN the profile right after sign-up
    before = api.get("/me/profile", token=user.id_token)
    assert before.status == 200
    assert (before.body["first_name"], before.body["last_name"], before.body["email"]) == (
        "Grace",
        "Hopper",
        user.email,
    )
    assert before.body["company"] is None
    # WHEN company, job title and phone are changed (with stray whitespace)
    change = {"company": "  US  Navy ", "job_title": "Rear Admiral", "phone": "+1 (202) 555-0100"}
    put = api.put("/me/profile", change, token=user.id_token)
    # THEN the answer and a later read carry the cleaned values, and the name is unchanged
    assert put.status == 200, put.body
    after = api.get("/me/profile", token=user.id_token).body
    for body in (put.body, after):
        assert (body["company"], body["job_title"], body["phone"]) == ("US Navy", "Rear Admiral", "+1 (202) 555-0100")
        assert (body["first_name"], body["last_name"]) == ("Grace", "Hopper")
        assert body["candidate_id"] == user.extra["candidate_id"]


@pytest.mark.parametrize("field", ["first_name", "last_name", "email", "candidate_id"])
def test_the_verified_identity_cannot_be_changed_through_the_profile(api, user, field):
    # WHEN the last name (or email, or id) is sent in a profile change, together with a valid one
    answer = api.put("/me/profile", {field: "Amazing", "company": "Hacked Inc"}, token=user.id_token)
    # THEN it is refused naming that field, and nothing changed
    assert answer.status == 400, answer.body
    assert answer.error["field"] == field
    profile = api.get("/me/profile", token=user.id_token).body
    assert (profile["first_name"], profile["company"]) == ("Grace", None)


@pytest.mark.parametrize("phone", ["12", "call me", "+1 555 0100 ext. 5", "555-0100\n"])
def test_an_invalid_phone_number_is_400_naming_phone(api, user, phone):
    answer = api.put("/me/profile", {"phone": phone}, token=user.id_token)
    assert answer.status == 400, answer.body
    assert answer.error["field"] == "phone"
    assert api.get("/me/profile", token=user.id_token).body["phone"] is None


# ------------------------------------------------------------------------------------ mailing address


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


def test_the_mailing_address_is_404_until_saved_then_reads_back_normalised(api, user):
    # GIVEN no address yet
    missing = api.get("/me/addresses/mailing", token=user.id_token)
    assert missing.status == 404
    assert missing.error["code"] == "not_found"
    # WHEN an address is saved with a state name, a lower-case country and extra spaces
    typed = {**ADDRESS, "line1": "  123   Any Street ", "state": "california", "country": "us"}
    saved = api.put("/me/addresses/mailing", typed, token=user.id_token)
    # THEN it is stored and read back in ISO 3166 form
    assert saved.status == 200, saved.body
    back = api.get("/me/addresses/mailing", token=user.id_token)
    assert back.status == 200
    expected = {**ADDRESS, "line1": "123 Any Street", "state": "CA", "country": "US"}
    # AND shown by name beside the stored codes
    expected |= {"state_name": "California", "country_name": "United States"}
    assert saved.body == expected
    assert back.body == expected


@pytest.mark.parametrize(
    ("country", "state", "code", "name", "postal_code"),
    [
        ("IN", "Maharashtra", "MH", "Maharashtra", "411001"),
        ("IN", "tamil nadu", "TN", "Tamil Nadu", "600001"),
        ("IN", "KARNATAKA", "KA", "Karnataka", "560001"),
        ("CN", "Beijing", "BJ", "Beijing", "100000"),
        ("PH", "Metro Manila", "00", "Metro Manila", "1000"),
        ("AE", "Dubai", "DU", "Dubai", None),
    ],
)
def test_a_state_written_by_name_is_stored_as_its_code_and_shown_by_name(
    api, user, country, state, code, name, postal_code
):
    address = {
        "line1": "12 Marine Drive",
        "city": "City",
        "state": state,
        "postal_code": postal_code,
        "country": country,
    }
    saved = api.put("/me/addresses/mailing", address, token=user.id_token)
    assert saved.status == 200, saved.body
    back = api.get("/me/addresses/mailing", token=user.id_token).body
    assert (back["state"], back["state_name"]) == (code, name)


@pytest.mark.parametrize(
    ("country", "city", "postal_code", "code"),
    [
        ("AE", "Dubai", None, "DU"),
        ("AE", "abu dhabi", None, "AZ"),
        ("KR", "Seoul", "06236", "11"),
        ("CN", "Shanghai", "200000", "SH"),
    ],
)
def test_a_city_that_is_itself_the_state_names_it_where_a_state_is_required(
    api, user, country, city, postal_code, code
):
    address = {"line1": "12 Marine Drive", "city": city, "postal_code": postal_code, "country": country}
    saved = api.put("/me/addresses/mailing", address, token=user.id_token)
    assert (saved.status, saved.body["state"]) == (200, code), saved.body
    assert api.get("/me/addresses/mailing", token=user.id_token).body["state"] == code


@pytest.mark.parametrize(
    ("country", "city", "postal_code", "name"),
    [("AE", "Al Ain", None, "United Arab Emirates"), ("KR", "Suwon", "16489", "Korea, Republic of")],
)
def test_a_state_is_still_required_where_the_city_is_not_one(api, user, country, city, postal_code, name):
    address = {"line1": "12 Marine Drive", "city": city, "postal_code": postal_code, "country": country}
    refused = api.put("/me/addresses/mailing", address, token=user.id_token)
    assert (refused.status, refused.error["field"]) == (400, "state")
    assert refused.error["message"] == f"state: is required for addresses in {name}"


def test_every_invalid_address_field_is_reported_at_once_in_plain_words(api, user):
    body = {"line1": "PO Box 7", "city": "", "state": "Maharashtr", "postal_code": "12", "country": "IN"}
    answer = api.put("/me/addresses/mailing", body, token=user.id_token)
    assert answer.status == 400
    assert answer.error["field"] == "line1"
    assert [e["field"] for e in answer.error["errors"]] == ["line1", "city", "state", "postal_code"]
    assert answer.error["errors"][2]["message"] == "'Maharashtr' is not a state of India"
    assert answer.error["errors"][1]["message"] == "is required"
    for raw in ("ISO 3166", "should", "String", "Value error"):
        assert raw not in answer.error["message"]


def test_a_password_too_short_is_refused_in_plain_words(api):
    answer = api.post(
        "/auth/signup",
        {"email": "short@example.com", "password": "x", "first_name": "A", "last_name": "B", "country": "USA"},
    )
    assert answer.status == 400
    messages = {e["field"]: e["message"] for e in answer.error["errors"]}
    assert messages["password"].startswith("must be at least")
    assert messages["country"] == "'USA' is not a country code: give its two letters, such as US, IN or DE"


def test_a_countrys_subdivisions_are_offered_with_whether_one_is_required(api):
    india = api.get("/countries/in/subdivisions")
    assert india.status == 200
    assert (india.body["country"], india.body["label"], india.body["required"]) == ("IN", "State", True)
    assert {"code": "MH", "name": "Maharashtra"} in india.body["items"]
    assert india.headers["Cache-Control"] == "public, max-age=86400"
    germany = api.get("/countries/DE/subdivisions").body
    assert (germany["required"], len(germany["items"])) == (False, 16)
    unknown = api.get("/countries/XX/subdivisions")
    assert (unknown.status, unknown.error["field"]) == (400, "country")


def test_a_four_digit_zip_is_400_naming_postal_code_and_saves_nothing(api, user):
    answer = api.put("/me/addresses/mailing", {**ADDRESS, "postal_code": "9410"}, token=user.id_token)
    assert answer.status == 400, answer.body
    assert answer.error["code"] == "invalid_input"
    assert answer.error["field"] == "postal_code"
    assert api.get("/me/addresses/mailing", token=user.id_token).status == 404


def test_a_later_save_replaces_the_address(api, user):
    assert api.put("/me/addresses/mailing", ADDRESS, token=user.id_token).status == 200
    moved = {"line1": "10 Downing Street", "city": "London", "postal_code": "sw1a 2aa", "country": "GB"}
    assert api.put("/me/addresses/mailing", moved, token=user.id_token).status == 200
    back = api.get("/me/addresses/mailing", token=user.id_token).body
    assert back == {
        **moved,
        "line2": None,
        "state": None,
        "state_name": None,
        "country_name": "United Kingdom",
        "postal_code": "SW1A 2AA",
    }


# ------------------------------------------------------------------------------------ settings


def test_a_later_save_replaces_the_settings(api, user):
    first = {"email_opt_in": True, "reminder_emails": False}
    assert api.put("/me/settings", first, token=user.id_token).status == 200
    assert api.put("/me/settings", SETTINGS, token=user.id_token).status == 200
    assert api.get("/me/settings", token=user.id_token).body == SETTINGS


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email_opt_in": True, "reminder_emails": 1}, "reminder_emails"),
        ({"email_opt_in": True}, "reminder_emails"),
        ({"email_opt_in": "yes", "reminder_emails": True}, "email_opt_in"),
    ],
)
def test_settings_that_are_not_booleans_are_400_naming_the_field(api, user, body, field):
    answer = api.put("/me/settings", body, token=user.id_token)
    assert answer.status == 400, answer.body
    assert answer.error["field"] == field
    assert api.get("/me/settings", token=user.id_token).status == 404


# ------------------------------------------------------------------------------------ external ids


def test_external_ids_show_the_sign_in_and_the_candidate_id_and_link_credly(api, user):
    ids = api.get("/me/external-ids", token=user.id_token)
    assert ids.status == 200
    assert ids.body == {
        "cisco_id": user.email,
        "csco_id": user.extra["candidate_id"],
        "credly_id": None,
        "pearson_vue_id": None,
    }
    linked = api.put("/me/external-ids/credly", {"credly_id": " grace.hopper@example.com "}, token=user.id_token)
    assert linked.status == 200, linked.body
    assert linked.body["credly_id"] == "grace.hopper@example.com"
    assert api.get("/me/external-ids", token=user.id_token).body["credly_id"] == "grace.hopper@example.com"


@pytest.mark.parametrize("credly_id", ["ab", "has space", "<script>", "x" * 101])
def test_an_invalid_credly_id_is_400_and_links_nothing(api, user, credly_id):
    answer = api.put("/me/external-ids/credly", {"credly_id": credly_id}, token=user.id_token)
    assert answer.status == 400, answer.body
    assert answer.error["field"] == "credly_id"
    assert api.get("/me/external-ids", token=user.id_token).body["credly_id"] is None


# ------------------------------------------------------------------------------------ activity, isolation


def test_every_change_writes_an_activity_item(api, user):
    # GIVEN the activity of a new record (its welcome)
    candidate_id = user.extra["candidate_id"]
    before = activity_texts(candidate_id)
    # WHEN each kind of personal information is changed once
    assert api.put("/me/profile", {"company": "Navy"}, token=user.id_token).status == 200
    assert api.put("/me/addresses/mailing", ADDRESS, token=user.id_token).status == 200
    assert api.put("/me/settings", SETTINGS, token=user.id_token).status == 200
    assert api.put("/me/external-ids/credly", {"credly_id": "grace"}, token=user.id_token).status == 200
    # THEN each wrote one activity item, and none carries the address
    added = activity_texts(candidate_id)[len(before) :]
    assert sorted(added) == sorted(
        ["Personal information updated", "Mailing address updated", "Email settings updated", "Credly account linked"]
    )
    assert not any(ADDRESS["line1"] in text or ADDRESS["postal_code"] in text for text in added)


def test_a_refused_change_writes_no_activity(api, user):
    candidate_id = user.extra["candidate_id"]
    before = activity_texts(candidate_id)
    assert api.put("/me/addresses/mailing", {**ADDRESS, "line1": "PO Box 1"}, token=user.id_token).status == 400
    assert api.put("/me/settings", {"email_opt_in": "yes", "reminder_emails": True}, token=user.id_token).status == 400
    assert activity_texts(candidate_id) == before


def test_one_candidate_never_sees_or_changes_anothers_data(api, users, user):
    # GIVEN candidate A with an address, and candidate B, a new sign-up
    assert api.put("/me/addresses/mailing", ADDRESS, token=user.id_token).status == 200
    other = users.signup(first_name="Alan", last_name="Turing", country="GB")
    b_id = api.get("/me", token=other.id_token).body["candidate_id"]
    assert b_id != user.extra["candidate_id"]
    # THEN B does not see A's address
    assert api.get("/me/addresses/mailing", token=other.id_token).status == 404
    # WHEN B saves its own address, profile and settings
    b_address = {"line1": "1 Bletchley Park", "city": "Milton Keynes", "postal_code": "MK3 6EB", "country": "GB"}
    assert api.put("/me/addresses/mailing", b_address, token=other.id_token).status == 200
    assert api.put("/me/profile", {"company": "GC&CS"}, token=other.id_token).status == 200
    assert api.put("/me/settings", {"email_opt_in": True, "reminder_emails": True}, token=other.id_token).status == 200
    # THEN A still reads exactly its own data
    assert api.get("/me/addresses/mailing", token=user.id_token).body["line1"] == ADDRESS["line1"]
    a_profile = api.get("/me/profile", token=user.id_token).body
    assert (a_profile["first_name"], a_profile["company"]) == ("Grace", None)
    assert api.get("/me/settings", token=user.id_token).status == 404
    assert api.get("/me/external-ids", token=user.id_token).body["csco_id"] == user.extra["candidate_id"]
    # AND B reads its own
    assert api.get("/me/addresses/mailing", token=other.id_token).body["line1"] == "1 Bletchley Park"
    assert api.get("/me/profile", token=other.id_token).body["first_name"] == "Alan"
