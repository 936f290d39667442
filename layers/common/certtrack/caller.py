"""Who is calling, as the authorizer verified it."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Caller:
    """Who is calling, as the authorizer verified it. Never taken from a path or a body."""

    subject: str
    email: str
    email_verified: bool
    groups: frozenset[str]
    candidate_id: str | None
    mapping: str | None
    given_name: str = ""
    family_name: str = ""
    country: str = ""

    @property
    def is_admin(self) -> bool:
        return "admin" in self.groups

    @classmethod
    def from_context(cls, ctx: Mapping[str, Any]) -> "Caller":
        return cls(
            subject=ctx["principalId"],
            email=ctx.get("email", ""),
            email_verified=str(ctx.get("email_verified", "")).lower() == "true",
            groups=frozenset(g for g in str(ctx.get("groups", "")).split(",") if g),
            candidate_id=ctx.get("candidate_id") or None,
            mapping=ctx.get("mapping") or None,
            given_name=ctx.get("given_name", ""),
            family_name=ctx.get("family_name", ""),
            country=ctx.get("country", ""),
        )
