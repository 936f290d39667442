"""The template's WAF rate-based rules, played in front of the local server as AWS WAF plays them in
front of API Gateway: requests from one address to the rule's paths are counted over the rule's
window, and past its limit answered with the rule's own response (429, `Retry-After`, its body).
Read from `infra/template.yaml`, so the limit tested is the limit deployed."""

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RateRule:
    name: str
    limit: int
    window: float
    path_contains: str
    status: int
    headers: dict[str, str]
    body: str
    seen: dict[str, deque[float]] = field(default_factory=dict)


def rules(template: dict[str, Any]) -> list[RateRule]:
    found = []
    for resource in template["Resources"].values():
        if resource["Type"] != "AWS::WAFv2::WebACL":
            continue
        props = resource["Properties"]
        bodies = props.get("CustomResponseBodies", {})
        for rule in props.get("Rules", []):
            statement = rule["Statement"].get("RateBasedStatement")
            if statement is None:
                continue
            match = statement["ScopeDownStatement"]["ByteMatchStatement"]
            response = rule["Action"]["Block"]["CustomResponse"]
            found.append(
                RateRule(
                    name=rule["Name"],
                    limit=int(statement["Limit"]),
                    window=float(statement.get("EvaluationWindowSec", 300)),
                    path_contains=match["SearchString"],
                    status=int(response["ResponseCode"]),
                    headers={h["Name"]: h["Value"] for h in response.get("ResponseHeaders", [])},
                    body=bodies[response["CustomResponseBodyKey"]]["Content"],
                )
            )
    return found


class Limiter:
    def __init__(
        self,
        rate_rules: list[RateRule],
        now: Callable[[], float] = time.monotonic,
        exempt: frozenset[str] = frozenset(),
    ) -> None:
        self.rules = rate_rules
        self.now = now
        #: Addresses the rules do not count (`RATE_LIMIT_EXEMPT`): the test harness's own, which its
        #: hundreds of browser sign-ins share; the rate-limit tests speak from other addresses.
        self.exempt = exempt
        self.lock = threading.Lock()

    def refuse(self, path: str, address: str) -> RateRule | None:
        """The rule that blocks this request, if any (the request is counted either way)."""
        if address in self.exempt:
            return None
        at = self.now()
        with self.lock:
            for rule in self.rules:
                if rule.path_contains not in path:
                    continue
                seen = rule.seen.setdefault(address, deque())
                while seen and seen[0] <= at - rule.window:
                    seen.popleft()
                seen.append(at)
                if len(seen) > rule.limit:
                    return rule
        return None
