"""What the attack suite needs against the running local system: a client that speaks from its own
loopback address (so its sign-ins count against its own rate limits, not the other tests'), partner
signing as a partner does it, forged tokens, and candidates with something to steal."""

import base64
import gzip
import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import jwt
import moto.cognitoidp
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from programme import ccna_exam
from requests.adapters import HTTPAdapter

from certtrack.rules.engine import add_years

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Sup3r-secret-pass!"
ADDRESS = {"line1": "1 Harbour Road", "city": "Dublin", "postal_code": "D02 X285", "country": "IE"}
#: The ids that are the victim's alone (the others are named after the catalog: `ccna`, `ccna-kit`).
UNIQUE_IDS = {"result_id", "badge_id", "transcript_id", "appointment_id", "receipt_id"}
#: The key moto's user pool signs with: forged tokens can carry a valid signature of the pool.
_POOL_KEY = json.loads(
    gzip.decompress((Path(moto.cognitoidp.__file__).parent / "resources" / "jwks-private.json.gz").read_bytes())
)


class FromAddress(HTTPAdapter):
    """Connections from one source address; while `partner` is set, every request is signed by that
    partner over the bytes actually sent (as a generator's requests must be)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.partner: str | None = None
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **{**kwargs, "source_address": (self.source, 0)})

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        if self.partner is not None:
            body = request.body or b""
            raw = body.encode() if isinstance(body, str) else body
            request.headers.update(partner_headers(self.partner, raw))
        return super().send(request, *args, **kwargs)


def session_from(source: str) -> tuple[requests.Session, FromAddress]:
    """A session whose connections leave from `source` (a 127.0.0.x address of its own)."""
    session = requests.Session()
    adapter = FromAddress(source)
    session.mount("http://", adapter)
    return session, adapter


def partner_for(scope: str) -> str:
    """The partner allowed a route's `x-certtrack-partner-scope` (catalog/partners.json)."""
    partners = json.loads((ROOT / "catalog" / "partners.json").read_text())["partners"]
    return next(p["id"] for p in partners if scope in p["may"])


def partner_secret(partner: str) -> bytes:
    """The local stage's development secret of `partner` (chalice.json's PARTNER_SECRETS)."""
    env = json.loads((ROOT / "chalice.json").read_text())["stages"]["local"]["environment_variables"]
    return json.loads(env["PARTNER_SECRETS"])[partner].encode()


def partner_headers(partner: str, raw: bytes, *, secret: bytes | None = None, at: int | None = None) -> dict[str, str]:
    """`X-Certtrack-Partner` and `X-Certtrack-Signature` for `raw`, as the partner sends them."""
    t = int(time.time()) if at is None else at
    digest = hmac.new(secret or partner_secret(partner), f"{t}.".encode() + raw, hashlib.sha256).hexdigest()
    return {"X-Certtrack-Partner": partner, "X-Certtrack-Signature": f"t={t},v1={digest}"}


