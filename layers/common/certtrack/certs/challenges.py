"""Score challenges, as the candidate and the back office both see them."""

from typing import Literal

from certtrack.models import Model


class Challenge(Model):
    challenge_id: str
    candidate_id: str | None = None
    result_id: str
    exam_code: str
    reason: str
    status: Literal["open", "upheld", "denied"]
    created_at: str
    resolved_at: str | None = None
    resolution_note: str | None = None
