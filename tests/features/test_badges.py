"""Digital badges (guide §9): Open Badges 3.0 credentials, signed as VC-JWT by the KMS key, revocable
through a Bitstring Status List, baked into PNG and SVG, verified by third parties without signing
in.

Signatures are checked with joserfc against the served JWKS (the system signs through KMS with its
own JWS assembly, so the check is independent of the signing code), and every credential against
1EdTech's own JSON schema for the OB 3.0 AchievementCredential (tests/schemas).
"""

import hashlib
import io
import json
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from features.test_kits import earn
from joserfc import jws as jose_jws
from joserfc.jwk import KeySet
from jsonschema import Draft201909Validator
from PIL import Image

from certtrack import clock, keys
from certtrack.accounts import repository as repo
from certtrack.badges import baking, status_list
from certtrack.settings import get_settings

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "schemas" / "ob_v3p0_achievementcredential_schema.json").read_text()
)
VALIDATOR = Draft201909Validator(SCHEMA, format_checker=Draft201909Validator.FORMAT_CHECKER)


def accept(api, user):
    version = api.get("/me/agreement", token=user.id_token).body["version"]
    assert api.post("/me/agreement", {"version": version}, token=user.id_token).status in (200, 201)


@pytest.fixture
def holder(api, users):
    user = users.complete(users.signup(first_name="Grace", last_name="Hopper"))
    user.extra["id"] = earn(api, user)
    accept(api, user)
    return user


@pytest.fixture
def admin(users):
    return users.signup(groups=("admin",))


def only_badge(api, user):
    items = api.get("/me/badges", token=user.id_token).body["items"]
    assert len(items) == 1, items
    return items[0]


def verified(api, token: str) -> dict:
    """The JWS verified by joserfc against the served JWKS; its header and claims."""
    keys = api.get("/.well-known/jwks.json")
    assert keys.status == 200
    obj = jose_jws.deserialize_compact(token, KeySet.import_key_set(keys.body), algorithms=["ES256"])
    return {"header": obj.protected, "claims": json.loads(obj.payload)}


def revoke(api, admin, user, reason="Exam content shared publicly", cert_id="ccna"):
    return api.post(
        "/admin/certifications/revocations",
        {"candidate_id": user.extra["id"], "cert_id": cert_id, "reason": reason},
        token=admin.id_token,
    )


def mailed(user) -> list[str]:
    """The subjects of the revocation emails recorded for sending (the notifier sends each once)."""
    mails, _ = repo.table.query(keys.candidate(user.extra["id"]), begins_with="MAIL#CERT#ccna#revoked")
    return [m["email"]["subject"] for m in mails]


def bit(api, entry: dict) -> bool:
    path = urlsplit(entry["statusListCredential"]).path
    answer = api.get(path)
    assert answer.status == 200
    token = answer.body.decode() if isinstance(answer.body, bytes) else answer.body
    listed = verified(api, token)["claims"]
    bits = status_list.decode(listed["credentialSubject"]["encodedList"])
    assert len(bits) * 8 >= 131_072
    return status_list.is_set(bits, int(entry["statusListIndex"]))


def test_an_active_certification_gets_one_signed_open_badge_that_validates_against_the_standard(api, holder):
    # GIVEN a candidate whose CCNA became active (earned, agreement accepted)
    badge = only_badge(api, holder)
    assert badge["status"] == "active"
    assert badge["cert_id"] == "ccna"
    assert len(badge["badge_id"]) >= 22
    detail = api.get(f"/me/badges/{badge['badge_id']}", token=holder.id_token)
    assert detail.status == 200
    assert detail.headers["Cache-Control"] == "no-store"
    # THEN the credential verifies against the served JWKS with an independent JOSE library
    token = detail.body["jwt"]
    checked = verified(api, token)
    assert checked["header"] == {"alg": "ES256", "typ": "JWT", "kid": checked["header"]["kid"]}
    kid = checked["header"]["kid"]
    assert kid.startswith(get_settings().api_url + "/keys/")
    assert api.get(urlsplit(kid).path).body["kid"] == kid
    credential = checked["claims"]
    # AND it is an OB 3.0 AchievementCredential by 1EdTech's own schema
    errors = sorted(VALIDATOR.iter_errors(credential), key=str)
    assert not errors, [e.message for e in errors]
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["type"] == ["Profile"]
    assert credential["issuer"]["name"]
    assert credential["credentialSubject"]["achievement"]["achievementType"] == "Certification"
    assert "200-301" in credential["credentialSubject"]["achievement"]["criteria"]["narrative"]
    # AND VC-JWT's claims mirror the credential
    assert credential["iss"] == credential["issuer"]["id"]
    assert credential["jti"] == credential["id"] == f"{get_settings().api_url}/verify/badges/{badge['badge_id']}"
    assert credential["validFrom"] == f"{badge['issued_on']}T00:00:00Z"
    assert credential["validUntil"] == f"{badge['valid_until']}T23:59:59Z"
    assert credential["nbf"] < credential["exp"]
    # AND the holder is a salted hash of the email, never the email or anything else private
    identity = credential["credentialSubject"]["identifier"][0]
    assert (
        identity["identityHash"] == "sha256$" + hashlib.sha256((holder.email + identity["salt"]).encode()).hexdigest()
    )
    assert credential["sub"] == identity["identityHash"]
    text = json.dumps(credential)
    for private in (holder.email, "Any Street", "San Francisco", holder.extra["id"]):
        assert private not in text
    assert detail.body["credential"] == credential


