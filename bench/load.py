"""`make load`: a bounded locust scenario against the local system, then a count of what was written.

It starts the local system itself (`python -m certtrack_local` on a free loopback port, as
`make run` does) and stops it at the end, so nothing else needs to be running. Before the wave,
50 candidates sign up, sign in, give a mailing address, accept the agreement and get a CCNA pass
from the partner (their kit to claim); the wave then runs headless for `--duration` seconds
(default 180) with 50 locust users, one per candidate:

- browsing: the landing page, certifications, exams, kits, CE (weight 8), and signing in again
  (weight 1) — each user from its own loopback source address (127.0.1.<n>), so that a limit per
  client address sees 50 clients, as it would in production, not one;
- partners: signed exam results (weight 2) and CE credits (weight 1) for the user's candidate;
- a claim wave (every user claims its kit once the wave is 30% through) and a booking wave (every user
  books a sitting once it is 60% through; a seat taken by another user is a 409, counted apart).

Afterwards each candidate's exams, CE credits, kits and appointments are read back through the API
and compared with what the wave was told was stored (201/200): a missing one is a lost write.
Partner requests are made as the tests make them (`certtrack_local.partners.headers`: each partner
names itself and signs with its own development secret). Results in bench/results/load.json.
"""

# locust patches the standard library (gevent) on import: it comes first.
from locust import HttpUser, events, task  # isort: skip
from locust.env import Environment  # isort: skip

import argparse
import json
import random
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import gevent
import requests
from requests.adapters import HTTPAdapter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, ensure_paths, table
from latency import LocalSystem

ensure_paths()
from certtrack_local import partners  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "load.json"
USERS = 50
PASSWORD = "Sup3r-secret-pass!"  # noqa: S105 - the local system's test accounts
ADDRESS = {"line1": "500 Congress Ave", "city": "Austin", "state": "TX", "postal_code": "73301", "country": "US"}
#: Partners post results of these exams during the wave; bookings are of the others, so that no
#: retake wait (a correct 409) stands between a user and its booking.
POSTED = ("200-301", "350-401")
BOOKABLE = ("200-201", "200-901")


