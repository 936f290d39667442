"""Fixtures shared by every test.

`aws`: moto in-process (`mock_aws`) with the template's resources, for fast feature tests.
`api`: every feature's Chalice app behind `chalice.test.Client`, routed by path as API Gateway would.
`users`: real sign-ups in the (mocked) user pool, giving real RS256 id tokens.
`live_system`: the whole local system (`python -m certtrack_local`) on a free port, over HTTP.
"""

import json
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest
from chalice.local import RouteMatcher
from chalice.test import Client
from moto import mock_aws
from roles import Recorder, Roles

from certtrack_local.partners import development_secrets

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Sup3r-secret-pass!"
BASE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1",
    "CERTTRACK_STAGE": "local",
    "AUTO_CONFIRM_SIGNUPS": "true",
    "CURSOR_SECRET": "test-cursor-secret",
    # the embedded Secrets Manager's partner secrets (certtrack_local.partners signs with these)
    "PARTNER_SECRETS": json.dumps(development_secrets()),
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
}


def _reset_process_caches() -> None:
    from certtrack import aws, clock
    from certtrack.auth import jwks
    from certtrack.settings import get_settings

    get_settings.cache_clear()
    aws.reset_clients()
    jwks.forget()
    clock.reset()


@contextmanager
def _hooked(service: str, event: str, handler: Callable[..., None]) -> Iterator[None]:
    """`handler` on the process's own `service` client's `event` inside the block (fault injection)."""
    from certtrack import aws as clients

    events = clients.client(service).meta.events
    events.register(event, handler)
    try:
        yield
    finally:
        events.unregister(event, handler)


@dataclass
class Stack:
    physical: dict[str, str]
    #: Whether each API request is followed by the write path's queues being emptied, as Lambda's
    #: event source mappings would within seconds (a test of the asynchronous path turns it off).
    autopump: bool = True
    _event_path: list[Any] = field(default_factory=list)

    @property
    def table(self) -> str:
        return self.physical["Table"]

    @property
    def pool(self) -> str:
        return self.physical["UserPool"]

    def pump(self) -> int:
        """The evaluator's and the event consumers' queues handed to their functions until empty."""
        from certtrack_local import workers

        if not self._event_path:
            mappings, _ = workers.from_template(self.physical)
            self._event_path = workers.event_path(mappings)
        return workers.pump(self._event_path)

    def deliver_mail(self) -> int:
        """The notifier handed what waits in the notifications queue; SES then holds what was sent."""
        from certtrack_local import workers

        mappings, _ = workers.from_template(self.physical)
        return workers.pump([m for m in mappings if m.queue == "NotificationsQueue"])

    @contextmanager
    def outage(self, service: str, operation: str) -> Iterator[None]:
        """Inside the block, the process's own client fails `operation` as an unreachable endpoint
        would: the real failure a caller must survive, raised where botocore raises it."""
        from botocore.exceptions import EndpointConnectionError

        def unreachable(**_: Any) -> None:
            raise EndpointConnectionError(endpoint_url=f"https://{service}.us-east-1.amazonaws.com")

        with _hooked(service, f"before-call.{service}.{operation}", unreachable):
            yield

    @contextmanager
    def answer_lost(self, service: str, operation: str) -> Iterator[None]:
        """Inside the block, the first `operation` of the process's own client is applied by AWS but
        its answer never arrives (a read timeout): the caller cannot tell it from a failure."""
        from botocore.exceptions import ReadTimeoutError

        lost: list[str] = []

        def timed_out(**_: Any) -> None:
            if not lost:
                lost.append(operation)
                raise ReadTimeoutError(endpoint_url=f"https://{service}.us-east-1.amazonaws.com")

        with _hooked(service, f"after-call.{service}.{operation}", timed_out):
            yield
        assert lost, f"no {service} {operation} was made"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stack]:
    """moto in-process with every resource of infra/template.yaml."""
    from certtrack_local import atomic, gateway, resources

    atomic.install()
    gateway.install()
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    for name, value in BASE_ENV.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        physical = resources.create(boto3.session.Session(region_name="us-east-1"))
        for name, value in resources.function_environment(physical).items():
            monkeypatch.setenv(name, value)
        _reset_process_caches()
        yield Stack(physical)
    _reset_process_caches()


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str]

    @property
    def error(self) -> dict[str, Any]:
        return self.body["error"]


