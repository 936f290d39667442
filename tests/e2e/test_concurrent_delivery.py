"""Issue 11, part 7: partner deliveries for one candidate sent at once, shuffled, with duplicates, over
HTTP to the local system, end in the same state as the same facts delivered one by one.

The facts are a career: CCNA earned, renewed by a core exam, the enterprise specialist certifications
and CCNP Enterprise, a failed attempt, CyberOps, DevNet and CCST, and CE credits of the last three
months that renew the associate certifications; the last exam and credits are recent enough to be
mailed about. The reference is a second candidate who receives the same facts in date order, the
queues drained after each one.
"""

import json
import random
import re
import threading
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from certtrack_local import partners

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Sup3r-secret-pass!"
ADDRESS = {"line1": "500 Congress Ave", "city": "Austin", "state": "TX", "postal_code": "73301", "country": "US"}
#: Deliveries sent a second time (and the first of them a third time), by index in `career`.
DUPLICATED = (0, 3, 7, 11, 15, 19)

# (path, the partner's id field, the fact without candidate_id). Days are counted back from today.
_EXAMS = [
    ("E-ccna", "200-301", 1500, 870),  # CCNA earned
    ("E-ccst", "100-150", 1100, 760),  # CCST Networking (entry level: never expires)
    ("E-encor", "350-401", 800, 880),  # Enterprise Core specialist; renews CCNA
    ("E-enarsi-1", "300-410", 760, 700),  # failed
    ("E-enarsi-2", "300-410", 700, 850),  # Advanced Routing specialist; CCNP Enterprise
    ("E-cbrops", "200-201", 200, 840),  # CyberOps Associate
    ("E-devasc", "200-901", 25, 900),  # DevNet Associate (recent: an email)
    ("E-scor", "350-701", 12, 860),  # Security Core specialist; renews the associates (recent)
]
_CREDITS = [("C-01", 8, 85), ("C-02", 6, 80), ("C-03", 4, 72), ("C-04", 10, 66), ("C-05", 2, 60), ("C-06", 5, 54)]
_CREDITS += [("C-07", 7, 40), ("C-08", 3, 33), ("C-09", 12, 28), ("C-10", 6, 20), ("C-11", 9, 9), ("C-12", 16, 4)]
_PASSING = {"200-301": 825, "100-150": 700, "350-401": 825, "300-410": 825, "200-201": 825, "200-901": 825}
_PASSING |= {"350-701": 825}


def career(candidate_id: str, tag: str, today: date) -> list[tuple[str, str, dict[str, Any]]]:
    """The 20 deliveries, in date order: (path, id, body). Partners' ids are unique across
    candidates, so each candidate's carry their own `tag`."""
    out: list[tuple[date, str, str, dict[str, Any]]] = []
    for name, code, days, score in _EXAMS:
        result_id = f"{tag}-{name}"
        on = today - timedelta(days=days)
        passing = _PASSING[code]
        body = {
            "result_id": result_id,
            "candidate_id": candidate_id,
            "exam_code": code,
            "taken_on": on.isoformat(),
            "score": score,
            "passing_score": passing,
            "passed": score >= passing,
            "delivery": "test_center",
        }
        out.append((on, "/vendor/exam-results", result_id, body))
    for name, credits, days in _CREDITS:
        credit_id = f"{tag}-{name}"
        on = today - timedelta(days=days)
        body = {
            "credit_id": credit_id,
            "candidate_id": candidate_id,
            "activity": f"Instructor-led training with labs ({credit_id})",
            "provider": "Learning Partner",
            "credits": credits,
            "completed_on": on.isoformat(),
        }
        out.append((on, "/vendor/ce-credits", credit_id, body))
    out.sort(key=lambda d: (d[0], d[2]))
    assert len(out) == 20
    return [(path, fact_id, body) for _, path, fact_id, body in out]


def signed_post(url: str, path: str, body: dict[str, Any]) -> requests.Response:
    raw = json.dumps(body).encode()
    headers = {"Content-Type": "application/json", **partners.headers(path, raw)}
    return requests.post(url + path, data=raw, headers=headers, timeout=60)


