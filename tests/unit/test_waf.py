"""The local server's play of the template's WAF rate rules: a sliding window per address and rule."""

from certtrack_local import resources, waf

RULES = {r.path_contains: r for r in waf.rules(resources.load_template())}


def test_the_template_limits_sign_in_sign_up_verification_and_feeds():
    assert set(RULES) == {"/auth/login", "/auth/signup", "/verify/", "/calendar/"}
    for rule in RULES.values():
        assert rule.status == 429
        assert rule.headers["Retry-After"] == str(int(rule.window))
        assert rule.limit >= 10  # AWS WAF's smallest rate limit


def test_the_window_slides_and_each_address_has_its_own():
    now = [0.0]
    rule = RULES["/verify/"]
    limiter = waf.Limiter([rule], now=lambda: now[0])
    path = "/verify/transcripts/abc"
    assert all(limiter.refuse(path, "a") is None for _ in range(rule.limit))
    assert limiter.refuse(path, "a") is rule
    assert limiter.refuse(path, "b") is None
    assert limiter.refuse("/me/badges", "a") is None
    now[0] = rule.window + 1
    assert limiter.refuse(path, "a") is None


def test_each_rule_counts_only_its_own_routes():
    limiter = waf.Limiter(list(RULES.values()), now=lambda: 0.0)
    for _ in range(RULES["/auth/login"].limit):
        assert limiter.refuse("/auth/login", "a") is None
    assert limiter.refuse("/auth/login", "a") is RULES["/auth/login"]
    assert limiter.refuse("/verify/certificates/X", "a") is None


def test_an_exempt_address_is_not_counted():
    rule = RULES["/auth/login"]
    limiter = waf.Limiter([rule], now=lambda: 0.0, exempt=frozenset({"127.0.0.1"}))
    assert all(limiter.refuse("/auth/login", "127.0.0.1") is None for _ in range(rule.limit * 2))
