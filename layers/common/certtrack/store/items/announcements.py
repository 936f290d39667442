"""Announcements shown on the dashboard."""

from certtrack import keys
from certtrack.store.items.base import StoredItem


class AnnouncementItem(StoredItem):
    announcement_id: str
    title: str
    body: str
    format: str
    starts_on: str
    ends_on: str
    created_at: str
    updated_at: str
    created_by: str | None = None
    updated_by: str | None = None
    retired_at: str | None = None
    retired_by: str | None = None

    @staticmethod
    def key_of(announcement_id: str) -> dict[str, str]:
        return keys.announcement(announcement_id)