def test_the_public_verification_answers_without_sign_in_and_the_keys_are_cacheable(api, holder):
    badge = only_badge(api, holder)
    public = api.get(f"/verify/badges/{badge['badge_id']}")
    assert public.status == 200
    assert public.body["status"] == "active"
    assert public.body["holder_name"] == "Grace Hopper"
    assert public.body["certification"] == {"cert_id": "ccna", "name": "CCNA", "level": "associate"}
    jwt_answer = api.get(f"/verify/badges/{badge['badge_id']}/credential.jwt")
    assert jwt_answer.headers["Content-Type"].startswith("text/plain")
    served = jwt_answer.body.decode() if isinstance(jwt_answer.body, bytes) else jwt_answer.body
    assert served == public.body["jwt"]
    keys = api.get("/.well-known/jwks.json")
    assert keys.headers["Content-Type"] == "application/jwk-set+json"
    assert re.search(r"max-age=\d+", keys.headers["Cache-Control"])
    assert api.get("/verify/badges/" + "A" * 22).status == 404
    assert api.get("/keys/not-a-key").status == 404
    # the shared address previews in link unfurlers, then forwards to the portal page
    page = api.get(f"/badges/{badge['badge_id']}")
    html = page.body.decode() if isinstance(page.body, bytes) else page.body
    assert 'property="og:title" content="CCNA · Grace Hopper"' in html
    assert f'property="og:image" content="{badge["image_url"]}"' in html
    assert badge["verify_url"] in html


def _public_badge_paths(api, holder) -> dict[str, str]:
    badge = only_badge(api, holder)["badge_id"]
    kid = api.get("/.well-known/jwks.json").body["keys"][0]["kid"].rsplit("/", 1)[-1]
    status = api.get(f"/verify/badges/{badge}").body["credential"]["credentialStatus"]
    return {
        "badge": badge,
        "kid": kid,
        "list": status["statusListCredential"].rstrip("/").rsplit("/", 1)[-1],
    }


#: What a verifier's cache may do with each public badge answer: keys for an hour, what is fixed at
#: issuance for a day (immutable), what shows a revocation for five minutes.
PUBLIC_CACHING = [
    ("/.well-known/jwks.json", "application/jwk-set+json", "public, max-age=3600"),
    ("/keys/{kid}", "application/jwk+json", "public, max-age=3600"),
    ("/issuer", "application/json", "public, max-age=3600"),
    ("/verify/badges/{badge}/credential.jwt", "text/plain; charset=utf-8", "public, max-age=86400, immutable"),
    ("/verify/badges/{badge}/image.png", "image/png", "public, max-age=86400, immutable"),
    ("/verify/badges/{badge}/image.svg", "image/svg+xml", "public, max-age=86400, immutable"),
    ("/status-lists/{list}", "application/jwt", "public, max-age=300"),
    ("/badges/{badge}", "text/html; charset=utf-8", "public, max-age=300"),
]


def test_each_public_badge_answer_says_how_long_caches_may_keep_it(api, holder, artwork):
    ids = _public_badge_paths(api, holder)
    for path, content_type, cache_control in PUBLIC_CACHING:
        answer = api.get(path.format(**ids), headers={"Accept": content_type.split(";")[0]})  # Chalice: binary
        assert answer.status == 200, path
        assert (answer.headers["Content-Type"], answer.headers["Cache-Control"]) == (content_type, cache_control)
        assert answer.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/.well-known/jwks.json", "/keys/{kid}", "/issuer"])