class SourceAddress(HTTPAdapter):
    """Connections from one loopback address (the whole 127/8 is the loopback interface on Linux)."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


# ----------------------------------------------------------------------------- candidates


class Candidate:
    """One simulated candidate: signed up, signed in, address given, agreement accepted, a CCNA pass."""

    def __init__(self, url: str, n: int) -> None:
        self.n = n
        self.source = f"127.0.1.{n + 1}"
        self.email = f"load-{uuid.uuid4().hex[:10]}@example.com"
        self.http = requests.Session()
        self.http.mount("http://", SourceAddress(self.source))
        self.url = url
        signup = {"email": self.email, "password": PASSWORD, "first_name": "Ada", "last_name": f"Load{n}"}
        self._ok(self.http.post(url + "/auth/signup", json={**signup, "country": "US"}, timeout=60))
        self.token = self.sign_in(self.http)
        self.id = self.get("/me")["candidate_id"]
        self._ok(self.http.put(url + "/me/addresses/mailing", json=ADDRESS, headers=self.auth, timeout=60))
        settings = {"email_opt_in": False, "reminder_emails": True}
        self._ok(self.http.put(url + "/me/settings", json=settings, headers=self.auth, timeout=60))
        version = self.get("/me/agreement")["version"]
        self._ok(self.http.post(url + "/me/agreement", json={"version": version}, headers=self.auth, timeout=60))
        self._ok(partner(self.http, url, "/vendor/exam-results", exam_result(self.id, "200-301", True)))
        self.results: set[str] = set()
        self.credits: set[str] = set()
        self.claimed: set[str] = set()
        self.booked: set[str] = set()

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def sign_in(self, http: Any, **kwargs: Any) -> str:
        answer = http.post(
            self.url + "/auth/login", json={"email": self.email, "password": PASSWORD}, timeout=60, **kwargs
        )
        self._ok(answer)
        return str(answer.json()["id_token"])

    def get(self, path: str) -> Any:
        answer = self.http.get(self.url + path, headers=self.auth, timeout=60)
        self._ok(answer)
        return answer.json()

    def all_items(self, path: str) -> list[dict[str, Any]]:
        items, cursor = [], None
        while True:
            page = self.get(path + (f"&cursor={cursor}" if cursor else ""))
            items += page["items"]
            cursor = page.get("next_cursor")
            if not cursor:
                return items

    @staticmethod
    def _ok(answer: requests.Response) -> None:
        if not answer.ok:
            raise RuntimeError(
                f"set-up: {answer.request.method} {answer.request.url} -> {answer.status_code} {answer.text}"
            )


def exam_result(candidate_id: str, exam_code: str, passed: bool) -> dict[str, Any]:
    return {
        "result_id": f"load-{uuid.uuid4().hex[:12]}",
        "candidate_id": candidate_id,
        "exam_code": exam_code,
        "taken_on": (date.today() - timedelta(days=random.randint(1, 60))).isoformat(),
        "score": 870 if passed else 610,
        "passing_score": 825,
        "passed": passed,
        "delivery": "test_center",
    }


def ce_credit(candidate_id: str) -> dict[str, Any]:
    return {
        "credit_id": f"load-{uuid.uuid4().hex[:12]}",
        "candidate_id": candidate_id,
        "activity": "Instructor-led training with labs",
        "provider": "Learning Partner",
        "credits": 2,
        "completed_on": (date.today() - timedelta(days=random.randint(1, 60))).isoformat(),
    }


def signed(path: str, body: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    raw = json.dumps(body).encode()
    return raw, {"Content-Type": "application/json", **partners.headers(path, raw)}


def partner(http: Any, url: str, path: str, body: dict[str, Any], **kwargs: Any) -> Any:
    raw, headers = signed(path, body)
    return http.post(url + path, data=raw, headers=headers, timeout=60, **kwargs)


# ----------------------------------------------------------------------------- the wave


class Wave:
    candidates: list[Candidate] = []
    started = 0.0
    duration = 180.0
    refused_bookings = 0


class CandidateUser(HttpUser):
    """A candidate browsing, their partners posting, and the two waves."""

    wait_time = staticmethod(lambda: random.uniform(0.5, 2.0))  # type: ignore[assignment]

    def on_start(self) -> None:
        self.me = Wave.candidates.pop()
        self.client.mount("http://", SourceAddress(self.me.source))
        self.claimed_once = self.booked_once = False

    def _get(self, path: str, name: str) -> Any:
        with self.client.get(path, headers=self.me.auth, name=name, catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code} {answer.text[:200]}")
                return None
            return answer.json()

    @task(8)
    def browse(self) -> None:
        for path in ("/me/dashboard", "/me/certifications", "/me/exams", "/me/kits", "/me/continuing-education"):
            self._get(path, f"GET {path}")

    @task(1)
    def sign_in(self) -> None:
        with self.client.post(
            "/auth/login",
            json={"email": self.me.email, "password": PASSWORD},
            name="POST /auth/login",
            catch_response=True,
        ) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code} {answer.text[:200]}")
                return
            self.me.token = answer.json()["id_token"]

    @task(2)
    def partner_result(self) -> None:
        body = exam_result(self.me.id, random.choice(POSTED), random.random() < 0.7)
        self._partner("/vendor/exam-results", body, self.me.results, body["result_id"])

    @task(1)
    def partner_credit(self) -> None:
        body = ce_credit(self.me.id)
        self._partner("/vendor/ce-credits", body, self.me.credits, body["credit_id"])

    def _partner(self, path: str, body: dict[str, Any], stored: set[str], fact_id: str) -> None:
        """A partner's signed delivery; the fact counts as stored once acknowledged (201, or 200 repeated)."""
        raw, headers = signed(path, body)
        with self.client.post(path, data=raw, headers=headers, name=f"POST {path}", catch_response=True) as answer:
            if answer.status_code in (200, 201):
                stored.add(fact_id)
            else:
                answer.failure(f"{answer.status_code} {answer.text[:200]}")

    @task(4)
    def waves(self) -> None:
        """The claim wave at 30% of the run, the booking wave at 60%: once per user each."""
        elapsed = (time.monotonic() - Wave.started) / Wave.duration
        if elapsed >= 0.3 and not self.claimed_once:
            self.claimed_once = True
            self.claim()
        if elapsed >= 0.6 and not self.booked_once:
            self.booked_once = True
            self.book()

    def claim(self) -> None:
        kits = self._get("/me/kits", "GET /me/kits") or {"items": []}
        claimable = [k for k in kits["items"] if k.get("status") in (None, "pending", "claimable")]
        if not claimable:
            return
        kit_id = claimable[0]["kit_id"]
        with self.client.post(
            f"/me/kits/{kit_id}/claim", headers=self.me.auth, name="POST /me/kits/{kit_id}/claim", catch_response=True
        ) as answer:
            if answer.status_code == 200:
                self.me.claimed.add(kit_id)
            else:
                answer.failure(f"{answer.status_code} {answer.text[:200]}")

    def book(self) -> None:
        exam = BOOKABLE[self.me.n % len(BOOKABLE)]
        start = (date.today() + timedelta(days=3)).isoformat()
        slots = self._get(f"/exams/{exam}/availability?country=US&from={start}", "GET /exams/{exam_code}/availability")
        if not slots or not slots["items"]:
            return
        slot = random.choice(slots["items"][:20])["slot_id"]
        body = {"exam_code": exam, "slot_id": slot, "payment": {"token": "tok_visa"}}
        with self.client.post(
            "/me/appointments", json=body, headers=self.me.auth, name="POST /me/appointments", catch_response=True
        ) as answer:
            if answer.status_code == 201:
                self.me.booked.add(answer.json()["appointment_id"])
            elif answer.status_code == 409 and "sitting_full" in answer.text:  # another user took the seat
                Wave.refused_bookings += 1
                answer.success()
            else:
                answer.failure(f"{answer.status_code} {answer.text[:200]}")


