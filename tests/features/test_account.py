"""GET /me and first sign-in mapping (guide §1)."""

import re

from certtrack import keys
from certtrack.accounts import repository as repo


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


def test_the_welcome_is_recorded_once_per_account(api, users):
    # GIVEN a new account: Home has not greeted it yet
    user = users.signup()
    assert api.get("/me", token=user.id_token).body["welcomed"] is False
    # WHEN Home records the welcome, THEN every later sign-in (any device) sees it, and the profile
    # completeness is unchanged (the record is not the settings)
    assert api.put("/me/welcome", token=user.id_token).status == 204
    again = users.login(user.email)
    me = api.get("/me", token=again.id_token).body
    assert (me["welcomed"], me["profile_complete"], me["missing"]) == (True, False, ["mailing_address", "settings"])
    # AND recording it again keeps the first time
    cid = me["candidate_id"]
    first = repo.table.get(repo.candidate_key(cid, keys.welcome()))
    assert api.put("/me/welcome", token=user.id_token).status == 204
    assert repo.table.get(repo.candidate_key(cid, keys.welcome())) == first
    # AND another account is not welcomed by it
    assert api.get("/me", token=users.signup().id_token).body["welcomed"] is False
