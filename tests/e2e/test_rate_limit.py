"""The public transcript routes are limited per client address, by the template's own WAF rule that
the local server plays: past the limit, 429 with `Retry-After`; another address is not affected.

Each test speaks from its own loopback address (127.0.0.x), so the limit it exhausts is its own and
not that of the browser tests sharing the live system."""

import http.client
import json
from urllib.parse import urlsplit

import pytest

from certtrack_local import resources, waf

pytestmark = pytest.mark.e2e

RULE = next(r for r in waf.rules(resources.load_template()) if "/verify/transcripts" in r.path_contains)


def get(live, path: str, source: str) -> tuple[int, dict[str, str], bytes]:
    url = urlsplit(live.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10, source_address=(source, 0))
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_past_the_limit_an_address_gets_429_with_retry_after_and_others_do_not(live_system):
    path = "/verify/transcripts/" + "A" * 22
    statuses = [get(live_system, path, "127.0.0.41")[0] for _ in range(RULE.limit)]
    assert set(statuses) == {404}  # unknown, but answered
    status, headers, body = get(live_system, path, "127.0.0.41")
    assert status == 429
    assert int(headers["Retry-After"]) > 0
    assert json.loads(body)["error"]["code"] == "rate_limited"
    # another address, and another route from the same address, are not limited
    assert get(live_system, path, "127.0.0.42")[0] == 404
    assert get(live_system, "/health", "127.0.0.41")[0] == 200
