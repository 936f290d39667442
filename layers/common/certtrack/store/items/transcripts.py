"""Shared transcripts and their views."""

from typing import Literal

from certtrack import keys
from certtrack.store.items.base import StoredItem, on_candidate


class TranscriptItem(StoredItem):
    """A transcript shared with a third party: what it discloses, until when, and how often it was
    seen. The link's token and the verification code are kept only as keyed hashes."""

    transcript_id: str
    candidate_id: str
    recipient: str | None = None
    #: None: every certification held, as of each viewing.
    cert_ids: list[str] | None = None
    include_exams: bool = False
    include_scores: bool = False
    created_at: str
    expires_on: str
    code_hash: str
    revoked_at: str | None = None
    views: int = 0
    last_viewed_at: str | None = None

    @staticmethod
    def key_of(candidate_id: str, transcript_id: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.transcript(transcript_id))


class TranscriptViewItem(StoredItem):
    """One successful viewing; the viewer's address only as a keyed hash."""

    transcript_id: str
    at: str
    how: Literal["link", "code"]
    user_agent: str | None = None
    country: str | None = None
    viewer: str
