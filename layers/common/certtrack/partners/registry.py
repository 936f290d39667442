"""Who may call the partner routes, as data (`catalog/partners.json`): each partner signs with its own
secret and may call only the routes it is listed for, so a leaked kit-vendor secret cannot post an
exam result."""

from functools import cache
from typing import Literal

from pydantic import Field

from certtrack.catalog import catalog_dir, load_entries
from certtrack.models import Model

#: What a partner route lets a partner do; a route names one, a partner lists those it may use.
Scope = Literal["exam-results", "ce-credits", "kit-status"]


class Partner(Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]{2,40}$")
    name: str
    may: list[Scope] = Field(min_length=1)


@cache
def partners() -> dict[str, Partner]:
    return {p.id: p for p in load_entries(catalog_dir() / "partners.json", "partners", Partner, "id")}


def partner(partner_id: str) -> Partner | None:
    return partners().get(partner_id)
