"""The local server's play of the template's WAF rate rule: a sliding window per address."""

from certtrack_local import resources, waf


def test_the_template_limits_the_public_transcript_routes():
    (rule,) = waf.rules(resources.load_template())
    assert rule.path_contains == "/verify/transcripts"
    assert rule.status == 429
    assert rule.headers["Retry-After"] == str(int(rule.window))
    assert rule.limit >= 10


def test_the_window_slides_and_each_address_has_its_own():
    now = [0.0]
    (rule,) = waf.rules(resources.load_template())
    limiter = waf.Limiter([rule], now=lambda: now[0])
    path = "/verify/transcripts/abc"
    assert all(limiter.refuse(path, "a") is None for _ in range(rule.limit))
    assert limiter.refuse(path, "a") is rule
    assert limiter.refuse(path, "b") is None
    assert limiter.refuse("/verify/badges/x", "a") is None
    now[0] = rule.window + 1
    assert limiter.refuse(path, "a") is None
