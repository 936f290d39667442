"""Sign-up, login and refresh over the identity provider (guide §1), as the portal calls them."""

import email
import uuid
from email.policy import default

import boto3
import jwt
import pytest
from conftest import PASSWORD
from moto.backends import get_backend
from moto.core import DEFAULT_ACCOUNT_ID


def signup_body(**changes: object) -> dict:
    body = {
        "email": f"auth-{uuid.uuid4().hex[:10]}@example.com",
        "password": PASSWORD,
        "first_name": "Ada",
        "last_name": "Lovelace",
        "country": "GB",
    }
    body.update(changes)
    return body


def cognito_user(stack, email: str) -> dict | None:
    idp = boto3.client("cognito-idp", region_name="us-east-1")
    try:
        return idp.admin_get_user(UserPoolId=stack.pool, Username=email)
    except idp.exceptions.UserNotFoundException:
        return None


def test_signup_in_the_local_stage_creates_a_confirmed_account_that_can_log_in(api, aws):
    # GIVEN a new email, written with capitals and spaces as people type it
    body = signup_body()
    typed = "  " + body["email"].upper() + " "
    # WHEN it signs up
    answer = api.post("/auth/signup", {**body, "email": typed})
    # THEN the account exists, normalised and already confirmed (local stage), and it can log in
    assert answer.status == 201, answer.body
    assert answer.body["email"] == body["email"]
    assert answer.body["confirmed"] is True
    assert "local" in answer.body["message"]
    user = cognito_user(aws, body["email"])
    assert user is not None
    assert user["UserStatus"] == "CONFIRMED"
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attributes["email_verified"] == "true"
    assert (attributes["given_name"], attributes["family_name"], attributes["custom:country"]) == (
        "Ada",
        "Lovelace",
        "GB",
    )
    login = api.post("/auth/login", {"email": body["email"], "password": PASSWORD})
    assert login.status == 200, login.body
    assert {"id_token", "access_token", "refresh_token", "expires_in"} <= set(login.body)
    assert login.body["expires_in"] > 0


def test_a_second_signup_with_an_existing_email_answers_as_a_new_one_and_emails_the_owner(api, aws):
    # GIVEN an existing account
    body = signup_body()
    first = api.post("/auth/signup", body)
    assert first.status == 201
    # WHEN the same email signs up again (with a different case), twice
    again = api.post("/auth/signup", {**body, "email": body["email"].upper(), "first_name": "Eve"})
    third = api.post("/auth/signup", {**body, "first_name": "Mallory"})
    # THEN the answer is a new sign-up's (nothing tells the caller the address has an account) ...
    assert (again.status, third.status) == (201, 201)
    assert again.body == {**first.body, "email": again.body["email"]}
    # ... the first account is unchanged, and its owner is emailed once (not once per attempt)
    attributes = {a["Name"]: a["Value"] for a in cognito_user(aws, body["email"])["UserAttributes"]}
    assert attributes["given_name"] == "Ada"
    aws.deliver_mail()
    sent = get_backend("ses")[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages
    told = [email.message_from_string(m.raw_data, policy=default) for m in sent]
    told = [m for m in told if m["Subject"] == "You already have a certtrack account"]
    assert [str(m["To"]) for m in told] == [body["email"]]
    assert "no account was created" in told[0].get_body(("plain",)).get_content()


@pytest.mark.parametrize("password", ["Sh0rt", "alllowercase1", "NoDigitsHere"])
def test_a_weak_password_is_400_naming_password_and_creates_no_account(api, aws, password):
    # GIVEN a password the pool's policy refuses (length, case, digits)
    body = signup_body(password=password)
    # WHEN signing up with it
    answer = api.post("/auth/signup", body)
    # THEN the refusal names the password field and no account exists
    assert answer.status == 400, answer.body
    assert answer.error["code"] == "invalid_input"
    assert answer.error["field"] == "password"
    assert password not in answer.error["message"]
    assert cognito_user(aws, body["email"]) is None


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "two words@example.com"])
def test_a_malformed_email_is_400_naming_email(api, aws, email):
    answer = api.post("/auth/signup", signup_body(email=email))
    assert answer.status == 400, answer.body
    assert answer.error["field"] == "email"
    assert answer.error["code"] == "invalid_input"


