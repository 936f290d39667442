"""The conditional writes of the anniversary benefit: granted once per candidate, claimed once with
its one-time token (which the claim removes, so it can never be used again)."""

from collections.abc import Mapping
from typing import Any

from certtrack.store.shipments import AWAITING_SET, awaiting_values
from certtrack.store.table import Item, Operation, Table

table = Table()


def grant_op(benefit: Item) -> Operation:
    """The benefit (label `benefit`; refused when the candidate already has it)."""
    return Operation.create(benefit, label="benefit")


def claim(
    key: Mapping[str, str],
    *,
    candidate_id: str,
    available: str,
    ordered: str,
    token: str,
    claimed_at: str,
    ship_to: dict[str, Any],
    size: str,
    items: list[str],
    entry: dict[str, Any],
) -> Item:
    """Available → ordered while `token` is still the benefit's, removing the token and marking the
    claim as awaiting the fulfillment worker; a `Conflict` when it was claimed already."""
    return table.update(
        key,
        "SET #s = :ordered, claimed_at = :now, ship_to = :address, #size = :size, #items = :items,"
        f" history = list_append(history, :entry), {AWAITING_SET} REMOVE #token",
        condition="#s = :available AND #token = :token",
        names={"#s": "status", "#token": "token", "#items": "items", "#size": "size"},
        values={
            ":ordered": ordered,
            ":available": available,
            ":token": token,
            ":now": claimed_at,
            ":address": ship_to,
            ":size": size,
            ":items": items,
            ":entry": [entry],
            **awaiting_values(claimed_at, candidate_id, key["sk"]),
        },
    )
