"""The authorizer refuses every token that is not a valid id token of our pool, locally as in AWS, and
a refusal says nothing about any candidate (ARCHITECTURE.md, identity and authorization)."""

import base64
import gzip
import hashlib
import hmac
import json
import time
from pathlib import Path

import jwt
import moto.cognitoidp
import pytest
import requests
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

# The key moto's user pool signs with: lets the tests forge tokens whose signature is valid.
PRIVATE = json.loads(
    gzip.decompress((Path(moto.cognitoidp.__file__).parent / "resources" / "jwks-private.json.gz").read_bytes())
)


def _b64(data: dict | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _parts(token: str) -> tuple[dict, dict, str]:
    header, payload, signature = token.split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    return (
        json.loads(base64.urlsafe_b64decode(pad(header))),
        json.loads(base64.urlsafe_b64decode(pad(payload))),
        signature,
    )


def _signed(claims: dict, *, kid: str = "dummy") -> str:
    key = jwt.PyJWK.from_dict(PRIVATE["keys"][0] if "keys" in PRIVATE else PRIVATE)
    return jwt.encode(claims, key.key, algorithm="RS256", headers={"kid": kid})


@pytest.fixture
def valid(api, users):
    """A signed-in candidate with a complete profile: there is data a forged token could reach."""
    user = users.complete(users.signup())
    me = api.get("/me", token=user.id_token)
    assert me.status == 200
    user.extra["candidate_id"] = me.body["candidate_id"]
    return user


def _refused(answer, *users) -> None:
    # a token that is not valid is 401 with the Bearer challenge (403 is for a valid one without the right)
    assert answer.status == 401, answer.body
    assert {k.lower(): v for k, v in answer.headers.items()}["www-authenticate"] == "Bearer"
    assert answer.body["error"]["code"] == "unauthenticated"
    text = json.dumps(answer.body)
    assert "candidate_id" not in text
    assert "CSCO" not in text
    for user in users:
        assert user.email not in text
        assert user.extra["candidate_id"] not in text


def test_no_token_is_401(api, valid):
    answer = api.get("/me")
    assert answer.status == 401
    assert "candidate_id" not in json.dumps(answer.body)


def test_a_flipped_signature_is_refused(api, valid):
    header, payload, signature = valid.id_token.split(".")
    flipped = signature[:-4] + ("AAAA" if signature[-4:] != "AAAA" else "BBBB")
    _refused(api.get("/me", token=f"{header}.{payload}.{flipped}"))


def test_alg_none_is_refused(api, valid):
    _, claims, _ = _parts(valid.id_token)
    token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    _refused(api.get("/me", token=token))


def test_a_changed_subject_is_refused(api, valid, users):
    other = users.signup()
    header, _, signature = valid.id_token.split(".")
    _, claims, _ = _parts(valid.id_token)
    claims["sub"] = _parts(other.id_token)[1]["sub"]
    _refused(api.get("/me", token=f"{header}.{_b64(claims)}.{signature}"))


def test_an_expired_token_is_refused(api, valid):
    _, claims, _ = _parts(valid.id_token)
    claims.update(iat=int(time.time()) - 7200, exp=int(time.time()) - 3600)
    _refused(api.get("/me", token=_signed(claims)))


def test_a_properly_signed_token_is_accepted(api, valid):
    # the forging key works: the refusals above are about the claims, not the signature
    _, claims, _ = _parts(valid.id_token)
    assert api.get("/me", token=_signed(claims)).status == 200


@pytest.mark.parametrize(
    "change",
    [
        {"aud": "another-client"},
        {"iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other"},
        {"token_use": "access"},
    ],
)
def test_a_signed_token_for_another_audience_issuer_or_use_is_refused(api, valid, change):
    _, claims, _ = _parts(valid.id_token)
    _refused(api.get("/me", token=_signed({**claims, **change})))


def test_an_unknown_signing_key_is_refused(api, valid):
    _, claims, _ = _parts(valid.id_token)
    _refused(api.get("/me", token=_signed(claims, kid="rotated-away")))


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer not.a.jwt", "Token abc"])
def test_malformed_authorization_headers_are_refused(api, valid, header):
    _refused(api.request("GET", "/me", headers={"authorization": header}))


def test_the_access_token_is_not_a_bearer_for_me(api, users):
    user = users.signup()
    access = api.post("/auth/login", {"email": user.email, "password": user.password}).body["access_token"]
    _refused(api.get("/me", token=access))


def test_an_hs256_token_keyed_with_the_public_key_is_refused(api, aws, valid):
    # the classic algorithm confusion: HMAC "signed" with the pool's public key as the secret
    jwks = requests.get(f"https://cognito-idp.us-east-1.amazonaws.com/{aws.pool}/.well-known/jwks.json", timeout=5)
    public_pem = jwt.PyJWK.from_dict(jwks.json()["keys"][0]).key.public_bytes(
        Encoding.PEM, PublicFormat.SubjectPublicKeyInfo
    )
    _, claims, _ = _parts(valid.id_token)
    signing_input = f"{_b64({'alg': 'HS256', 'kid': 'dummy'})}.{_b64(claims)}"
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    _refused(api.get("/me", token=f"{signing_input}.{_b64(mac)}"), valid)


def test_a_subject_swapped_to_a_candidate_with_data_reaches_neither_record(api, users, valid):
    # GIVEN another candidate with a record and an address, and the first one's token with the
    # other's subject pasted in (not re-signed)
    victim = users.complete(users.signup(first_name="Alan", last_name="Turing"))
    victim.extra["candidate_id"] = api.get("/me", token=victim.id_token).body["candidate_id"]
    header, _, signature = valid.id_token.split(".")
    _, claims, _ = _parts(valid.id_token)
    forged = f"{header}.{_b64({**claims, 'sub': victim.subject})}.{signature}"
    # WHEN it asks for /me and for the mailing address
    me = api.get("/me", token=forged)
    address = api.get("/me/addresses/mailing", token=forged)
    # THEN neither candidate's data comes back
    _refused(me, valid, victim)
    _refused(address, valid, victim)
    assert "Any Street" not in json.dumps(address.body)


def test_a_real_id_token_in_a_basic_header_is_refused(api, valid):
    # the token itself is valid: only the scheme is wrong
    _refused(api.request("GET", "/me", headers={"authorization": f"Basic {valid.id_token}"}), valid)
