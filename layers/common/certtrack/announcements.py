"""Announcements: written by administrators, shown on every candidate's landing page (guide §3).

Bodies are plain text or a small Markdown subset (paragraphs, **bold**, *italic*, `- ` lists and
[links](https://...)); clients render them as text nodes, so no markup or script in a body ever
runs. Links must be http(s).
"""

import re
import secrets
import time
from datetime import date
from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from certtrack import clock, keys
from certtrack.accounts import repository as repo
from certtrack.errors import Conflict, InvalidInput, NotFound
from certtrack.models import Model
from certtrack.store.items.announcements import AnnouncementItem

_LINK = re.compile(r"\[([^\]]*)\]\(\s*([^)\s]*)")
_CACHE_SECONDS = 60.0


class AnnouncementIn(Model):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=120)
    body: str = Field(min_length=1, max_length=4000)
    format: Literal["text", "markdown"] = "text"
    starts_on: date
    ends_on: date

    @field_validator("body")
    @classmethod
    def _links(cls, value: str) -> str:
        for _, target in _LINK.findall(value):
            if not target.startswith(("https://", "http://")):
                raise ValueError("links must be http(s) addresses")
        return value

    @model_validator(mode="after")
    def _dates(self) -> "AnnouncementIn":
        if self.ends_on < self.starts_on:
            raise InvalidInput("ends_on: must not be before starts_on", field="ends_on")
        return self


class Announcement(Model):
    announcement_id: str
    title: str
    body: str
    format: str
    starts_on: date
    ends_on: date
    status: Literal["scheduled", "active", "ended", "retired"]
    created_at: str
    updated_at: str


def _status(item: AnnouncementItem, today: date) -> str:
    if item.retired_at:
        return "retired"
    if today < date.fromisoformat(item.starts_on):
        return "scheduled"
    if today > date.fromisoformat(item.ends_on):
        return "ended"
    return "active"


def view(item: AnnouncementItem, today: date | None = None) -> Announcement:
    fields = item.model_dump(include=set(Announcement.model_fields) - {"status"})
    return Announcement(**fields, status=_status(item, today or clock.today()))


def create(request: AnnouncementIn, admin: str) -> Announcement:
    announcement_id = "AN-" + secrets.token_hex(4).upper()
    now = clock.iso_now()
    item = {
        **keys.announcement(announcement_id),
        "type": "announcement",
        "announcement_id": announcement_id,
        **request.model_dump(mode="json"),
        "created_at": now,
        "updated_at": now,
        "created_by": admin,
        "gsi1pk": keys.ANNOUNCEMENTS,
        "gsi1sk": f"{request.ends_on.isoformat()}#{announcement_id}",
    }
    repo.table.create(item)
    _cache.clear()
    return view(AnnouncementItem.from_item(item))


def update(announcement_id: str, request: AnnouncementIn, admin: str) -> Announcement:
    current = repo.table.get(AnnouncementItem.key_of(announcement_id), consistent=True)
    if current is None:
        raise NotFound(f"no announcement {announcement_id}", field="announcement_id")
    if AnnouncementItem.from_item(current).retired_at:
        raise Conflict(f"announcement {announcement_id} is retired")
    item = {
        **current,
        **request.model_dump(mode="json"),
        "updated_at": clock.iso_now(),
        "updated_by": admin,
        "gsi1sk": f"{request.ends_on.isoformat()}#{announcement_id}",
    }
    repo.table.replace_live(item, conflict=f"announcement {announcement_id} was retired meanwhile")
    _cache.clear()
    return view(AnnouncementItem.from_item(item))


def retire(announcement_id: str, admin: str) -> Announcement:
    current = repo.table.get(AnnouncementItem.key_of(announcement_id), consistent=True)
    if current is None:
        raise NotFound(f"no announcement {announcement_id}", field="announcement_id")
    if AnnouncementItem.from_item(current).retired_at:
        return view(AnnouncementItem.from_item(current))
    item = {**current, "retired_at": clock.iso_now(), "retired_by": admin, "updated_at": clock.iso_now()}
    repo.table.put(item)
    _cache.clear()
    return view(AnnouncementItem.from_item(item))


def announcements(*, ending_from: date | None = None) -> list[AnnouncementItem]:
    """Every announcement (ending on or after `ending_from`), newest start first."""
    found = repo.table.query_all(
        keys.ANNOUNCEMENTS, index="GSI1", at_least=ending_from.isoformat() if ending_from else None
    )
    items = [AnnouncementItem.from_item(i) for i in found]
    return sorted(items, key=lambda i: (i.starts_on, i.created_at), reverse=True)


_cache: dict[str, Any] = {}


def active(today: date) -> list[Announcement]:
    """Active today, newest first: one query (of those not ended) per instance per minute."""
    cached = _cache.get("items")
    if cached is None or _cache.get("day") != today or time.monotonic() - _cache["at"] > _CACHE_SECONDS:
        cached = announcements(ending_from=today)
        _cache.update(items=cached, at=time.monotonic(), day=today)
    return [view(i, today) for i in cached if _status(i, today) == "active"]
