"""A candidate's calendar feed and the pointer its secret address resolves by."""

from certtrack import keys
from certtrack.store.items.base import StoredItem, on_candidate


class CalendarFeedRefItem(StoredItem):
    """The candidate's current secret calendar address, by the hash of its token."""

    token_hash: str
    created_at: str

    @staticmethod
    def key_of(candidate_id: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.calendar_feed_of_candidate())


class CalendarFeedItem(StoredItem):
    candidate_id: str
    created_at: str

    @staticmethod
    def key_of(token_hash: str) -> dict[str, str]:
        return keys.calendar_feed(token_hash)
