"""What every stored item kind shares: tolerance of unnamed attributes, deferred validators, its key."""

from collections.abc import Mapping
from typing import Any, Self

from pydantic import BaseModel, ConfigDict

from certtrack import keys
from certtrack.store.table import plain


class StoredItem(BaseModel):
    """Base of every item kind: built on first use (cold start), tolerant of attributes it does not
    name."""

    model_config = ConfigDict(defer_build=True, extra="ignore")

    pk: str
    sk: str

    @classmethod
    def from_item(cls, raw: Mapping[str, Any]) -> Self:
        """The item as DynamoDB returned it; numbers come back as ints and floats."""
        return cls.model_validate(plain(dict(raw)))

    @property
    def key(self) -> dict[str, str]:
        return {"pk": self.pk, "sk": self.sk}


def on_candidate(candidate_id: str, sk: str) -> dict[str, str]:
    """The key of an item in the candidate's partition (most kinds live there)."""
    return {"pk": keys.candidate(candidate_id), "sk": sk}
