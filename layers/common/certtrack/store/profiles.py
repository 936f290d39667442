"""Changes to a candidate's profile item. An update never creates a profile: a candidate record is
made whole by sign-up or mapping, so an update of a missing one fails its transaction."""

from collections.abc import Mapping
from typing import Any

from certtrack.store.items.account import ProfileItem
from certtrack.store.table import Operation


def update_op(candidate_id: str, changes: Mapping[str, Any], now: str) -> Operation:
    """Sets each changed attribute (None removes it) and `updated_at`, for the transaction that also
    writes the change's activity entry."""
    names = {f"#{name}": name for name in changes}
    values: dict[str, Any] = {":now": now}
    sets = ["updated_at = :now"]
    removes = []
    for name, value in changes.items():
        if value is None:
            removes.append(f"#{name}")
        else:
            sets.append(f"#{name} = :{name}")
            values[f":{name}"] = value
    expression = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes else "")
    return Operation.update(
        ProfileItem.key_of(candidate_id),
        expression,
        condition="attribute_exists(pk)",
        names=names,
        values=values,
        label="profile",
    )