def test_a_verifier_holding_the_issuers_keys_or_profile_gets_a_bodyless_304(api, holder, path):
    path = path.format(**_public_badge_paths(api, holder))
    first = api.get(path)
    tag = first.headers["ETag"]

    again = api.get(path, headers={"If-None-Match": tag})

    assert (again.status, again.body, again.headers["ETag"]) == (304, None, tag)
    assert again.headers["Cache-Control"] == "public, max-age=3600"
    assert api.get(path, headers={"If-None-Match": '"older"'}).body == first.body


def test_linkedin_link_fills_in_the_certification(api, holder):
    badge = only_badge(api, holder)
    url = urlsplit(badge["linkedin_url"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://www.linkedin.com/profile/add"
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    issued, until = badge["issued_on"], badge["valid_until"]
    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": "CCNA",
        "organizationName": query["organizationName"],
        "issueYear": issued[:4],
        "issueMonth": str(int(issued[5:7])),
        "expirationYear": until[:4],
        "expirationMonth": str(int(until[5:7])),
        "certUrl": badge["verify_url"],
        "certId": badge["badge_id"],
    }


@pytest.fixture
def artwork(aws):
    from certtrack_local import logos

    logos.upload(boto3.client("s3", region_name="us-east-1"), aws.physical["LogosBucket"])


def test_the_baked_png_and_svg_carry_the_served_credential(api, holder, artwork):
    badge = only_badge(api, holder)
    served = api.get(f"/verify/badges/{badge['badge_id']}").body["jwt"]
    png = api.get(urlsplit(badge["image_url"]).path, headers={"accept": "image/avif,image/webp,image/*,*/*;q=0.8"})
    assert png.status == 200
    assert png.headers["Content-Type"] == "image/png"
    assert baking.read_png(png.body) == [served]
    itxt = [c for c in baking._chunks(png.body) if c[0] == b"iTXt"]
    assert len(itxt) == 1
    assert itxt[0][1].startswith(b"openbadgecredential\x00\x00\x00")
    Image.open(io.BytesIO(png.body)).verify()  # still a valid picture
    svg = api.get(f"/verify/badges/{badge['badge_id']}/image.svg")
    text = svg.body.decode() if isinstance(svg.body, bytes) else svg.body
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in text
    assert re.search(r'<openbadges:credential verify="([^"]+)"', text).group(1) == served


def test_a_pending_certification_has_no_badge_until_the_agreement(api, users):
    user = users.complete(users.signup())
    user.extra["id"] = earn(api, user)
    assert api.get("/me/badges", token=user.id_token).body["items"] == []
    accept(api, user)
    assert only_badge(api, user)["status"] == "active"


def test_a_repeated_event_issues_no_second_badge(api, holder, aws):
    from badges.events import react

    from certtrack.certs import evaluation

    badge = only_badge(api, holder)
    evaluation.evaluate(holder.extra["id"])
    for event_type in ("CertificationEarned", "CertificationActivated", "CertificationEarned"):
        from certtrack.domain_events import DomainEvent

        outcome = react(
            DomainEvent(
                event_id="x" * 32, type=event_type, candidate_id=holder.extra["id"], on=clock.today(), cert_id="ccna"
            )
        )
        assert outcome == "exists"
    assert only_badge(api, holder) == badge


def test_another_candidates_badge_is_not_found_on_every_me_route(api, holder, users):
    badge = only_badge(api, holder)
    other = users.complete(users.signup())
    assert api.get(f"/me/badges/{badge['badge_id']}", token=other.id_token).status == 404
    assert api.get("/me/badges", token=other.id_token).body["items"] == []


def test_revocation_flips_the_bit_revokes_the_badge_and_emails_the_candidate_once(api, holder, admin):
    badge = only_badge(api, holder)
    entry = api.get(f"/verify/badges/{badge['badge_id']}").body["credential"]["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusPurpose"] == "revocation"
    assert isinstance(entry["statusListIndex"], str)
    assert bit(api, entry) is False
    # WHEN an admin revokes the certification
    made = revoke(api, admin, holder)
    assert made.status == 201, made.body
    assert made.body["status"] == "revoked"
    assert made.body["revoked_on"] == clock.today().isoformat()
    # THEN the certification, the badge and the public page say revoked, and the bit is set
    certs = {c["cert_id"]: c for c in api.get("/me/certifications", token=holder.id_token).body["items"]}
    assert certs["ccna"]["status"] == "revoked"
    public = api.get(f"/verify/badges/{badge['badge_id']}").body
    assert public["status"] == "revoked"
    assert public["revoked_reason"] == "Exam content shared publicly"
    assert only_badge(api, holder)["status"] == "revoked"
    assert bit(api, entry) is True
    assert mailed(holder) == ["CCNA revoked"]
    # AND repeating it changes nothing
    again = revoke(api, admin, holder, reason="A second reason")
    assert again.status == 200
    assert again.body["reason"] == "Exam content shared publicly"
    assert mailed(holder) == ["CCNA revoked"]
    assert bit(api, entry) is True
    # AND a revoked certification has no logos to hand out
    assert api.get("/me/certifications/ccna/logos", token=holder.id_token).status in (404, 409)


def test_revocation_refusals(api, holder, admin, users):
    assert revoke(api, holder, holder).status == 403  # not an admin
    unknown = api.post(
        "/admin/certifications/revocations",
        {"candidate_id": "CSCO00000000", "cert_id": "ccna", "reason": "misconduct"},
        token=admin.id_token,
    )
    assert unknown.status == 404
    not_held = revoke(api, admin, holder, cert_id="devnet-associate")
    assert not_held.status == 409
    assert "only a held certification" in not_held.body["error"]["message"]
    bad = api.post(
        "/admin/certifications/revocations",
        {"candidate_id": holder.extra["id"], "cert_id": "ccna", "reason": ""},
        token=admin.id_token,
    )
    assert bad.status == 400
    assert bad.body["error"]["field"] == "reason"
    assert revoke(api, admin, holder, cert_id="no-such-cert").body["error"]["field"] == "cert_id"


def test_an_expired_certifications_badge_shows_expired(api, holder):
    badge = only_badge(api, holder)
    after = clock.now() + timedelta(days=3 * 366)
    with clock.pinned(after):
        assert api.get(f"/verify/badges/{badge['badge_id']}").body["status"] == "expired"


def test_a_renewal_issues_a_fresh_credential(api, holder):
    # GIVEN the CCNA badge, WHEN another associate exam renews CCNA (and earns CyberOps)
    first = only_badge(api, holder)
    earn(api, holder, code="200-201", on=(clock.today() - timedelta(days=2)).isoformat())
    badges = api.get("/me/badges", token=holder.id_token).body["items"]
    ccna = [b for b in badges if b["cert_id"] == "ccna"]
    # THEN CCNA has a second credential for the renewed cycle, valid longer; the first is kept
    assert len(ccna) == 2
    fresh = next(b for b in ccna if b["badge_id"] != first["badge_id"])
    assert fresh["valid_until"] > first["valid_until"]
    assert fresh["issued_on"] > first["issued_on"]
    assert {b["cert_id"] for b in badges} == {"ccna", "cyberops-associate"}


def test_a_rotated_key_keeps_old_credentials_verifying(api, holder, monkeypatch):
    old = api.get(f"/verify/badges/{only_badge(api, holder)['badge_id']}").body["jwt"]
    # WHEN a new key signs and the old one is listed as retired
    kms = boto3.client("kms", region_name="us-east-1")
    new = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    retired = get_settings().badge_signing_keys[0]
    monkeypatch.setenv("BADGE_SIGNING_KEYS", f"{new},{retired}")
    get_settings.cache_clear()
    keys = api.get("/.well-known/jwks.json").body["keys"]
    assert len(keys) == 2
    # THEN the old credential verifies still, and a new one is signed by the new key
    assert verified(api, old)["claims"]["name"] == "CCNA"
    earn(api, holder, code="200-901", on=clock.today().isoformat())
    devnet = next(
        b for b in api.get("/me/badges", token=holder.id_token).body["items"] if b["cert_id"] == "devnet-associate"
    )
    token = api.get(f"/verify/badges/{devnet['badge_id']}").body["jwt"]
    assert verified(api, token)["header"]["kid"] == keys[0]["kid"] != verified(api, old)["header"]["kid"]


def test_status_indices_are_drawn_at_random(api, users):
    indices = []
    for _ in range(3):
        user = users.complete(users.signup())
        user.extra["id"] = earn(api, user)
        accept(api, user)
        credential = api.get(f"/verify/badges/{only_badge(api, user)['badge_id']}").body["credential"]
        indices.append(int(credential["credentialStatus"]["statusListIndex"]))
    assert len(set(indices)) == 3
    assert sorted(indices) != list(range(min(indices), min(indices) + 3))
