"""The authorization matrix (issue 15, part 6a), against the running local system: every route
`/openapi.json` lists that needs a caller, crossed with every token trick; every partner route with every signature
trick, and every route that takes an id of the caller's with another candidate's id. Routes come from
the document, so a new route is attacked without anyone listing it here.

A *leak* is a success (2xx) or an answer naming the victim (their email, candidate id, name or the
id of anything they hold). Each row also says which refusal it must get: 401 with
`WWW-Authenticate: Bearer` for a token that is not a valid id token of the pool, 403 for a valid one
without the right, 401 for a bad partner signature and 403 for another partner's route, and for
another candidate's id exactly what a made-up id of the same shape gets."""

import json
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import jwt
import pytest
import requests
from attacker import Candidate, Live, forged_tokens, partner_for, partner_headers, pool_public_key

pytestmark = pytest.mark.e2e

#: The source address of the matrix's requests (its own rate-limit counters).
SOURCE = "127.0.0.61"
#: Bodies the id routes need to get past validation to the look-up (a new one fails the test
#: until it is added here, rather than being tried with a body refused before any look-up).
ID_ROUTE_BODIES: dict[tuple[str, str], Any] = {
    ("PUT", "/me/appointments/{appointment_id}"): lambda a: {"slot_id": a.spare_slot},
    ("POST", "/me/benefits/{benefit_id}/claim"): lambda a: {"token": a.benefit_token, "size": "L"},
    ("POST", "/me/exams/{result_id}/challenges"): lambda a: {"reason": "The score looks wrong; please re-check it."},
}
#: Catalog-named ids the victim does not hold, of the same kind as those it does (an associate
#: certification and its kit): what the other candidate gets for the victim's must be the same.
UNHELD = {"cert_id": "devnet-associate", "kit_id": "devnet-associate-kit"}


@dataclass
class Tally:
    """What the matrix tried and what went wrong, row by row."""

    name: str
    tried: int = 0
    leaked: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def check(
        self, row: str, answer: requests.Response, victim: Candidate, status: int, *, bearer: bool = False
    ) -> None:
        self.tried += 1
        if answer.status_code < 300 or any(s in answer.text for s in victim.secrets(sent=row)):
            self.leaked.append(f"{row}: {answer.status_code} {answer.text[:200]}")
        if answer.status_code >= 500:
            self.server_errors.append(f"{row}: {answer.status_code} {answer.text[:200]}")
        elif answer.status_code != status:
            self.wrong.append(f"{row}: {answer.status_code}, not {status}: {answer.text[:200]}")
        elif bearer and not answer.headers.get("WWW-Authenticate", "").startswith("Bearer"):
            self.wrong.append(f"{row}: 401 without WWW-Authenticate: Bearer")

    def report(self, record: Any) -> None:
        record(
            "attack",
            {"suite": "matrix", "tried": self.tried, "leaked": len(self.leaked), "5xx": len(self.server_errors)},
        )
        problems = self.leaked + self.server_errors + self.wrong
        shown = "\n".join(problems[:40]) + (f"\n... and {len(problems) - 40} more" if len(problems) > 40 else "")
        assert not problems, f"{self.name}: {len(problems)} of {self.tried} rows failed:\n{shown}"


@pytest.fixture(scope="module")
def live(live_system) -> Live:
    return Live(live_system.url, SOURCE)


@pytest.fixture(scope="module")
def document(live: Live) -> dict[str, Any]:
    return live.ok("GET", "/openapi.json")


@pytest.fixture(scope="module")
def victim(live: Live) -> Candidate:
    return live.victim()


@pytest.fixture(scope="module")
def other(live: Live) -> Candidate:
    """A second candidate, signed in with a valid token, holding nothing."""
    return live.sign_up("Olga", "Otherside")


@pytest.fixture(scope="module")
def admin(live: Live, live_system) -> Candidate:
    demo = live_system.demo["admin"]
    who = Candidate(demo["email"], demo["first_name"], demo["last_name"])
    live.sign_in(who, demo["password"])
    return who


