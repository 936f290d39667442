"""AWS round trips per request, for every route of every feature, on moto in-process.

How calls are counted: every botocore client created in this process (the layer's clients come from
`certtrack.aws._create` -> one shared `boto3.session.Session`'s `client`, i.e. `botocore.session.Session.
create_client`) gets a `before-call` handler, so each API call is seen once, by service and
operation, whoever created the client. Chalice's `LocalGatewayAuthorizer.authorize` is wrapped to
mark the calls made while the built-in authorizer runs; everything else during the request is the
route's. HTTP that is not botocore (the authorizer's JWKS fetch goes through `requests`) is counted
by wrapping `requests.Session.send`.

Requests go through Chalice's test client (its `LocalGateway` runs the authorizer as API Gateway
would), routed per feature like tests/conftest.py's `api` fixture.
"""

import contextlib
import json
import logging
import os
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from common import BASE_ENV, ROOT, ensure_paths, table, verdict

PASSWORD = "Sup3r-secret-pass!"  # noqa: S105 - a moto user pool's test password
ADDRESS = {
    "line1": "123 Any Street",
    "line2": "Suite 4",
    "city": "San Francisco",
    "state": "CA",
    "postal_code": "94105",
    "country": "US",
}
#: The expert tenure certification the Emeritus scenarios address (its lab is `ccie-ei-lab`).
CCIE = "ccie-enterprise-infrastructure"
#: Issue 11's target for a partner's delivery: profile `GetItem`, the transaction, the SQS send.
PARTNER_TARGET = 3
PARTNER_FIRST = "partner delivery, first"
PARTNER_REPEAT = "partner delivery, repeated"
#: The brief's target: these reads are exactly one DynamoDB round trip after authorization.
ONE_ROUND_TRIP = [
    ("GET", "/me"),
    ("GET", "/me/profile"),
    ("GET", "/me/addresses/mailing"),
    ("GET", "/me/settings"),
    ("GET", "/me/external-ids"),
    ("GET", "/me/personal-info"),
    ("GET", "/me/certifications"),
    ("GET", "/me/exams"),
    ("GET", "/me/continuing-education"),
    ("GET", "/exams/{exam_code}/availability"),
]
#: At most this many AWS round trips for these writes and reads, each with what the count is made
#: of. The Emeritus routes answer with the certification as re-evaluated, so they include the
#: evaluator's own cost per fact (bench part 5: its read of the facts, the derived items'
#: transaction, the events on the bus, the outbox cleared).
AT_MOST: dict[tuple[str, str], tuple[int, str]] = {
    ("POST", "/admin/support-cases/{case_id}/name-change"): (
        3,
        "the case and the record read, the name and the case's resolution in one transaction",
    ),
    ("POST", "/admin/support-cases/{case_id}/resolution"): (2, "the case read, its resolution in one transaction"),
    ("POST", "/me/certifications/{cert_id}/emeritus"): (
        6,
        "the facts read for eligibility, the request's transaction, then the evaluation's 4",
    ),
    ("POST", "/admin/certifications/emeritus-reversals"): (
        7,
        "the record read (404), the facts read, the reversal's transaction, then the evaluation's 4",
    ),
    ("POST", "/me/benefits/{benefit_id}/claim"): (
        3,
        "as a kit claim: the claimed item read with the address and profile, the conditional write, the queue",
    ),
    ("GET", "/countries/{country}/subdivisions"): (0, "reference data shipped in the layer"),
}


# ----------------------------------------------------------------------------- counting


@dataclass
class Recorder:
    phase: str | None = None  # None: not recording; "route" or "authorizer" while a request runs
    calls: list[tuple[str, str, str, str]] = field(default_factory=list)  # phase, service, operation, IAM prefix
    http: list[tuple[str, str]] = field(default_factory=list)  # phase, url (non-botocore HTTP)
    #: (service, operation) -> [calls, request bytes, response bytes], over the whole run (never reset):
    #: the item sizes behind part 10's DynamoDB capacity units.
    payloads: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    #: wall time of the last measured request (moto in-process: the emulator stands in for the network)
    elapsed_ms: float = 0.0

    def reset(self) -> None:
        self.calls.clear()
        self.http.clear()

    def on_call(self, **kwargs: Any) -> None:
        model = kwargs.get("model")
        if self.phase is not None and model is not None:
            sm = model.service_model
            self.calls.append((self.phase, sm.service_name, model.name, sm.signing_name or sm.endpoint_prefix))
            kwargs["context"]["bench_request_bytes"] = _request_bytes((kwargs.get("params") or {}).get("body"))

    def on_response(self, **kwargs: Any) -> None:
        context, response, model = kwargs.get("context") or {}, kwargs.get("http_response"), kwargs.get("model")
        if "bench_request_bytes" in context and response is not None and model is not None:
            totals = self.payloads.setdefault((model.service_model.service_name, model.name), [0, 0, 0])
            totals[0] += 1
            totals[1] += context["bench_request_bytes"]
            totals[2] += _response_bytes(response, streaming=model.has_streaming_output)


def _request_bytes(body: Any) -> int:
    """The size of a request's body without consuming it: botocore hands S3 uploads over as file
    objects (it wraps a `bytes` Body in a BytesIO before the call), the query protocols (SES) as a
    form still to be encoded, the others as bytes."""
    if not body:
        return 0
    if isinstance(body, dict):
        return len(urlencode(body, doseq=True))
    if hasattr(body, "seek"):
        at = body.tell()
        end = body.seek(0, os.SEEK_END)
        body.seek(at)
        return end - at
    return len(body)


def _response_bytes(response: Any, *, streaming: bool) -> int:
    """The size of a response's body. A streaming one (S3 GetObject) is measured by its
    Content-Length: reading it here would leave nothing for the caller."""
    if streaming:
        return int(response.headers.get("content-length") or 0)
    return len(response.content or b"")


RECORDER = Recorder()