@pytest.mark.parametrize("country", ["XX", "GBR", 44])
def test_a_country_that_is_not_iso_3166_alpha_2_is_400_naming_country(api, aws, country):
    body = signup_body(country=country)
    answer = api.post("/auth/signup", body)
    assert answer.status == 400, answer.body
    assert answer.error["field"] == "country"
    assert cognito_user(aws, body["email"]) is None


@pytest.mark.parametrize("missing", ["email", "password", "first_name", "last_name", "country"])
def test_a_missing_signup_field_is_400_naming_it(api, aws, missing):
    body = signup_body()
    del body[missing]
    answer = api.post("/auth/signup", body)
    assert answer.status == 400, answer.body
    assert answer.error["field"] == missing
    assert answer.error["message"] == f"{missing}: is required"


def test_an_unknown_extra_signup_field_is_400_naming_it(api, aws):
    # GIVEN a sign-up that tries to make itself an administrator
    body = signup_body(groups=["admin"])
    # WHEN it is sent
    answer = api.post("/auth/signup", body)
    # THEN the unknown field is named and nothing is created
    assert answer.status == 400, answer.body
    assert answer.error["field"] == "groups"
    assert "not a field" in answer.error["message"]
    assert cognito_user(aws, body["email"]) is None


def test_login_with_a_wrong_password_or_an_unknown_email_gets_the_same_401(api, users):
    # GIVEN an existing account
    user = users.signup()
    # WHEN logging in with its email and a wrong password, and with an email no account has
    wrong_password = api.post("/auth/login", {"email": user.email, "password": "Wrong-pass-123"})
    unknown_user = api.post("/auth/login", {"email": "nobody-" + user.email, "password": "Wrong-pass-123"})
    # THEN both are the same 401: the answer does not tell which accounts exist
    assert wrong_password.status == 401
    assert unknown_user.status == 401
    assert wrong_password.body == unknown_user.body
    assert wrong_password.error["code"] == "unauthenticated"
    assert "id_token" not in wrong_password.body


def test_refresh_gives_a_new_id_token_that_works_for_the_same_candidate(api, users):
    # GIVEN a signed-in user
    user = users.signup()
    first = api.get("/me", token=user.id_token)
    assert first.status == 200
    # WHEN it refreshes
    refreshed = api.post("/auth/refresh", {"refresh_token": user.refresh_token})
    # THEN it gets a new id token for the same subject, and that token is a working bearer
    assert refreshed.status == 200, refreshed.body
    new_token = refreshed.body["id_token"]
    assert new_token != user.id_token
    claims = jwt.decode(new_token, options={"verify_signature": False})
    assert claims["sub"] == user.subject
    assert claims["token_use"] == "id"
    again = api.get("/me", token=new_token)
    assert again.status == 200
    assert again.body["candidate_id"] == first.body["candidate_id"]


@pytest.mark.parametrize("refresh_token", ["not-a-refresh-token", "eyJhbGciOiJub25lIn0.e30."])
def test_an_invalid_refresh_token_is_401(api, aws, refresh_token):
    answer = api.post("/auth/refresh", {"refresh_token": refresh_token})
    assert answer.status == 401, answer.body
    assert answer.error["code"] == "unauthenticated"
    assert "id_token" not in answer.body


@pytest.mark.parametrize(
    ("path", "raw"),
    [("/auth/signup", b"{not json"), ("/auth/login", b"{not json"), ("/auth/refresh", b"")],
)
def test_a_body_that_is_not_json_is_400_naming_body(api, aws, path, raw):
    answer = api.request("POST", path, raw=raw)
    assert answer.status == 400, answer.body
    assert answer.error["field"] == "body"
    assert answer.error["code"] == "invalid_input"