def operations(document: dict[str, Any], scheme: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if any(scheme in requirement for requirement in operation.get("security", [])):
                yield method.upper(), path, operation


def fill(path: str, ids: dict[str, str]) -> str:
    return re.sub(r"{(\w+)}", lambda m: ids.get(m.group(1), "x"), path)


def made_up(value: str) -> str:
    """Another id of the same shape (same length, letters for letters, digits for digits)."""
    return "".join(
        chr((ord(c) - ord(base) + 1) % span + ord(base)) if c.isascii() and c.isalnum() else c
        for c in value
        for base, span in [("0", 10) if c.isdigit() else ("A", 26) if c.isupper() else ("a", 26)]
    )


def test_the_forging_key_is_the_pools_so_the_token_tricks_are_real(victim):
    # the tricks signed with it are refused for their claims, not for a signature of nonsense
    claims = jwt.decode(victim.id_token, pool_public_key(), algorithms=["RS256"], options={"verify_aud": False})
    assert claims["token_use"] == "id"


def test_every_route_refuses_every_token_trick(live, document, victim, admin, record_property):
    tally = Tally("token tricks")
    for scheme, owner in (("bearer", victim), ("admin", admin)):
        tokens = forged_tokens(owner.id_token, owner.access_token)
        for method, path, _ in operations(document, scheme):
            target = fill(path, victim.ids)
            for trick, token in tokens.items():
                answer = live.call(method, target, token=token or None, body={})
                tally.check(f"{trick} → {method} {target}", answer, victim, 401, bearer=True)
    tally.report(record_property)


def test_admin_routes_refuse_a_candidates_valid_token(live, document, victim, other, record_property):
    tally = Tally("admin routes with a candidate's token")
    for method, path, _ in operations(document, "admin"):
        answer = live.call(method, fill(path, victim.ids), token=other.id_token, body={})
        tally.check(f"candidate → {method} {path}", answer, victim, 403)
    assert tally.tried >= 10
    tally.report(record_property)


def test_partner_routes_refuse_every_signature_trick(live, document, victim, record_property):
    tally = Tally("signature tricks")
    routes = list(operations(document, "partnerSignature"))
    assert {partner_for(o["x-certtrack-partner-scope"]) for _, _, o in routes} == {
        "testing-vendor",
        "training-partner",
        "kit-vendor",
    }
    for method, path, operation in routes:
        partner = partner_for(operation["x-certtrack-partner-scope"])
        target = fill(path, {"order_id": "ORD-x"})
        raw = json.dumps(_partner_body(path, victim)).encode()
        now = int(time.time())
        good = partner_headers(partner, raw)
        another = next(p for p in ("testing-vendor", "training-partner", "kit-vendor") if p != partner)
        tricks = {
            "no signature": ({}, 401),
            "malformed (non-ASCII)": ({**good, "X-Certtrack-Signature": f"t={now},v1=é"}, 401),
            "another secret": (partner_headers(partner, raw, secret=b"not-the-secret"), 401),
            "five minutes stale": (partner_headers(partner, raw, at=now - 600), 401),
            "signed for another body": (partner_headers(partner, raw + b" "), 401),
            f"another partner ({another})": (partner_headers(another, raw), 403),
        }
        for trick, (headers, status) in tricks.items():
            answer = live.call(method, target, raw=raw, headers=headers)
            tally.check(f"{trick} → {method} {path}", answer, victim, status)
    tally.report(record_property)


def _partner_body(path: str, victim: Candidate) -> dict[str, Any]:
    """A body the route would store for the victim, were the signature accepted."""
    today = date.today().isoformat()
    if path == "/vendor/exam-results":
        return {
            "result_id": f"ATT-{uuid.uuid4().hex[:10]}",
            "candidate_id": victim.candidate_id,
            "exam_code": "200-201",
            "taken_on": today,
            "score": 900,
            "passing_score": 825,
            "passed": True,
        }
    if path == "/vendor/ce-credits":
        return {
            "credit_id": f"ATT-{uuid.uuid4().hex[:10]}",
            "candidate_id": victim.candidate_id,
            "activity": "Instructor-led training with labs",
            "provider": "Learning Partner",
            "credits": 8,
            "completed_on": today,
        }
    return {"status": "shipped", "carrier": "UPS", "tracking_number": "1Z999"}


def test_another_candidates_ids_reach_nothing(live, document, victim, other, record_property):
    tally = Tally("another candidate's ids")
    routes = [(m, p, o) for m, p, o in operations(document, "bearer") if "{" in p]
    assert len(routes) >= 10
    for method, path, operation in routes:
        names = re.findall(r"{(\w+)}", path)
        unknown = [n for n in names if n not in victim.ids]
        assert not unknown, f"{method} {path}: the victim holds no {unknown}; give it one in attacker.Live.victim()"
        body = None
        if "requestBody" in operation:
            assert (method, path) in ID_ROUTE_BODIES, f"{method} {path}: add a valid body to ID_ROUTE_BODIES"
            body = ID_ROUTE_BODIES[(method, path)](victim)
        if method == "GET":
            # the victim's own request reaches the data: the ids are real
            own = live.call(method, fill(path, victim.ids), token=victim.id_token)
            tally.tried += 1
            if own.status_code != 200:
                tally.wrong.append(f"the victim's own {method} {path}: {own.status_code} {own.text[:200]}")
        invented_ids = {k: UNHELD.get(k) or made_up(v) for k, v in victim.ids.items()}
        invented = live.call(method, fill(path, invented_ids), token=other.id_token, body=body)
        target = fill(path, victim.ids)
        answer = live.call(method, target, token=other.id_token, body=body)
        tally.check(f"another candidate → {method} {target}", answer, victim, invented.status_code)
        same_status = answer.status_code == invented.status_code >= 400
        if same_status and answer.json()["error"]["code"] != invented.json()["error"]["code"]:
            tally.wrong.append(
                f"{method} {path}: {answer.text[:200]} differs from a made-up id's {invented.text[:200]}"
            )
    tally.report(record_property)