class Candidate:
    """Signed up through the API, profile completed; the agreement is not accepted, so the landing
    page's activity is the certifications' own (earned, renewed) rather than ten activations."""

    def __init__(self, live: Any) -> None:
        self.live = live
        self.tag = uuid.uuid4().hex[:10]
        self.email = f"conc-{self.tag}@example.com"
        signup = {"email": self.email, "password": PASSWORD, "first_name": "Grace", "last_name": "Hopper"}
        status, body = live.http("POST", "/auth/signup", body={**signup, "country": "US"})
        assert status == 201, body
        status, body = live.http("POST", "/auth/login", body={"email": self.email, "password": PASSWORD})
        assert status == 200, body
        self.token = body["id_token"]
        self.id = self.get("/me")["candidate_id"]
        assert self.live.http("PUT", "/me/addresses/mailing", token=self.token, body=ADDRESS)[0] == 200
        settings = {"email_opt_in": False, "reminder_emails": True}
        assert self.live.http("PUT", "/me/settings", token=self.token, body=settings)[0] == 200

    def get(self, path: str) -> Any:
        status, body = self.live.http("GET", path, token=self.token)
        assert status == 200, (path, body)
        return body

    def state(self) -> dict[str, Any]:
        """What the candidate sees, without their ids and the wall-clock times of the deliveries."""
        certs = self.get("/me/certifications")["items"]
        exams = self.get("/me/exams?limit=50")
        assert exams["next_cursor"] is None
        mails = [m for m in self.live.http("GET", "/dev/outbox")[1] if self.email in m["to"]]
        state = {
            "certifications": certs,
            "history": {c["cert_id"]: self.get(f"/me/certifications/{c['cert_id']}")["history"] for c in certs},
            "continuing_education": self.get("/me/continuing-education"),
            "exams": exams["items"],
            "kits": self.get("/me/kits")["items"],
            "activity": [(a["text"], a["at"]) for a in self.get("/me/dashboard")["recent_activity"]],
            "emails": sorted((m["subject"], m["text"]) for m in mails),
        }
        return _anonymous(state, {self.id: "<candidate>", self.email: "<email>", self.tag: "<tag>"})


#: A wall-clock time (when a request or a worker ran), not a programme day (those are midnight).
_NOW = re.compile(r"^\d{4}-\d\d-\d\dT(?!00:00:00\.000)\d\d:\d\d:\d\d\.\d+\+00:00$")


def _anonymous(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _anonymous(v, names) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_anonymous(v, names) for v in value)
    if isinstance(value, str):
        if _NOW.match(value):
            return "<now>"
        for real, placeholder in names.items():
            value = value.replace(real, placeholder)
        return value
    return value


def drain(live: Any) -> None:
    status, body = live.http("POST", "/dev/queues/drain")
    assert status == 200, body