def install_hooks() -> None:
    import botocore.session
    import requests
    from chalice.local import LocalGatewayAuthorizer

    create_client = botocore.session.Session.create_client
    if getattr(create_client, "_bench", False):
        return

    def counting_create_client(self: Any, *args: Any, **kwargs: Any) -> Any:
        client = create_client(self, *args, **kwargs)
        client.meta.events.register("before-call", RECORDER.on_call)
        client.meta.events.register("after-call", RECORDER.on_response)
        return client

    counting_create_client._bench = True  # type: ignore[attr-defined]
    botocore.session.Session.create_client = counting_create_client

    authorize = LocalGatewayAuthorizer.authorize

    def phased_authorize(self: Any, *args: Any, **kwargs: Any) -> Any:
        previous = RECORDER.phase
        if previous is not None:
            RECORDER.phase = "authorizer"
        try:
            return authorize(self, *args, **kwargs)
        finally:
            RECORDER.phase = previous

    LocalGatewayAuthorizer.authorize = phased_authorize

    send = requests.Session.send

    def counting_send(self: Any, request: Any, **kwargs: Any) -> Any:
        if RECORDER.phase is not None:
            RECORDER.http.append((RECORDER.phase, request.url))
        return send(self, request, **kwargs)

    requests.Session.send = counting_send


def summarize(calls: list[tuple[str, str, str, str]]) -> str:
    if not calls:
        return "-"
    counts = Counter(f"{service}.{op}" for _, service, op, _ in calls)
    return ", ".join(f"{name} x{n}" for name, n in counts.items())


# ----------------------------------------------------------------------------- the API, in process


@dataclass
class Answer:
    status: int
    body: Any