def _b64(data: dict[str, Any] | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def claims_of(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


def pool_public_key() -> Any:
    return jwt.PyJWK.from_dict(_POOL_KEY).key.public_key()


def forged_tokens(id_token: str, access_token: str) -> dict[str, str]:
    """Every token trick of issue 15, made from a real id token (its claims: a trick that worked
    would reach that candidate's data)."""
    claims = claims_of(id_token)
    now = int(time.time())
    pool = jwt.PyJWK.from_dict(_POOL_KEY).key
    kid = jwt.get_unverified_header(id_token)["kid"]

    def signed(changes: dict[str, Any], key: Any = pool) -> str:
        return jwt.encode({**claims, **changes}, key, algorithm="RS256", headers={"kid": kid})

    public_pem = pool_public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    hs_input = f"{_b64({'alg': 'HS256', 'typ': 'JWT', 'kid': kid})}.{_b64(claims)}"
    hs_mac = hmac.new(public_pem, hs_input.encode(), hashlib.sha256).digest()
    another_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return {
        "no token": "",
        "garbage": "not-a-jwt",
        "alg none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}.",
        "HS256 keyed with the public key": f"{hs_input}.{_b64(hs_mac)}",
        "re-signed with another key": signed({}, another_key),
        "expired": signed({"iat": now - 7200, "exp": now - 3600}),
        "wrong audience": signed({"aud": "another-app-client"}),
        "wrong issuer": signed({"iss": claims["iss"].rsplit("/", 1)[0] + "/us-east-1_elsewhere"}),
        "access token": access_token,
    }


@dataclass
class Candidate:
    """A signed-up candidate over HTTP: its tokens, its id, and the ids of what it holds."""

    email: str
    first_name: str
    last_name: str
    id_token: str = ""
    access_token: str = ""
    candidate_id: str = ""
    ids: dict[str, str] = field(default_factory=dict)
    benefit_token: str = ""
    #: An open sitting the candidate has not booked (to reschedule to).
    spare_slot: str = ""

    def secrets(self, sent: str = "") -> list[str]:
        """Strings that, in another caller's answer, would mean this candidate's data leaked: the
        candidate's own and the ids only it holds (a kit or a certification is named after the
        catalog), less those the caller itself `sent` (an error may name what it was asked for)."""
        own = [self.email, self.candidate_id, self.last_name, self.benefit_token]
        own += [v for k, v in self.ids.items() if k in UNIQUE_IDS]
        return [s for s in own if s and s not in sent]


class Live:
    """The running local system as one client (one source address) sees it."""

    def __init__(self, url: str, source: str) -> None:
        self.url = url
        self.session, _ = session_from(source)

    def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
    ) -> requests.Response:
        sent = {"Content-Type": "application/json", **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        return self.session.request(method, self.url + path, data=data, headers=sent, timeout=30)

    def ok(self, method: str, path: str, **kw: Any) -> Any:
        answer = self.call(method, path, **kw)
        assert answer.status_code < 300, (method, path, answer.status_code, answer.text)
        return answer.json() if answer.content else None

    def partner(self, scope: str, path: str, body: dict[str, Any]) -> requests.Response:
        """A signed call by the partner allowed `scope`."""
        raw = json.dumps(body).encode()
        return self.call("POST", path, raw=raw, headers=partner_headers(partner_for(scope), raw))

    def sign_up(self, first_name: str, last_name: str) -> Candidate:
        """A new candidate with a complete profile and the current agreement accepted."""
        who = Candidate(f"attack-{uuid.uuid4().hex[:10]}@example.com", first_name, last_name)
        self.ok(
            "POST",
            "/auth/signup",
            body={
                "email": who.email,
                "password": PASSWORD,
                "first_name": first_name,
                "last_name": last_name,
                "country": "IE",
            },
        )
        self.sign_in(who)
        who.candidate_id = self.ok("GET", "/me", token=who.id_token)["candidate_id"]
        self.ok("PUT", "/me/addresses/mailing", token=who.id_token, body=ADDRESS)
        self.ok("PUT", "/me/settings", token=who.id_token, body={"email_opt_in": False, "reminder_emails": True})
        version = self.ok("GET", "/me/agreement", token=who.id_token)["version"]
        self.ok("POST", "/me/agreement", token=who.id_token, body={"version": version})
        return who

    def sign_in(self, who: Candidate, password: str = PASSWORD) -> None:
        tokens = self.ok("POST", "/auth/login", body={"email": who.email, "password": password})
        who.id_token, who.access_token = tokens["id_token"], tokens["access_token"]

    def pass_exam(self, who: Candidate, exam_code: str, taken_on: date) -> str:
        result_id = f"ATT-{uuid.uuid4().hex[:12]}"
        body = {
            "result_id": result_id,
            "candidate_id": who.candidate_id,
            "exam_code": exam_code,
            "taken_on": taken_on.isoformat(),
            "score": 900,
            "passing_score": 825,
            "passed": True,
        }
        answer = self.partner("exam-results", "/vendor/exam-results", body)
        assert answer.status_code == 201, answer.text
        return result_id

    def first_item(self, who: Candidate, path: str, timeout: float = 20) -> dict[str, Any]:
        """The first item of a list the candidate's events fill in asynchronously (within seconds)."""
        deadline = time.monotonic() + timeout
        while True:
            items = self.ok("GET", path, token=who.id_token)["items"]
            if items or time.monotonic() > deadline:
                assert items, f"{path} stayed empty"
                return items[0]
            time.sleep(0.2)

    def victim(self) -> Candidate:
        """A candidate holding one of everything a route takes an id of: a certification, an exam
        result, a kit, a 25-year benefit, a badge, a transcript, an appointment and its receipt."""
        who = self.sign_up(
            "Victor", "Leakwatch" + uuid.uuid4().hex[:6].translate(str.maketrans("0123456789", "ghijklmnop"))
        )
        today = date.today()
        # first certified 26 years ago and active on the 25th anniversary (certified again 23 years
        # later), through the CCNA exams of each time: the 25-year benefit is theirs
        first = today - timedelta(days=26 * 365)
        self.pass_exam(who, ccna_exam(first), first)
        self.pass_exam(who, ccna_exam(add_years(first, 23)), add_years(first, 23))
        who.ids["result_id"] = self.pass_exam(who, "200-301", today - timedelta(days=20))
        who.ids["cert_id"] = "ccna"
        who.ids["kit_id"] = self.first_item(who, "/me/kits")["kit_id"]
        who.ids["badge_id"] = self.first_item(who, "/me/badges")["badge_id"]
        benefit = self.first_item(who, "/me/benefits")
        who.ids["benefit_id"], who.benefit_token = benefit["benefit_id"], benefit["token"]
        who.ids["transcript_id"] = self.ok("POST", "/me/transcripts", token=who.id_token, body={})["transcript_id"]
        slot, spare = self.ok("GET", "/exams/200-201/availability?delivery=online")["items"][:2]
        who.spare_slot = spare["slot_id"]
        booked = self.ok(
            "POST",
            "/me/appointments",
            token=who.id_token,
            body={"exam_code": "200-201", "slot_id": slot["slot_id"], "payment": {"token": "tok_visa"}},
        )
        who.ids["appointment_id"], who.ids["receipt_id"] = booked["appointment_id"], booked["receipt_id"]
        return who