def test_twenty_deliveries_at_once_with_duplicates_end_as_one_by_one_delivery(live_system):
    today = datetime.now(UTC).date()
    # GIVEN two fresh candidates, and a career of 20 partner facts
    together, reference = Candidate(live_system), Candidate(live_system)

    # WHEN the reference candidate's facts arrive one by one, in date order, each evaluated before the next
    for path, fact_id, body in career(reference.id, reference.tag, today):
        answer = signed_post(live_system.url, path, body)
        assert answer.status_code == 201, (fact_id, answer.status_code, answer.text)
        drain(live_system)
    expected = reference.state()

    # AND the other candidate's 20 facts, 7 repeats among them, arrive shuffled and at once
    deliveries = career(together.id, together.tag, today)
    sends = deliveries + [deliveries[i] for i in DUPLICATED] + [deliveries[DUPLICATED[0]]]
    random.Random(11).shuffle(sends)
    start = threading.Barrier(len(sends))
    answers: list[tuple[str, dict[str, Any], int, Any]] = []
    lock = threading.Lock()

    def deliver(path: str, fact_id: str, body: dict[str, Any]) -> None:
        start.wait()
        try:
            answer = signed_post(live_system.url, path, body)
        except requests.RequestException as exc:  # recorded, so that the test says what was lost
            with lock:
                answers.append((fact_id, body, 0, f"{type(exc).__name__}: {exc}"))
            return
        try:
            parsed = answer.json()
        except ValueError:
            parsed = answer.text
        with lock:
            answers.append((fact_id, body, answer.status_code, parsed))

    threads = [threading.Thread(target=deliver, args=send) for send in sends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    drain(live_system)
    got = together.state()

    # THEN every fact was answered 201 once, and each repeat 200 with the record stored
    assert [(fid, status, answer) for fid, _, status, answer in answers if not 200 <= status < 500] == []
    assert len(answers) == 27
    for _, fact_id, body in deliveries:
        mine = [(status, answer) for fid, _, status, answer in answers if fid == fact_id]
        assert sorted(status for status, _ in mine) == [200] * (len(mine) - 1) + [201], (fact_id, mine)
        stored = next(answer for status, answer in mine if status == 201)
        assert {k: stored[k] for k in body} == body, (fact_id, stored)
        assert all(answer == stored for _, answer in mine), (fact_id, mine)

    # AND both states are the career's: concrete values, so that two equally wrong states fail too
    assert_career(expected, today)
    assert_career(got, today, emails=False)

    # AND the end state is the one-by-one state: certifications, their history, CE, exams, kits and
    # the landing page's activity
    differing = {part: {"one_by_one": expected[part], "at_once": got[part]} for part in expected if part != "emails"}
    assert {p: d for p, d in differing.items() if d["one_by_one"] != d["at_once"]} == {}
    # AND no email is lost or sent twice. Out of order, a fact can make news that a later (earlier
    # dated) fact turns into old news: that email went out when it was true, and is not repeated.
    subjects = [subject for subject, _ in got["emails"]]
    assert len(subjects) == len(set(subjects)), subjects
    assert {subject for subject, _ in expected["emails"]} <= set(subjects)
    assert all(s.endswith(" renewed") or s.startswith("Congratulations on ") for s in subjects), subjects


def _ago(today: date, days: int, years: int = 0) -> str:
    day = today - timedelta(days=days)
    try:
        return day.replace(year=day.year + years).isoformat()
    except ValueError:  # 29 February, as the rules engine counts it
        return day.replace(year=day.year + years, day=28).isoformat()


def assert_career(state: dict[str, Any], today: date, *, emails: bool = True) -> None:
    """The certifications, history, credits, kits, activity and (`emails`) the emails the rules give
    this career."""
    certs = {c["cert_id"]: c for c in state["certifications"]}
    held = {k: (c["earned_on"], c["expires_on"]) for k, c in certs.items() if c["status"] == "pending_agreement"}
    assert held == {
        "ccna": (_ago(today, 1500), _ago(today, 1500, 9)),
        "ccst-networking": (_ago(today, 1100), None),
        "specialist-enterprise-core": (_ago(today, 800), _ago(today, 800, 6)),
        "specialist-enterprise-advanced-routing": (_ago(today, 700), _ago(today, 700, 6)),
        "ccnp-enterprise": (_ago(today, 700), _ago(today, 700, 6)),
        "cyberops-associate": (_ago(today, 200), _ago(today, 200, 6)),
        "devnet-associate": (_ago(today, 25), _ago(today, 25, 6)),
        "specialist-security-core": (_ago(today, 12), _ago(today, 12, 3)),
    }
    history = {k: [(h["on"], h["kind"]) for h in v] for k, v in state["history"].items() if v}
    assert history == {
        "ccna": [
            (_ago(today, 1500, 3), "recertified"),
            (_ago(today, 800), "recertified"),
            (_ago(today, 1500), "earned"),
        ],
        "ccst-networking": [(_ago(today, 1100), "earned")],
        "specialist-enterprise-core": [(_ago(today, 700), "recertified"), (_ago(today, 800), "earned")],
        "specialist-enterprise-advanced-routing": [(_ago(today, 40), "recertified"), (_ago(today, 700), "earned")],
        "ccnp-enterprise": [(_ago(today, 12), "recertified"), (_ago(today, 700), "earned")],
        "cyberops-associate": [(_ago(today, 60), "recertified"), (_ago(today, 200), "earned")],
        "devnet-associate": [(_ago(today, 12), "recertified"), (_ago(today, 25), "earned")],
        "specialist-security-core": [(_ago(today, 12), "earned")],
    }
    assert len(state["exams"]) == 8
    assert [e["result_id"] for e in state["exams"] if not e["passed"]] == ["<tag>-E-enarsi-1"]
    ledger = {c["credit_id"].removeprefix("<tag>-"): c for c in state["continuing_education"]["items"]}
    assert sorted(ledger) == [c for c, _, _ in _CREDITS]
    assert {c["status"] for c in ledger.values()} == {"accepted"}
    assert ledger["C-07"]["used_for"] == ["specialist-enterprise-advanced-routing"]
    kits = sorted((k["cert_id"], k["status"]) for k in state["kits"])
    assert kits == [(c, "pending") for c in ("ccna", "ccnp-enterprise", "cyberops-associate", "devnet-associate")]
    # newest day first; events of one day in the order of their ids (a digest of the history item,
    # which changes with the dates), so within a day the test compares the set
    derived = [(at.removesuffix("T00:00:00.000+00:00"), text) for text, at in state["activity"] if at != "<now>"]
    assert [day for day, _ in derived] == sorted((day for day, _ in derived), reverse=True)
    assert sorted(derived) == sorted(
        [
            (_ago(today, 12), "Earned Cisco Certified Specialist - Security Core"),
            (_ago(today, 12), "Cisco Certified DevNet Associate renewed"),
            (_ago(today, 12), "CCNP Enterprise renewed"),
            (_ago(today, 25), "Earned Cisco Certified DevNet Associate"),
            (_ago(today, 40), "Cisco Certified Specialist - Enterprise Advanced Infrastructure Implementation renewed"),
            (_ago(today, 60), "Cisco Certified CyberOps Associate renewed"),
            (_ago(today, 200), "Earned Cisco Certified CyberOps Associate"),
        ]
    )
    if not emails:
        return
    # only news is mailed (the last 30 days), once per change
    assert [subject for subject, _ in state["emails"]] == [
        "CCNP Enterprise renewed",
        "Cisco Certified DevNet Associate renewed",
        "Congratulations on Cisco Certified DevNet Associate: claim your kit",
        "Congratulations on Cisco Certified Specialist - Security Core",
    ]
