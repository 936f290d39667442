"""Look-ups by another identifier to the candidate's item."""

from certtrack.store.items.base import StoredItem, on_candidate


class PointerItem(StoredItem):
    """A look-up by another identifier (result, credit, challenge, order id) → the candidate's item."""

    candidate_id: str
    item_sk: str
    digest: str | None = None

    @property
    def target(self) -> dict[str, str]:
        return on_candidate(self.candidate_id, self.item_sk)
