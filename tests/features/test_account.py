"""GET /me and first sign-in mapping (guide §1)."""

import re


def test_first_sign_in_without_a_record_creates_a_candidate(api, users):
    # GIVEN a new account whose email matches no candidate record
    user = users.signup(first_name="Grace", last_name="Hopper")
    # WHEN it asks who it is
    me = api.get("/me", token=user.id_token)
    # THEN a new candidate id is issued and the profile is incomplete
    assert me.status == 200
    assert re.fullmatch(r"CSCO\d{8}", me.body["candidate_id"])
    assert me.body["mapping"] == "created"
    assert me.body["first_name"] == "Grace"
    assert me.body["profile_complete"] is False
    assert me.body["missing"] == ["mailing_address", "settings"]


def test_me_is_stable_across_calls(api, users):
    user = users.signup()
    first = api.get("/me", token=user.id_token).body["candidate_id"]
    assert api.get("/me", token=user.id_token).body["candidate_id"] == first
