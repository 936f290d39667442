"""Support cases (a sign-in that cannot be mapped, a name change)."""

from certtrack import keys
from certtrack.store.items.base import StoredItem


class SupportCaseItem(StoredItem):
    case_id: str
    subject: str
    email: str
    candidate_id: str | None = None
    category: str
    description: str
    status: str
    created_at: str
    resolution: str | None = None
    resolved_at: str | None = None
    resolved_by: str | None = None

    @staticmethod
    def key_of(case_id: str) -> dict[str, str]:
        return keys.support_case(case_id)
