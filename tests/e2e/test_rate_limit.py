"""Where guessing pays (a password, a verification code, a calendar feed's secret) or sign-ups could be
mass-produced, each client address is limited by the template's own WAF rules, which the local server
plays: past a rule's limit, 429 with `Retry-After`; another address, and other routes, are not affected.

Each test speaks from its own loopback address (127.0.0.x), so the limit it exhausts is its own and not
that of the browser tests sharing the live system (whose 127.0.0.1 the harness exempts)."""

import http.client
import json
from urllib.parse import urlsplit

import pytest

from certtrack_local import resources, waf

pytestmark = pytest.mark.e2e

RULES = {r.path_contains: r for r in waf.rules(resources.load_template())}
WRONG_LOGIN = {"email": "nobody@example.com", "password": "Wrong-passw0rd!"}
BAD_SIGNUP = {"email": "not-an-email", "password": "x"}
#: What an attacker sends to each limited route: the route, the body, and the answer before the limit.
ATTEMPTS = {
    "/auth/login": ("POST", "/auth/login", WRONG_LOGIN, 401),
    "/auth/signup": ("POST", "/auth/signup", BAD_SIGNUP, 400),
    "/verify/": ("GET", "/verify/transcripts/" + "A" * 22, None, 404),
    "/calendar/": ("GET", "/calendar/" + "B" * 43 + ".ics", None, 404),
}
SOURCES = {
    "/auth/login": "127.0.0.41",
    "/auth/signup": "127.0.0.42",
    "/verify/": "127.0.0.43",
    "/calendar/": "127.0.0.44",
}


def send(live, method: str, path: str, body: dict | None, source: str) -> tuple[int, dict[str, str], bytes]:
    url = urlsplit(live.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30, source_address=(source, 0))
    try:
        payload = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if payload else {}
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_every_limited_route_is_covered_here():
    assert set(ATTEMPTS) == set(RULES)


@pytest.mark.parametrize("rule", sorted(ATTEMPTS))
def test_past_the_limit_an_address_gets_429_with_retry_after_and_others_do_not(live_system, rule):
    method, path, body, before = ATTEMPTS[rule]
    source = SOURCES[rule]
    statuses = [send(live_system, method, path, body, source)[0] for _ in range(RULES[rule].limit)]
    assert set(statuses) == {before}  # refused on their merits, but answered
    status, headers, answer = send(live_system, method, path, body, source)
    assert status == 429
    assert int(headers["Retry-After"]) > 0
    assert json.loads(answer)["error"]["code"] == "rate_limited"
    # another address on the same route, and another route from the same address, are not limited
    assert send(live_system, method, path, body, "127.0.0.50")[0] == before
    assert send(live_system, "GET", "/health", None, source)[0] == 200
