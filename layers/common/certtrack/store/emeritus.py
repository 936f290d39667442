"""The writes and the back-office list of Emeritus requests: a request is stored once (its key is the
certification and the day), and reversed once (a conditional update that also moves it to the
reversed list)."""

from typing import Any

from certtrack import keys
from certtrack.store.items.emeritus import EmeritusRequestItem
from certtrack.store.table import Operation, Table

REQUESTED, REVERSED = "requested", "reversed"

table = Table()


def request_op(request: EmeritusRequestItem) -> Operation:
    """The request (label `request`), for the transaction that counts it as a fact; refused when the
    same certification was requested that day already."""
    item = {
        **request.model_dump(exclude_none=True),
        "type": "emeritus_request",
        "gsi1pk": keys.emeritus_requests(REQUESTED),
        "gsi1sk": keys.emeritus_request_order(request.requested_on, request.candidate_id, request.cert_id),
    }
    return Operation.create(item, label="request")


def reverse_op(request: EmeritusRequestItem, *, reversed_on: str, reason: str, admin: str, now: str) -> Operation:
    """The reversal (label `reversal`): refused unless the request exists and was not reversed."""
    return Operation.update(
        request.key,
        "SET reversed_on = :on, reversed_at = :now, reversed_by = :admin, reversal_reason = :reason, gsi1pk = :gsi1pk",
        condition="attribute_exists(pk) AND attribute_not_exists(reversed_on)",
        values={
            ":on": reversed_on,
            ":now": now,
            ":admin": admin,
            ":reason": reason,
            ":gsi1pk": keys.emeritus_requests(REVERSED),
        },
        label="reversal",
    )


def requests(status: str, *, limit: int, start: dict[str, Any] | None) -> tuple[list[EmeritusRequestItem], Any]:
    """One page of the requests in `status`, newest first, and where the next page starts."""
    items, last = table.query(keys.emeritus_requests(status), index="GSI1", forward=False, limit=limit, start=start)
    return [EmeritusRequestItem.from_item(i) for i in items], last
