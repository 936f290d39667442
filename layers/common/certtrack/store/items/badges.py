"""Digital badges and their status lists."""

from certtrack import keys
from certtrack.store.items.base import StoredItem, on_candidate


class BadgeItem(StoredItem):
    """One issued credential: the signed JWS as issued, and where its status bit is."""

    badge_id: str
    candidate_id: str
    cert_id: str
    name: str
    level: str
    valid_from: str
    valid_until: str | None = None
    issued_at: str
    jwt: str
    status_list: str
    status_index: int
    revoked_on: str | None = None
    revoked_reason: str | None = None

    @staticmethod
    def key_of(candidate_id: str, cert_id: str, valid_from: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.badge(cert_id, valid_from))


class StatusListItem(StoredItem):
    """A status list credential as last signed; `revision` counts the revoked indices it holds."""

    list_id: str
    jwt: str
    revision: int
    updated_at: str

    @staticmethod
    def key_of(list_id: str) -> dict[str, str]:
        return {"pk": keys.status_list(list_id), "sk": keys.status_list_credential()}