class Api:
    """All features' apps, each behind Chalice's test client; a request goes to the app whose routes
    match it (as API Gateway routes to one function per feature)."""

    def __init__(self, recorder: Recorder | None = None, stack: Stack | None = None) -> None:
        from certtrack.web.features import http_apps

        self.recorder = recorder
        self.stack = stack
        self.features = [
            (name, RouteMatcher(list(app.routes)), Client(app, "local", str(ROOT)))
            for name, app in http_apps(ROOT / "functions").items()
        ]

    def _feature(self, path: str) -> tuple[str, Client]:
        for name, matcher, client in self.features:
            try:
                matcher.match_route(path.split("?")[0])
            except ValueError:
                continue
            return name, client
        raise AssertionError(f"no feature serves {path}")

    def request(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json_body: Any = None,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        sent = {"content-type": "application/json", **(headers or {})}
        if token:
            sent["authorization"] = f"Bearer {token}"
        body = raw if raw is not None else (json.dumps(json_body).encode() if json_body is not None else b"")
        feature, client = self._feature(path)
        with self.recorder.recording(feature) if self.recorder else nullcontext():
            response = client.http.request(method, path, headers=sent, body=body)
        if self.stack is not None and self.stack.autopump:
            self.stack.pump()
        try:
            parsed = json.loads(response.body) if response.body else None
        except ValueError:
            parsed = response.body
        return Answer(response.status_code, parsed, dict(response.headers))

    def get(self, path: str, **kw: Any) -> Answer:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Answer:
        return self.request("POST", path, json_body=body, **kw)

    def put(self, path: str, body: Any = None, **kw: Any) -> Answer:
        return self.request("PUT", path, json_body=body, **kw)

    def delete(self, path: str, **kw: Any) -> Answer:
        return self.request("DELETE", path, **kw)

    def partner_post(self, path: str, body: Any, *, partner: str | None = None) -> Answer:
        """A partner's signed call (by default the partner of that route, with its development secret)."""
        from certtrack_local import partners

        raw = json.dumps(body).encode()
        return self.request("POST", path, raw=raw, headers=partners.headers(path, raw, partner=partner))


@pytest.fixture
def roles(aws: Stack, monkeypatch: pytest.MonkeyPatch) -> Recorder:
    """Checks the AWS calls of every API request, authorizer, worker and job invocation against its
    function's role (tests/roles.py): moto does not enforce IAM."""
    import certtrack.auth
    from certtrack_local import resources

    template = resources.load_template()
    recorder = Recorder(Roles(template, aws.physical))
    recorder.install(monkeypatch)
    recorder.wrap_workers(template, monkeypatch)
    # jwt_auth (the authorizer function's handler) calls certtrack.auth.authorize for the token
    authorizer = template["Resources"]["AuthorizerFunction"]["Properties"]["Handler"]
    authorize = certtrack.auth.authorize

    def authorizing(token: str) -> Any:
        with recorder.recording(authorizer):
            return authorize(token)

    monkeypatch.setattr(certtrack.auth, "authorize", authorizing)
    return recorder


@pytest.fixture(autouse=True)
def _roles_checked(request: pytest.FixtureRequest) -> None:
    if "aws" in request.fixturenames:
        request.getfixturevalue("roles")


@pytest.fixture
def api(roles: Recorder, aws: Stack) -> Api:
    return Api(roles, aws)


@dataclass
class User:
    email: str
    password: str
    id_token: str
    refresh_token: str
    subject: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class Users:
    """Sign-ups through the API (as the portal does), then a login for real tokens."""

    def __init__(self, api: Api, stack: Stack) -> None:
        self.api = api
        self.stack = stack

    def signup(
        self,
        email: str | None = None,
        *,
        first_name: str = "Ada",
        last_name: str = "Lovelace",
        country: str = "GB",
        groups: tuple[str, ...] = (),
    ) -> User:
        email = email or f"u-{uuid.uuid4().hex[:10]}@example.com"
        answer = self.api.post(
            "/auth/signup",
            {
                "email": email,
                "password": PASSWORD,
                "first_name": first_name,
                "last_name": last_name,
                "country": country,
            },
        )
        assert answer.status == 201, answer.body
        idp = boto3.client("cognito-idp", region_name="us-east-1")
        for group in groups:
            idp.admin_add_user_to_group(UserPoolId=self.stack.pool, Username=email, GroupName=group)
        return self.login(email)

    def login(self, email: str, password: str = PASSWORD) -> User:
        answer = self.api.post("/auth/login", {"email": email, "password": password})
        assert answer.status == 200, answer.body
        import jwt

        subject = jwt.decode(answer.body["id_token"], options={"verify_signature": False})["sub"]
        return User(email, password, answer.body["id_token"], answer.body["refresh_token"], subject)

    def complete(self, user: User) -> User:
        """Signs in for the first time and completes the profile (address and settings)."""
        assert self.api.get("/me", token=user.id_token).status == 200
        assert self.api.put("/me/addresses/mailing", ADDRESS, token=user.id_token).status == 200
        assert (
            self.api.put("/me/settings", {"email_opt_in": False, "reminder_emails": True}, token=user.id_token).status
            == 200
        )
        return user


ADDRESS = {
    "line1": "123 Any Street",
    "line2": "Suite 4",
    "city": "San Francisco",
    "state": "CA",
    "postal_code": "94105",
    "country": "US",
}


@pytest.fixture
def users(api: Api, aws: Stack) -> Users:
    return Users(api, aws)


# ----------------------------------------------------------------------------- the live system


@dataclass
class LiveSystem:
    url: str
    aws_endpoint: str
    demo: dict[str, dict[str, str]]
    process: subprocess.Popen

    def table(self) -> tuple[Any, str]:
        """A DynamoDB client of the embedded AWS and the table's name: to check what the system
        stored, or to set up a state no API call makes (a day that has passed)."""
        import boto3

        dynamodb = boto3.client(
            "dynamodb",
            endpoint_url=self.aws_endpoint,
            region_name="us-east-1",
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )
        return dynamodb, next(t for t in dynamodb.list_tables()["TableNames"] if "Table" in t)

    def http(self, method: str, path: str, *, token: str | None = None, body: Any = None) -> tuple[int, Any]:
        import requests

        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = requests.request(method, self.url + path, json=body, headers=headers, timeout=30)
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, response.text


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveSystem]:
    """`python -m certtrack_local` on a free port, exactly as `make run` starts it."""
    ready = tmp_path_factory.mktemp("live") / "ready.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "functions"), str(ROOT / "infra" / "local")])
    # every browser and fixture of the suite speaks from 127.0.0.1: the per-address limits are tested
    # from other loopback addresses (tests/e2e/test_rate_limit.py)
    env["RATE_LIMIT_EXEMPT"] = "127.0.0.1"
    log = open(ready.with_suffix(".log"), "wb")  # noqa: SIM115 - kept open for the process's life
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "certtrack_local", "--port", str(_free_port())),
            *("--ready-file", str(ready), "--exit-with-parent"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while not ready.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the local system did not start:\n" + ready.with_suffix(".log").read_text())
        time.sleep(0.1)
    summary = json.loads(ready.read_text())
    demo = {}
    for account in summary["demo"]:
        demo.setdefault(account["role"], account)
    yield LiveSystem(summary["url"], summary["aws_endpoint"], demo, process)
    # what `make run` promises its user: SIGTERM (or Ctrl-C) ends it within two seconds
    process.terminate()
    try:
        process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        process.kill()
        raise RuntimeError("the local system did not stop within 2 s of SIGTERM") from None
    finally:
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def browser_page(browser: Any, live_system: LiveSystem) -> Iterator[Any]:
    context = browser.new_context(base_url=live_system.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session", autouse=True)
def _parse_botocore_models_once() -> Iterator[None]:
    """botocore parses a service's JSON model once per session object, and the fast tests build
    several sessions per test (the `aws` fixture's, each client after `reset_clients`): parsing
    was most of a feature test's setup. Models are read-only data, so one parse per file is shared
    for the test process. (The live system runs in its own process and is not affected.)"""
    from botocore.loaders import JSONFileLoader

    original = JSONFileLoader.load_file
    parsed: dict[str, Any] = {}

    def load_file(self: JSONFileLoader, file_path: str) -> Any:
        if file_path not in parsed:
            parsed[file_path] = original(self, file_path)
        return parsed[file_path]

    JSONFileLoader.load_file = load_file  # type: ignore[method-assign]
    yield
    JSONFileLoader.load_file = original  # type: ignore[method-assign]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The counts the README quotes: the fault-injection suite's (tests/features/test_faults.py) and
    the attack suite's (tests/attack: tried / leaked / 5xx per suite)."""
    reports = [r for outcome in ("passed", "failed") for r in terminalreporter.stats.get(outcome, [])]
    properties = [(name, value) for r in reports for name, value in getattr(r, "user_properties", [])]
    rows = [value for name, value in properties if name == "faults"]
    if rows:
        points = sum(r["points"] for r in rows)
        flows = len({r["flow"] for r in rows})
        lost = sum(r["lost"] for r in rows)
        duplicated = sum(r["duplicated"] for r in rows)
        terminalreporter.write_line(
            f"fault injection: {points} failed AWS calls ({flows} flows, each call failing before and after it"
            f" reaches AWS): {lost} lost, {duplicated} duplicated"
        )
    attacks = [value for name, value in properties if name == "attack"]
    for suite in sorted({a["suite"] for a in attacks}):
        mine = [a for a in attacks if a["suite"] == suite]
        totals = {k: sum(a[k] for a in mine) for k in ("tried", "leaked", "5xx")}
        answers = sum((Counter(a.get("answers", {})) for a in mine), Counter())
        spread = f" ({', '.join(f'{k} {v}' for k, v in sorted(answers.items()))})" if answers else ""
        terminalreporter.write_line(
            f"attack suite, {suite}: tried {totals['tried']} / leaked {totals['leaked']} / 5xx {totals['5xx']}{spread}"
        )