# ----------------------------------------------------------------------------- counting


def count_writes(candidates: list[Candidate]) -> dict[str, dict[str, int]]:
    """What the wave was told was stored against what each candidate's pages list afterwards."""
    out = {k: {"acknowledged": 0, "found": 0} for k in ("exam results", "CE credits", "kit claims", "bookings")}
    for c in candidates:
        c.token = c.sign_in(c.http)
        exams = {e["result_id"] for e in c.all_items("/me/exams?limit=100")}
        credits = {x["credit_id"] for x in c.get("/me/continuing-education")["items"]}
        kits = {
            k["kit_id"] for k in c.get("/me/kits")["items"] if k.get("status") not in (None, "pending", "claimable")
        }
        booked = {a["appointment_id"] for a in c.get("/me/appointments")["items"]}
        for name, told, seen in (
            ("exam results", c.results, exams),
            ("CE credits", c.credits, credits),
            ("kit claims", c.claimed, kits),
            ("bookings", c.booked, booked),
        ):
            out[name]["acknowledged"] += len(told)
            out[name]["found"] += len(told & seen)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=180.0, help="seconds of load (default 180)")
    parser.add_argument("--users", type=int, default=USERS)
    args = parser.parse_args()
    system = LocalSystem().start(timeout=180)
    url, log = system.summary["url"], system.log_path
    try:
        began = time.monotonic()
        candidates = [Candidate(url, n) for n in range(args.users)]
        print(
            f"local system at {url}; {len(candidates)} candidates set up in {time.monotonic() - began:.0f} s",
            flush=True,
        )
        Wave.candidates, Wave.duration = list(candidates), args.duration
        env = Environment(user_classes=[CandidateUser], host=url, events=events)
        runner = env.create_local_runner()
        Wave.started = time.monotonic()
        runner.start(args.users, spawn_rate=10)
        gevent.sleep(args.duration)
        runner.quit()
        elapsed = time.monotonic() - Wave.started
        time.sleep(5)  # the last evaluations and consumers behind the queues
        writes = count_writes(candidates)
    finally:
        system.stop()
    return report(env, elapsed, writes, args, log)


def report(env: Environment, elapsed: float, writes: dict[str, dict[str, int]], args: Any, log: Path) -> int:
    stats = env.stats
    rows, routes = [], []
    for (name, _), entry in sorted(stats.entries.items()):
        route = {
            "route": name,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "rps": entry.num_requests / elapsed,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
            "p99_ms": entry.get_response_time_percentile(0.99),
        }
        routes.append(route)
        rows.append(
            [
                name,
                route["requests"],
                route["failures"],
                f"{route['rps']:.1f}",
                route["p50_ms"],
                route["p95_ms"],
                route["p99_ms"],
            ]
        )
    total = stats.total
    rows.append(
        [
            "total",
            total.num_requests,
            total.num_failures,
            f"{total.num_requests / elapsed:.1f}",
            total.get_response_time_percentile(0.5),
            total.get_response_time_percentile(0.95),
            total.get_response_time_percentile(0.99),
        ]
    )
    lost = sum(w["acknowledged"] - w["found"] for w in writes.values())
    errors = [{"route": e.name, "error": str(e.error), "count": e.occurrences} for e in stats.errors.values()]
    print(f"load: {args.users} users, {elapsed:.0f} s, loopback, headless locust (make load)")
    print(table(rows, ["route", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms"]))
    if errors:
        print("errors:")
        for e in errors[:20]:
            print(f"  {e['count']:>4}  {e['route']}: {e['error'][:160]}")
    print(f"bookings refused because another user took the seat (409, not errors): {Wave.refused_bookings}")
    print(
        table(
            [[k, w["acknowledged"], w["found"], w["acknowledged"] - w["found"]] for k, w in writes.items()],
            ["write", "acknowledged", "found afterwards", "lost"],
        )
    )
    ok = total.num_failures == 0 and lost == 0
    print(f"target 0 errors and 0 lost writes: {'PASS' if ok else 'MISS'} ({total.num_failures} errors, {lost} lost)")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "users": args.users,
                "duration_s": round(elapsed, 1),
                "routes": routes,
                "errors": errors,
                "writes": writes,
                "refused_bookings": Wave.refused_bookings,
                "server_log": str(log),
            },
            indent=2,
        )
        + "\n"
    )
    print(f"results in {RESULTS.relative_to(ROOT)}; server log {log}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
