"""Requests for emeritus status."""

from certtrack import keys
from certtrack.store.items.base import StoredItem, on_candidate


class EmeritusRequestItem(StoredItem):
    """A holder's Emeritus request (a fact the rules engine replays), with an administrator's
    reversal once there is one; GSI1 lists the requests by state for the back office."""

    candidate_id: str
    cert_id: str
    requested_on: str
    requested_at: str
    reversed_on: str | None = None
    reversed_at: str | None = None
    reversed_by: str | None = None
    reversal_reason: str | None = None

    @staticmethod
    def key_of(candidate_id: str, cert_id: str, requested_on: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.emeritus_event(cert_id, requested_on))
