"""Administrators' revocations of a certification."""

from certtrack import keys
from certtrack.store.items.base import StoredItem, on_candidate


class RevocationItem(StoredItem):
    """An administrator's revocation of a certification (a fact the rules engine replays)."""

    cert_id: str
    reason: str
    revoked_on: str
    revoked_at: str
    revoked_by: str

    @staticmethod
    def key_of(candidate_id: str, cert_id: str, revoked_on: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.revocation_event(cert_id, revoked_on))