class Api:
    """Every feature's Chalice app behind `chalice.test.Client`; a request goes to the app whose routes
    match it (as tests/conftest.py's `api` fixture and the local server do)."""

    def __init__(self) -> None:
        from chalice.local import RouteMatcher
        from chalice.test import Client

        self.features: list[tuple[str, Any, Any, Any]] = []
        from certtrack.web.features import http_apps

        for name, app in http_apps(ROOT / "functions").items():
            self.features.append((name, app, RouteMatcher(list(app.routes)), Client(app, "local", str(ROOT))))

    def routes(self) -> list[tuple[str, str, str, Any]]:
        """(feature, method, path, route entry) for every route of every feature, in registration order."""
        out = []
        for name, app, _, _ in self.features:
            for path, methods in app.routes.items():
                for method, entry in methods.items():
                    out.append((name, method, path, entry))
        return out

    def request(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else b""
        headers = {"content-type": "application/json", **(headers or {})}
        if token:
            headers["authorization"] = f"Bearer {token}"
        for _, _, matcher, client in self.features:
            try:
                matcher.match_route(path.split("?")[0])
            except ValueError:
                continue
            response = client.http.request(method, path, headers=headers, body=raw)
            try:
                parsed = json.loads(response.body) if response.body else None
            except ValueError:
                parsed = response.body
            return Answer(response.status_code, parsed)
        raise LookupError(f"no feature serves {path}")


@dataclass
class User:
    email: str
    id_token: str
    refresh_token: str
    candidate_id: str = ""


class Setup:
    """The signed-in users and the state the measured routes need (nothing here is counted)."""

    def __init__(self, api: Api, physical: dict[str, str]) -> None:
        self.api = api
        self.physical = physical

    def _ok(self, answer: Answer, what: str) -> Answer:
        if not 200 <= answer.status < 300:
            raise RuntimeError(f"bench set-up failed at {what}: {answer.status} {answer.body}")
        return answer

    def signup(self, groups: tuple[str, ...] = ()) -> User:
        import boto3

        email = f"bench-{uuid.uuid4().hex[:10]}@example.com"
        body = {"email": email, "password": PASSWORD, "first_name": "Ada", "last_name": "Lovelace", "country": "GB"}
        self._ok(self.api.request("POST", "/auth/signup", body=body), "signup")
        idp = boto3.client("cognito-idp", region_name="us-east-1")
        for group in groups:
            idp.admin_add_user_to_group(UserPoolId=self.physical["UserPool"], Username=email, GroupName=group)
        return self.login(email)

    def login(self, email: str) -> User:
        answer = self._ok(self.api.request("POST", "/auth/login", body={"email": email, "password": PASSWORD}), "login")
        return User(email, answer.body["id_token"], answer.body["refresh_token"])

    def first_sign_in(self, user: User) -> User:
        me = self._ok(self.api.request("GET", "/me", token=user.id_token), "first GET /me")
        user.candidate_id = me.body["candidate_id"]
        return user

    def complete(self, user: User) -> User:
        self._ok(self.api.request("PUT", "/me/addresses/mailing", token=user.id_token, body=ADDRESS), "address")
        settings = {"email_opt_in": False, "reminder_emails": True}
        self._ok(self.api.request("PUT", "/me/settings", token=user.id_token, body=settings), "settings")
        me = self._ok(self.api.request("GET", "/me", token=user.id_token), "GET /me")
        if not me.body.get("profile_complete"):
            raise RuntimeError(f"bench set-up: the profile is still incomplete: {me.body}")
        return user

    def mapping_case(self) -> str:
        user = self.first_sign_in(self.signup())
        body = {"category": "account_mapping", "description": "Please link this sign-in to my older record."}
        answer = self._ok(self.api.request("POST", "/me/support-cases", token=user.id_token, body=body), "case")
        return answer.body["case_id"]

    def unconfirmed_email(self) -> str:
        import boto3

        email = f"bench-{uuid.uuid4().hex[:10]}@example.com"
        boto3.client("cognito-idp", region_name="us-east-1").sign_up(
            ClientId=self.physical["UserPoolClient"],
            Username=email,
            Password=PASSWORD,
            UserAttributes=[
                {"Name": "email", "Value": email},
                {"Name": "given_name", "Value": "Ada"},
                {"Name": "family_name", "Value": "Lovelace"},
                {"Name": "custom:country", "Value": "GB"},
            ],
        )
        return email


# ----------------------------------------------------------------------------- scenarios


@dataclass
class Request:
    path: str
    role: str = "candidate"  # which signed-in user's token (only sent to routes with an authorizer)
    body: Any = None  # JSON-serialisable, or bytes sent as they are
    headers: dict[str, str] = field(default_factory=dict)
    #: another signed-in user whose token is sent instead of the role's (a scenario that needs its
    #: own state, e.g. a decade-long CCIE holder, that the bench candidate must not take on)
    user: "User | None" = None


class Skip(Exception):
    """A scenario that cannot run in this state of the code (e.g. no data to address); reported."""


ANNOUNCEMENT = {
    "title": "Exam centre maintenance",
    "body": "Testing centres are closed on **1 January**.",
    "format": "markdown",
    "starts_on": date.today().isoformat(),
    "ends_on": (date.today() + timedelta(days=30)).isoformat(),
}


def signed(path: str, payload: dict[str, Any]) -> Request:
    """A partner request, signed by the route's partner with its development secret."""
    from certtrack_local import partners

    raw = json.dumps(payload).encode()
    return Request(path, body=raw, headers=partners.headers(path, raw))


def exam_result(
    candidate_id: str, result_id: str | None = None, days_ago: int = 10, exam_code: str = "200-301"
) -> dict[str, Any]:
    return {
        "result_id": result_id or f"bench-{uuid.uuid4().hex[:12]}",
        "candidate_id": candidate_id,
        "exam_code": exam_code,
        "taken_on": (date.today() - timedelta(days=days_ago)).isoformat(),
        "score": 870,
        "passing_score": 825,
        "passed": True,
        "sections": [{"name": "Network Fundamentals", "score": 88}],
        "delivery": "test_center",
    }


@dataclass
class Context:
    setup: Setup
    candidate: User
    admin: User
    result_id: str | None = None  # an exam result of the candidate, posted by the vendor in set-up
    problem: str = ""  # why set-up could not post one
    _case: str | None = None

    def case(self) -> str:
        if self._case is None:
            self._case = self.setup.mapping_case()
        return self._case

    def get(self, path: str, role: str = "candidate") -> Any:
        """An uncounted read, to find something a scenario addresses (a cert id, a kit ...)."""
        return self.call("GET", path, role=role)

    def call(self, method: str, path: str, body: Any = None, role: str = "candidate") -> Any:
        """An uncounted request that prepares what a scenario addresses."""
        user = self.admin if role == "admin" else self.candidate
        answer = self.setup.api.request(method, path, token=user.id_token, body=body)
        if not 200 <= answer.status < 300:
            raise Skip(f"{method} {path} answered {answer.status}")
        return answer.body

    def first(self, path: str, key: str, where: Callable[[dict[str, Any]], bool] = lambda i: True) -> str:
        items = [i for i in (self.get(path) or {}).get("items", []) if i.get(key) and where(i)]
        if not items:
            raise Skip(f"no item with {key} in GET {path}")
        return str(items[0][key])

    def result(self) -> str:
        if not self.result_id:
            raise Skip(self.problem)
        return self.result_id

    def post_result(self, days_ago: int = 10, exam_code: str = "200-301") -> str | None:
        """An exam result for the candidate through the vendor API (uncounted), if that works."""
        try:
            payload = exam_result(self.candidate.candidate_id, days_ago=days_ago, exam_code=exam_code)
            request = signed("/vendor/exam-results", payload)
            answer = self.setup.api.request("POST", request.path, body=request.body, headers=request.headers)
        except LookupError:
            self.problem = "no vendor feature to post an exam result"
            return None
        if 200 <= answer.status < 300:
            return answer.body["result_id"]
        self.problem = f"set-up's POST /vendor/exam-results answered {answer.status}"
        return None

    def seed(self) -> None:
        """Gives the candidate an active CCNA (agreement accepted, a recent pass: a pending kit and a
        certificate) first earned 26 years ago and held on its 25th anniversary (the anniversary
        benefit goes only to a holder on that day: the pass two years ago), when the features exist."""
        with contextlib.suppress(Skip):
            self.call("POST", "/me/agreement", {"version": self.get("/me/agreement")["version"]})
        self.post_result(days_ago=26 * 365, exam_code="640-507")  # the CCNA exam offered then
        self.post_result(days_ago=2 * 365)
        self.result_id = self.post_result()
        # The evaluator and the event consumers run behind queues: the kit and the benefit the
        # claim scenarios address exist once they have.
        self.deliver_queued()

    def deliver_queued(self) -> None:
        """Hands the queued messages (kit orders, certificates, emails) to their workers, as the
        event source mappings would: what a vendor status update needs (a vendor order id)."""
        from certtrack_local.workers import Workers

        Workers(self.setup.physical).deliver_pending(timeout=30)

    def order_id(self) -> str:
        self.deliver_queued()
        return self.first("/me/kits", "order_id")

    def verification_code(self) -> str:
        cert_id = self.first("/me/certifications", "cert_id", lambda i: i.get("status") == "active")
        return str(self.get(f"/me/certifications/{cert_id}/certificate")["verification_code"])

    def feed(self) -> str:
        """A fresh secret calendar address's last path segment."""
        return str(self.call("POST", "/me/calendar/feed")["url"]).rstrip("/").rsplit("/", 1)[-1]

    def revoke_feed(self) -> Request:
        """Revoking needs a secret address to revoke."""
        self.feed()
        return Request("/me/calendar/feed")

    def announcement(self) -> str:
        return str(self.call("POST", "/admin/announcements", ANNOUNCEMENT, role="admin")["announcement_id"])

    def support_case(self, description: str) -> tuple[User, str]:
        """A fresh candidate's open profile case (the bench candidate's name stays as it is)."""
        user = self.setup.complete(self.setup.first_sign_in(self.setup.signup()))
        body = {"category": "profile", "description": description}
        answer = self.setup.api.request("POST", "/me/support-cases", token=user.id_token, body=body)
        if not 200 <= answer.status < 300:
            raise Skip(f"opening a support case answered {answer.status}")
        return user, str(answer.body["case_id"])

    def name_change(self) -> Request:
        user, case_id = self.support_case("Please change the name on my record to: Ada King")
        body = {"candidate_id": user.candidate_id, "first_name": "Ada", "last_name": "King"}
        return Request(f"/admin/support-cases/{case_id}/name-change", role="admin", body=body)

    def case_resolution(self) -> Request:
        _, case_id = self.support_case("How do I print my certificate?")
        body = {"note": "Certificates are under Certifications, one PDF each."}
        return Request(f"/admin/support-cases/{case_id}/resolution", role="admin", body=body)

    def expert(self) -> User:
        """Another candidate holding the CCIE Enterprise Infrastructure for ten years and a month
        without a break (the R&S written and lab then, which earn it; a core exam renewing it in
        every cycle, each exam taken while offered): eligible for Emeritus today. The bench
        candidate's own certifications stay as they are."""
        user = self.setup.complete(self.setup.first_sign_in(self.setup.signup()))
        version = self.get("/me/agreement")["version"]
        self.setup.api.request("POST", "/me/agreement", token=user.id_token, body={"version": version})
        lab = 10 * 365 + 30
        for exam_code, days_ago in (
            ("400-101", lab + 60),
            ("ccie-rs-lab", lab),
            ("400-101", lab - 2 * 365),
            ("350-401", lab - 5 * 365),
            ("350-401", lab - 8 * 365),
        ):
            payload = exam_result(user.candidate_id, days_ago=days_ago, exam_code=exam_code)
            if exam_code == "ccie-rs-lab":
                payload["sections"] = [{"name": "Lab", "score": 880}]
            request = signed("/vendor/exam-results", payload)
            answer = self.setup.api.request("POST", request.path, body=request.body, headers=request.headers)
            if not 200 <= answer.status < 300:
                raise Skip(f"set-up's POST /vendor/exam-results ({exam_code}) answered {answer.status}: {answer.body}")
        self.deliver_queued()
        return user

    def emeritus_request(self) -> Request:
        return Request(f"/me/certifications/{CCIE}/emeritus", user=self.expert())

    def emeritus_reversal(self) -> Request:
        """An expert's standing request (made uncounted), reversed by an administrator."""
        user = self.expert()
        answer = self.setup.api.request("POST", f"/me/certifications/{CCIE}/emeritus", token=user.id_token)
        if not 200 <= answer.status < 300:
            raise Skip(f"the Emeritus request to reverse answered {answer.status}: {answer.body}")
        body = {"candidate_id": user.candidate_id, "cert_id": CCIE, "reason": "Asked for by mistake"}
        return Request("/admin/certifications/emeritus-reversals", role="admin", body=body)

    def benefit_claim(self) -> Request:
        benefits = [b for b in (self.get("/me/benefits") or {}).get("items", []) if b.get("status") == "available"]
        if not benefits:
            raise Skip("no available benefit in GET /me/benefits")
        body = {"token": benefits[0]["token"], "size": "L"}
        return Request(f"/me/benefits/{benefits[0]['benefit_id']}/claim", body=body)

    def sitting(self, exam_code: str) -> str:
        """A test-centre sitting of the exam three days ahead (clear of the reschedule cut-off)."""
        start = (date.today() + timedelta(days=3)).isoformat()
        return self.first(f"/exams/{exam_code}/availability?country=US&from={start}", "slot_id")

    def booking(self, exam_code: str) -> dict[str, Any]:
        """An appointment of its own exam (one open appointment per exam), booked uncounted."""
        body = {"exam_code": exam_code, "slot_id": self.sitting(exam_code), "payment": {"token": "tok_visa"}}
        return dict(self.call("POST", "/me/appointments", body))

    def receipt_id(self) -> str:
        """A receipt of the candidate's (of a booking made for it when there is none yet)."""
        receipts = self.get("/me/receipts")["items"]
        return str(receipts[0]["receipt_id"] if receipts else self.booking("350-401")["receipt_id"])

    def reschedule(self) -> Request:
        booked = self.booking("200-901")
        start = (date.today() + timedelta(days=3)).isoformat()
        slots = self.get(f"/exams/200-901/availability?country=US&from={start}")["items"]
        other = next(s["slot_id"] for s in slots if s["slot_id"] != booked["slot_id"])
        return Request(f"/me/appointments/{booked['appointment_id']}", body={"slot_id": other})

    def badge(self) -> str:
        """The candidate's first badge (the seed's active CCNA gets one from the badges consumer)."""
        self.deliver_queued()
        return self.first("/me/badges", "badge_id")

    def status_list(self) -> str:
        token = self.get(f"/verify/badges/{self.badge()}")["credential"]["credentialStatus"]
        return str(token["statusListCredential"]).rstrip("/").rsplit("/", 1)[-1]

    def revocable(self) -> str:
        """Another candidate with an active CCNA: revoking the bench candidate's would change what
        the routes measured after it see."""
        other = self.setup.complete(self.setup.first_sign_in(self.setup.signup()))
        version = self.get("/me/agreement")["version"]
        self.setup.api.request("POST", "/me/agreement", token=other.id_token, body={"version": version})
        request = signed("/vendor/exam-results", exam_result(other.candidate_id))
        answer = self.setup.api.request("POST", request.path, body=request.body, headers=request.headers)
        if not 200 <= answer.status < 300:
            raise Skip(f"set-up's POST /vendor/exam-results answered {answer.status}")
        self.deliver_queued()
        return other.candidate_id

    def transcript(self) -> dict[str, Any]:
        """A fresh transcript of the candidate (its link's token, id and code)."""
        return dict(self.call("POST", "/me/transcripts", {"recipient": "Bench Corp"}))

    def transcript_token(self) -> str:
        return str(self.transcript()["url"]).rsplit("/", 1)[-1]

    def key_id(self) -> str:
        return str(self.get("/.well-known/jwks.json")["keys"][0]["kid"]).rsplit("/", 1)[-1]

    def challenge(self) -> str:
        """An open score challenge (on a result of its own), for the admin's resolution route."""
        result_id = self.post_result()
        if not result_id:
            raise Skip(self.problem)
        answer = self.setup.api.request(
            "POST",
            f"/me/exams/{result_id}/challenges",
            token=self.candidate.id_token,
            body={"reason": "Please review the score of the second section."},
        )
        if not 200 <= answer.status < 300:
            raise Skip(f"opening a challenge answered {answer.status}")
        return str(answer.body.get("challenge_id"))


#: How to call each route meaningfully (a 2xx answer). A route missing here is still called when it
#: is a GET without path parameters; otherwise it is reported as "no scenario".
SCENARIOS: dict[tuple[str, str], Callable[[Context], Request]] = {
    ("GET", "/health"): lambda c: Request("/health"),
    ("GET", "/openapi.json"): lambda c: Request("/openapi.json"),
    ("POST", "/auth/signup"): lambda c: Request(
        "/auth/signup",
        body={
            "email": f"bench-{uuid.uuid4().hex[:10]}@example.com",
            "password": PASSWORD,
            "first_name": "Ada",
            "last_name": "Lovelace",
            "country": "GB",
        },
    ),
    ("POST", "/auth/confirm"): lambda c: Request(
        "/auth/confirm", body={"email": c.setup.unconfirmed_email(), "code": "123456"}
    ),
    ("POST", "/auth/login"): lambda c: Request("/auth/login", body={"email": c.candidate.email, "password": PASSWORD}),
    ("POST", "/auth/refresh"): lambda c: Request("/auth/refresh", body={"refresh_token": c.candidate.refresh_token}),
    ("GET", "/me"): lambda c: Request("/me"),
    ("POST", "/me/support-cases"): lambda c: Request(
        "/me/support-cases", body={"category": "profile", "description": "Please correct my company's name."}
    ),
    ("GET", "/me/support-cases"): lambda c: Request("/me/support-cases"),
    ("GET", "/me/profile"): lambda c: Request("/me/profile"),
    ("PUT", "/me/profile"): lambda c: Request(
        "/me/profile", body={"company": "Analytical Engines", "job_title": "Engineer", "phone": "+44 20 7946 0000"}
    ),
    ("GET", "/me/addresses/mailing"): lambda c: Request("/me/addresses/mailing"),
    ("PUT", "/me/addresses/mailing"): lambda c: Request("/me/addresses/mailing", body=ADDRESS),
    ("GET", "/me/settings"): lambda c: Request("/me/settings"),
    ("PUT", "/me/settings"): lambda c: Request("/me/settings", body={"email_opt_in": True, "reminder_emails": True}),
    ("GET", "/me/external-ids"): lambda c: Request("/me/external-ids"),
    ("PUT", "/me/external-ids/credly"): lambda c: Request(
        "/me/external-ids/credly", body={"credly_id": "ada@example.com"}
    ),
    ("GET", "/admin/support-cases"): lambda c: Request("/admin/support-cases?status=open", role="admin"),
    ("POST", "/admin/account-mappings"): lambda c: Request(
        "/admin/account-mappings", role="admin", body={"case_id": c.case(), "candidate_id": c.candidate.candidate_id}
    ),
    ("GET", "/admin/candidates"): lambda c: Request(f"/admin/candidates?email={c.candidate.email}", role="admin"),
    ("POST", "/admin/challenges/{challenge_id}/resolution"): lambda c: Request(
        f"/admin/challenges/{c.challenge()}/resolution",
        role="admin",
        body={"outcome": "denied", "note": "The score was checked twice."},
    ),
    # Routes of ARCHITECTURE.md's contract that need an id or a body; each looks up what it addresses.
    ("GET", "/me/certifications/{cert_id}"): lambda c: Request(
        f"/me/certifications/{c.first('/me/certifications', 'cert_id')}"
    ),
    ("POST", "/me/agreement"): lambda c: Request("/me/agreement", body={"version": c.get("/me/agreement")["version"]}),
    ("GET", "/me/certifications/{cert_id}/certificate"): lambda c: Request(
        f"/me/certifications/{c.first('/me/certifications', 'cert_id', lambda i: i.get('status') == 'active')}"
        "/certificate"
    ),
    ("GET", "/me/certifications/{cert_id}/logos"): lambda c: Request(
        f"/me/certifications/{c.first('/me/certifications', 'cert_id', lambda i: i.get('status') == 'active')}/logos"
    ),
    ("GET", "/me/exams/{result_id}/score-report"): lambda c: Request(f"/me/exams/{c.result()}/score-report"),
    ("POST", "/me/exams/{result_id}/challenges"): lambda c: Request(
        f"/me/exams/{c.result()}/challenges", body={"reason": "Section two was scored twice, please review."}
    ),
    ("POST", "/me/kits/{kit_id}/claim"): lambda c: Request(
        f"/me/kits/{c.first('/me/kits', 'kit_id', lambda i: i.get('status') in (None, 'pending', 'claimable'))}/claim"
    ),
    ("POST", "/me/benefits/{benefit_id}/claim"): lambda c: c.benefit_claim(),
    ("POST", "/admin/support-cases/{case_id}/name-change"): lambda c: c.name_change(),
    ("POST", "/admin/support-cases/{case_id}/resolution"): lambda c: c.case_resolution(),
    ("POST", "/me/certifications/{cert_id}/emeritus"): lambda c: c.emeritus_request(),
    ("POST", "/admin/certifications/emeritus-reversals"): lambda c: c.emeritus_reversal(),
    ("GET", "/countries/{country}/subdivisions"): lambda c: Request("/countries/US/subdivisions"),
    ("GET", "/verify/certificates/{code}"): lambda c: Request(f"/verify/certificates/{c.verification_code()}"),
    ("PUT", "/me/welcome"): lambda c: Request("/me/welcome"),
    ("POST", "/me/calendar/feed"): lambda c: Request("/me/calendar/feed"),
    ("DELETE", "/me/calendar/feed"): lambda c: c.revoke_feed(),
    ("GET", "/calendar/{feed}"): lambda c: Request(f"/calendar/{c.feed()}"),
    ("POST", "/admin/announcements"): lambda c: Request("/admin/announcements", role="admin", body=ANNOUNCEMENT),
    ("PUT", "/admin/announcements/{announcement_id}"): lambda c: Request(
        f"/admin/announcements/{c.announcement()}", role="admin", body={**ANNOUNCEMENT, "title": "Lab maintenance"}
    ),
    ("DELETE", "/admin/announcements/{announcement_id}"): lambda c: Request(
        f"/admin/announcements/{c.announcement()}", role="admin"
    ),
    ("GET", "/exams/{exam_code}/availability"): lambda c: Request("/exams/200-301/availability?country=US"),
    ("POST", "/me/appointments"): lambda c: Request(
        "/me/appointments",
        body={"exam_code": "200-201", "slot_id": c.sitting("200-201"), "payment": {"token": "tok_visa"}},
    ),
    ("PUT", "/me/appointments/{appointment_id}"): lambda c: c.reschedule(),
    ("DELETE", "/me/appointments/{appointment_id}"): lambda c: Request(
        f"/me/appointments/{c.booking('100-150')['appointment_id']}"
    ),
    ("GET", "/me/receipts/{receipt_id}/pdf"): lambda c: Request(f"/me/receipts/{c.receipt_id()}/pdf"),
    ("POST", "/admin/vouchers"): lambda c: Request(
        "/admin/vouchers",
        role="admin",
        body={"count": 10, "discount_percent": 100, "expires_on": (date.today() + timedelta(days=90)).isoformat()},
    ),
    ("GET", "/me/badges/{badge_id}"): lambda c: Request(f"/me/badges/{c.badge()}"),
    ("GET", "/verify/badges/{badge_id}"): lambda c: Request(f"/verify/badges/{c.badge()}"),
    ("GET", "/verify/badges/{badge_id}/credential.jwt"): lambda c: Request(
        f"/verify/badges/{c.badge()}/credential.jwt"
    ),
    ("GET", "/verify/badges/{badge_id}/image.png"): lambda c: Request(
        f"/verify/badges/{c.badge()}/image.png", headers={"accept": "image/png,*/*"}
    ),
    ("GET", "/verify/badges/{badge_id}/image.svg"): lambda c: Request(f"/verify/badges/{c.badge()}/image.svg"),
    ("GET", "/badges/{badge_id}"): lambda c: Request(f"/badges/{c.badge()}"),
    ("GET", "/keys/{kid}"): lambda c: Request(f"/keys/{c.key_id()}"),
    ("GET", "/status-lists/{list_id}"): lambda c: Request(f"/status-lists/{c.status_list()}"),
    ("POST", "/admin/certifications/revocations"): lambda c: Request(
        "/admin/certifications/revocations",
        role="admin",
        body={"candidate_id": c.revocable(), "cert_id": "ccna", "reason": "Exam content shared publicly"},
    ),
    ("POST", "/me/transcripts"): lambda c: Request("/me/transcripts", body={"recipient": "Acme hiring"}),
    ("GET", "/me/transcripts/{transcript_id}/views"): lambda c: Request(
        f"/me/transcripts/{c.transcript()['transcript_id']}/views"
    ),
    ("DELETE", "/me/transcripts/{transcript_id}"): lambda c: Request(
        f"/me/transcripts/{c.transcript()['transcript_id']}"
    ),
    ("GET", "/verify/transcripts/{token}"): lambda c: Request(f"/verify/transcripts/{c.transcript_token()}"),
    ("POST", "/verify/transcripts"): lambda c: (
        lambda t: Request(
            "/verify/transcripts",
            body={"transcript_id": t["transcript_id"], "verification_code": t["verification_code"]},
        )
    )(c.transcript()),
    ("GET", "/verify/transcripts/{token}/pdf"): lambda c: Request(
        f"/verify/transcripts/{c.transcript_token()}/pdf", headers={"accept": "application/pdf,*/*"}
    ),
    ("POST", "/vendor/exam-results"): lambda c: signed("/vendor/exam-results", exam_result(c.candidate.candidate_id)),
    ("POST", "/vendor/ce-credits"): lambda c: signed(
        "/vendor/ce-credits",
        {
            "credit_id": f"bench-{uuid.uuid4().hex[:12]}",
            "candidate_id": c.candidate.candidate_id,
            "activity": "Cisco Live technical session",
            "provider": "Cisco Live",
            "credits": 2,
            "completed_on": (date.today() - timedelta(days=3)).isoformat(),
        },
    ),
    ("POST", "/vendor/kit-orders/{order_id}/status"): lambda c: signed(
        f"/vendor/kit-orders/{c.order_id()}/status",
        {"status": "shipped", "carrier": "UPS", "tracking_number": "1Z999AA10123456784"},
    ),
}


def _fallback(method: str, path: str) -> Callable[[Context], Request] | None:
    if method == "GET" and "{" not in path:
        return lambda c: Request(path, role="admin" if path.startswith("/admin") else "candidate")
    return None


# ----------------------------------------------------------------------------- measuring


@dataclass
class Row:
    feature: str
    method: str
    path: str
    status: int | None
    authorizer: list[tuple[str, str, str, str]]
    route: list[tuple[str, str, str, str]]
    http: list[tuple[str, str]]
    authorized: bool
    note: str = ""
    target: str = ""  # "" (none), "PASS" or "MISS"
    target_label: str = ""  # what the target is, for the table ("=1 DynamoDB", "<=3 AWS")
    ms: float = 0.0  # the request's wall time in-process (part 10 bills it as Lambda duration)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def as_json(self) -> dict[str, Any]:
        return {
            "feature": self.feature,
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "authorized": self.authorized,
            "authorizer_calls": len(self.authorizer),
            "authorizer": [f"{s}.{o}" for _, s, o, _ in self.authorizer],
            "route_calls": len(self.route),
            "route": [f"{s}.{o}" for _, s, o, _ in self.route],
            "non_aws_http": [u for _, u in self.http],
            "note": self.note,
            "target": self.target or None,
        }


def _measure(
    api: Api, method: str, path: str, token: str | None, body: Any, headers: dict[str, str] | None = None
) -> tuple[int, list, list, list]:
    RECORDER.reset()
    RECORDER.phase = "route"
    began = time.perf_counter()
    try:
        answer = api.request(method, path, token=token, body=body, headers=headers)
    finally:
        RECORDER.phase = None
        RECORDER.elapsed_ms = (time.perf_counter() - began) * 1000
    calls = list(RECORDER.calls)
    return (
        answer.status,
        [c for c in calls if c[0] == "authorizer"],
        [c for c in calls if c[0] == "route"],
        list(RECORDER.http),
    )


def run() -> dict[str, Any]:
    ensure_paths()
    install_hooks()
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        os.environ.pop(name, None)
    os.environ.update(BASE_ENV)

    from certtrack import aws, clock
    from certtrack.auth import jwks
    from certtrack.settings import get_settings

    def reset() -> None:
        get_settings.cache_clear()
        aws.reset_clients()
        jwks.forget()
        clock.reset()

    rows: list[Row] = []
    extra: list[Row] = []
    errors = ErrorCapture().install()
    try:
        _run_routes(rows, extra, errors, reset)
    finally:
        errors.uninstall()
        reset()
    return _verdicts(rows, extra)


class ErrorCapture(logging.Handler):
    """Collects the layer logger's error records (the cause of a 5xx) and keeps them off the report."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []
        self._muted: list[tuple[logging.Handler, int]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def install(self) -> "ErrorCapture":
        from certtrack.observability import logger

        self._logger = logger._logger if hasattr(logger, "_logger") else logging.getLogger("certtrack")
        for handler in self._logger.handlers:
            self._muted.append((handler, handler.level))
            handler.setLevel(logging.CRITICAL + 1)
        self._logger.addHandler(self)
        return self

    def uninstall(self) -> None:
        self._logger.removeHandler(self)
        for handler, level in self._muted:
            handler.setLevel(level)

    def cause(self) -> str:
        for record in reversed(self.records):
            if record.exc_info and record.exc_info[1] is not None:
                exc = record.exc_info[1]
                return f"{type(exc).__name__}: {str(exc)[:90]}"
        return ""


def _run_routes(rows: list[Row], extra: list[Row], errors: ErrorCapture, reset: Callable[[], None]) -> None:
    import boto3
    from moto import mock_aws

    from certtrack.auth import jwks
    from certtrack_local import logos, resources

    with mock_aws():
        physical = resources.create(boto3.session.Session(region_name="us-east-1"))
        os.environ.update(resources.function_environment(physical))
        # the artwork badge images are baked from, as `make run` uploads it
        logos.upload(boto3.client("s3", region_name="us-east-1"), physical["LogosBucket"])
        reset()
        api = Api()
        setup = Setup(api, physical)

        # A first sign-in (creates the candidate record), measured as an extra flow.
        newcomer = setup.signup()
        jwks.forget()
        status, authz, route, http = _measure(api, "GET", "/me", newcomer.id_token, None)
        extra.append(
            Row("account", "GET", "/me", status, authz, route, http, True, note="first sign-in: creates the candidate")
        )

        candidate = setup.complete(setup.first_sign_in(setup.signup()))
        admin = setup.first_sign_in(setup.signup(groups=("admin",)))
        context = Context(setup, candidate, admin)
        context.seed()

        jwks.forget()  # the first authorized request below fetches the JWKS; later ones use the cache
        for feature, method, path, entry in api.routes():
            authorized = entry.authorizer is not None
            scenario = SCENARIOS.get((method, path)) or _fallback(method, path)
            if scenario is None:
                rows.append(Row(feature, method, path, None, [], [], [], authorized, note="no scenario in bench"))
                continue
            try:
                request = scenario(context)
            except Skip as why:
                rows.append(Row(feature, method, path, None, [], [], [], authorized, note=f"not measured: {why}"))
                continue
            caller = request.user or (admin if request.role == "admin" else candidate)
            token = caller.id_token if authorized else None
            errors.records.clear()
            status, authz, route, http = _measure(api, method, request.path, token, request.body, request.headers)
            note = "" if scenario is SCENARIOS.get((method, path)) else "generic GET"
            if status >= 500 and errors.cause():
                note = (note + "; " if note else "") + errors.cause()
            rows.append(
                Row(feature, method, path, status, authz, route, http, authorized, note, ms=RECORDER.elapsed_ms)
            )

        # A partner's delivery, then the same delivery again (the partner retries): the repeat is
        # answered from the stored record and queues the evaluation again.
        credit = {
            "credit_id": f"bench-{uuid.uuid4().hex[:12]}",
            "candidate_id": candidate.candidate_id,
            "activity": "Cisco Live technical session",
            "provider": "Cisco Live",
            "credits": 2,
            "completed_on": (date.today() - timedelta(days=3)).isoformat(),
        }
        for path, payload in (
            ("/vendor/exam-results", exam_result(candidate.candidate_id)),
            ("/vendor/ce-credits", credit),
        ):
            for note in (PARTNER_FIRST, PARTNER_REPEAT):
                request = signed(path, payload)
                status, authz, route, http = _measure(api, "POST", path, None, request.body, request.headers)
                extra.append(Row("partners", "POST", path, status, authz, route, http, False, note=note))

        # The landing page again: the announcements are now cached in the function.
        status, authz, route, http = _measure(api, "GET", "/me/dashboard", candidate.id_token, None)
        extra.append(Row("dashboard", "GET", "/me/dashboard", status, authz, route, http, True, note="cache warm"))

        # A certificate asked for again: numbered and rendered the first time, only looked up now.
        with contextlib.suppress(Skip):
            cert_id = context.first("/me/certifications", "cert_id", lambda i: i.get("status") == "active")
            path = f"/me/certifications/{cert_id}/certificate"
            status, authz, route, http = _measure(api, "GET", path, candidate.id_token, None)
            note = "already rendered"
            extra.append(Row("certifications", "GET", path, status, authz, route, http, True, note=note))


def _verdicts(rows: list[Row], extra: list[Row]) -> dict[str, Any]:
    served = {(r.method, r.path): r for r in rows}
    missing_targets = []
    for key in ONE_ROUND_TRIP:
        row = served.get(key)
        if row is None:
            missing_targets.append(f"{key[0]} {key[1]}")
            continue
        only_dynamodb = all(s == "dynamodb" for _, s, _, _ in row.route)
        row.target = verdict(row.ok and len(row.route) == 1 and only_dynamodb)
        row.target_label = "=1 DynamoDB"
    for key, (limit, _) in AT_MOST.items():
        row = served.get(key)
        if row is None:
            missing_targets.append(f"{key[0]} {key[1]}")
            continue
        row.target = verdict(row.ok and len(row.route) <= limit)
        row.target_label = f"<={limit} AWS"
    scans = [f"{r.method} {r.path}" for r in rows + extra if any(o == "Scan" for _, _, o, _ in r.authorizer + r.route)]

    return {
        "rows": rows,
        "extra": extra,
        "payloads": dict(RECORDER.payloads),
        "missing_targets": missing_targets,
        "scans": scans,
    }


# ----------------------------------------------------------------------------- report


def _authorizer_text(row: Row) -> str:
    if row.status is None:
        return "-"
    if not row.authorized:
        return "(public)"
    text = summarize(row.authorizer)
    jwks_fetches = [u for phase, u in row.http if phase == "authorizer" and "jwks" in u]
    text += " + JWKS fetch (HTTP)" if jwks_fetches else " (JWKS cached)"
    return text


def report(result: dict[str, Any]) -> tuple[str, list[tuple[str, bool]], dict[str, Any]]:
    lines = [
        "1. AWS round trips per request (moto in-process, chalice.test.Client + LocalGateway authorizer)",
        "   counted with a botocore `before-call` hook on every client; the user is signed in and its",
        "   profile complete. Locally the authorizer runs on every request; API Gateway caches its answer",
        "   per token for 300 s (ReauthorizeEvery), so in AWS its calls happen once per token per 5 min.",
        "",
    ]
    verdicts: list[tuple[str, bool]] = []
    rows: list[Row] = result["rows"]
    body = []
    for r in rows:
        status = "-" if r.status is None else str(r.status)
        if r.status is not None and not r.ok:
            status += " (!)"
        body.append(
            [
                r.feature,
                f"{r.method} {r.path}",
                status,
                len(r.authorizer) if r.authorized else "-",
                len(r.route),
                (r.target and f"{r.target_label}: {r.target}") or "",
                _authorizer_text(r),
                summarize(r.route) + (f"  [{r.note}]" if r.note else ""),
            ]
        )
    lines.append(
        table(
            body,
            ["feature", "route", "status", "authz", "route", "target", "authorizer calls", "route calls"],
        )
    )
    extra: list[Row] = result["extra"]
    if extra:
        lines += ["", "   other flows:"]
        lines.append(
            table(
                [
                    [
                        f"{r.method} {r.path}",
                        r.note,
                        r.status,
                        len(r.authorizer),
                        len(r.route),
                        _authorizer_text(r),
                        summarize(r.route),
                    ]
                    for r in extra
                ],
                ["route", "flow", "status", "authz", "route", "authorizer calls", "route calls"],
            )
        )
    bad = [r for r in rows if r.status is not None and not r.ok]
    if bad:
        lines.append(
            "   (!) not a 2xx answer, so its counts may not be the route's normal path: "
            + ", ".join(f"{r.method} {r.path} -> {r.status}" for r in bad)
        )
    unmeasured = [r for r in rows if r.status is None]
    if unmeasured:
        lines.append(
            "   not measured (add a scenario to bench/roundtrips.py): "
            + ", ".join(f"{r.method} {r.path}" for r in unmeasured)
        )
    lines.append("")
    for r in rows:
        if (r.method, r.path) in AT_MOST:
            limit, why = AT_MOST[(r.method, r.path)]
            ok = r.target == "PASS"
            measured = f"{len(r.route)} ({summarize(r.route)})" if r.status is not None else f"not measured ({r.note})"
            lines.append(
                f"   target  {r.method} {r.path}: <= {limit} AWS round trips ({why}) -> {measured}  {verdict(ok)}"
            )
            verdicts.append((f"round trips {r.method} {r.path} <= {limit}", ok))
        elif r.target:
            ok = r.target == "PASS"
            lines.append(
                f"   target  {r.method} {r.path}: exactly 1 DynamoDB round trip after authorization"
                f" -> {len(r.route)} ({summarize(r.route)})  {verdict(ok)}"
            )
            verdicts.append((f"round trips {r.method} {r.path} = 1", ok))
    for name in result["missing_targets"]:
        lines.append(f"   target  {name}: route not found in any feature  MISS")
        verdicts.append((f"round trips {name}", False))
    cold = next((r for r in rows if (r.method, r.path) == ("GET", "/me/dashboard")), None)
    warm = next((r for r in result["extra"] if r.note == "cache warm"), None)
    if cold is not None and warm is not None:
        cold_ok = cold.ok and len([c for c in cold.route if c[1] == "dynamodb"]) <= 2
        warm_ok = warm.ok and len([c for c in warm.route if c[1] == "dynamodb"]) == 1
        lines.append(
            f"   target  GET /me/dashboard: <= 2 DynamoDB round trips -> {len(cold.route)} ({summarize(cold.route)})"
            f"  {verdict(cold_ok)}; announcements cached: 1 -> {len(warm.route)} ({summarize(warm.route)})"
            f"  {verdict(warm_ok)}"
        )
        verdicts += [
            ("round trips GET /me/dashboard <= 2", cold_ok),
            ("round trips GET /me/dashboard warm = 1", warm_ok),
        ]
    for r in result["extra"]:
        if r.note == PARTNER_FIRST:
            ok = r.status == 201 and len(r.route) <= PARTNER_TARGET
            lines.append(
                f"   target  {r.method} {r.path} (first delivery, {r.status}): <= {PARTNER_TARGET} AWS round trips"
                f" -> {len(r.route)} ({summarize(r.route)})  {verdict(ok)}"
            )
            verdicts.append((f"round trips {r.method} {r.path} <= {PARTNER_TARGET}", ok))
        elif r.note == PARTNER_REPEAT:
            lines.append(
                f"   report  {r.method} {r.path} (repeated delivery, {r.status}): {len(r.route)} AWS round trips"
                f" ({summarize(r.route)}): the failed transaction, then the stored record read back"
            )
    no_scan = not result["scans"]
    lines.append(
        f"   target  no Scan on any request path -> {', '.join(result['scans']) or 'none seen'}  {verdict(no_scan)}"
    )
    verdicts.append(("no Scan on a request path", no_scan))
    data = {
        "routes": [r.as_json() for r in rows],
        "other_flows": [r.as_json() for r in extra],
        "scans": result["scans"],
    }
    return "\n".join(lines), verdicts, data
