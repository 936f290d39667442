"""A candidate's challenge of an exam result."""

from typing import Literal

from certtrack import keys
from certtrack.store.items.base import StoredItem, on_candidate


class ChallengeItem(StoredItem):
    challenge_id: str
    candidate_id: str
    result_id: str
    exam_code: str
    reason: str
    status: Literal["open", "upheld", "denied"]
    created_at: str
    resolved_at: str | None = None
    resolution_note: str | None = None
    resolved_by: str | None = None

    @staticmethod
    def key_of(candidate_id: str, created_at: str, challenge_id: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.challenge(created_at, challenge_id))
