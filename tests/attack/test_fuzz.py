"""The generated-input run (issue 15, part 6b): schemathesis over every route of the running local
system's `/openapi.json`, as a signed-in candidate (one who holds something of every kind), an
administrator and a signed partner, with inputs valid by the document and inputs that break it.
Every answer must be other than a 5xx and must match the document (its status documented, its body
the documented schema).

Bounded for CI: a fixed number of examples per route and mode, derandomized (the same inputs every
run, so a failure is reproducible and a pass is not luck), no shrinking, no example database."""

from collections import Counter
from typing import Any

import pytest
import requests
import schemathesis
from attacker import Candidate, Live, partner_for, session_from
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

pytestmark = pytest.mark.e2e

#: Its own source address: its sign-ins and public lookups count against limits of its own.
SOURCE = "127.0.0.62"
EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@schemathesis.deserializer("text/calendar", "text/html")
def _text(_: schemathesis.DeserializationContext, response: schemathesis.Response) -> str:
    """The documents served as text (iCalendar, a share page): checked as the string the
    document declares."""
    return response.content.decode(response.encoding or "utf-8")


@pytest.fixture(scope="module")
def callers(live_system) -> dict[str, str]:
    """The bearer token for each security scheme of the document."""
    live = Live(live_system.url, SOURCE)
    candidate = live.victim()
    demo = live_system.demo["admin"]
    admin = Candidate(demo["email"], demo["first_name"], demo["last_name"])
    live.sign_in(admin, demo["password"])
    return {"bearer": candidate.id_token, "admin": admin.id_token}


class Fuzz:
    """Sends generated requests and keeps what went wrong, once per route and kind of failure."""

    def __init__(self, session: requests.Session) -> None:
        self.session = session
        self.tried: Counter[str] = Counter()
        self.answers: Counter[str] = Counter()
        self.server_errors = 0
        self.problems: dict[tuple[str, str], str] = {}

    def run(self, operation: schemathesis.APIOperation, mode: GenerationMode, headers: dict[str, str]) -> None:
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def attack(case: schemathesis.Case) -> None:
            self.send(case, mode, headers)

        attack()

    def send(self, case: schemathesis.Case, mode: GenerationMode, headers: dict[str, str]) -> None:
        label = case.operation.label
        self.tried[label] += 1
        try:
            response = case.call(session=self.session, headers=headers, timeout=30)
        except requests.RequestException as exc:
            self.problems.setdefault((label, "connection"), f"{case.as_curl_command()}: {exc}")
            return
        self.answers[f"{response.status_code // 100}xx"] += 1
        if response.status_code >= 500:
            self.server_errors += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, BaseExceptionGroup) as exc:
            for failure in exc.exceptions if isinstance(exc, BaseExceptionGroup) else [exc]:
                self.problems.setdefault(
                    (label, getattr(failure, "title", type(failure).__name__)),
                    f"{mode.value}: {case.as_curl_command()}\n    → {response.status_code} {response.text[:300]}",
                )


def test_generated_requests_get_no_5xx_and_answers_match_the_document(live_system, callers, record_property):
    schema = schemathesis.openapi.from_url(live_system.url + "/openapi.json")
    schema.config.generation.update(with_security_parameters=False)
    document = requests.get(live_system.url + "/openapi.json", timeout=30).json()
    session, adapter = session_from(SOURCE)
    fuzz = Fuzz(session)
    for result in schema.get_all_operations():
        operation = result.ok()
        described = document["paths"][operation.path][operation.method.lower()]
        security = described.get("security", [{}])
        scope = described.get("x-certtrack-partner-scope")
        adapter.partner = partner_for(scope) if scope else None
        bearer = [callers[scheme] for scheme in security[0] if scheme in callers]
        headers = {"Authorization": f"Bearer {bearer[0]}"} if bearer else {}
        fuzz.run(operation, GenerationMode.POSITIVE, headers)
        if _breakable(described):
            fuzz.run(operation, GenerationMode.NEGATIVE, headers)

    total = sum(fuzz.tried.values())
    record_property(
        "attack",
        {"suite": "schemathesis", "tried": total, "leaked": 0, "5xx": fuzz.server_errors, "answers": fuzz.answers},
    )
    # every route but the document's own (schemathesis leaves out the address it loaded from)
    assert len(fuzz.tried) == sum(len(methods) for methods in document["paths"].values()) - 1
    report = "\n".join(f"{label} [{title}]: {detail}" for (label, title), detail in sorted(fuzz.problems.items()))
    assert not fuzz.problems, f"{len(fuzz.problems)} problems in {total} generated requests:\n{report}"


def _breakable(operation: dict[str, Any]) -> bool:
    """Whether the route takes input that can be invalid: a body or a query parameter (a path
    segment is any string, so there is no invalid one to generate)."""
    return "requestBody" in operation or any(p["in"] == "query" for p in operation.get("parameters", []))
