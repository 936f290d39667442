"""The conditional writes of a shipment (kit or anniversary benefit) from its claim to its delivery.

Each condition is a rule of the flow: a kit is claimed once (any number of concurrent claims order
one), a refused hand-off is undone only while the claim is still ours and not at the vendor, the
vendor's order id is stored once, and a vendor's report moves the item only from the state it was
read in. The statuses themselves belong to `certtrack.shipping`; callers pass the ones compared.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from certtrack import keys
from certtrack.store.items.derived import CertificationItem
from certtrack.store.table import Item, Operation, Table, TransactionConflict

#: What a claim sets until the fulfillment worker receives its message (`keys.awaiting_order`).
AWAITING_SET = "gsi1pk = :gsi1pk, gsi1sk = :gsi1sk"

table = Table()


def awaiting_values(claimed_at: str, candidate_id: str, item_sk: str) -> dict[str, str]:
    """The values of `AWAITING_SET` for one claim."""
    return {f":{name}": value for name, value in keys.awaiting_order(claimed_at, candidate_id, item_sk).items()}


def create_kit(kit: Item, unclaimed: Item) -> bool:
    """A new kit and its unclaimed marker, both or neither; False when the kit exists (the marker is
    then left as the kit's own claim left it)."""
    try:
        table.transact([Operation.create(kit, label="kit"), Operation.put(unclaimed, label="unclaimed")])
    except TransactionConflict:
        return False
    return True


def claim_kit(
    kit: Item,
    *,
    certification: Mapping[str, str],
    active: str,
    today: str,
    pending: str,
    ordered: str,
    claimed_at: str,
    ship_to: dict[str, Any],
    entry: dict[str, Any],
    candidate_id: str,
    engraving_name: str | None = None,
) -> Item:
    """Pending → ordered, with the address, the name to engrave (kits with an engraved item) and the
    awaiting-worker keys, in one transaction with a check that the certification the kit comes with
    is `active` and its cycle has not ended before `today` (the stored status is as last evaluated,
    and the day a cycle ends re-evaluates no one): a certification that lapses, or is revoked, while
    the claim is on its way never ships a kit. The kit's unclaimed marker goes in the same
    transaction. A `TransactionConflict` whose `failed` names `kit` (missing, or no longer pending:
    another claim won) and/or `certification`; otherwise the kit as the claim leaves it."""
    key = {"pk": kit["pk"], "sk": kit["sk"]}
    engraving = ", engraving_name = :engraving" if engraving_name else ""
    awaiting = awaiting_values(claimed_at, candidate_id, key["sk"])
    table.transact(
        [
            Operation.update(
                key,
                f"SET #s = :ordered, claimed_at = :now, ship_to = :address, history = list_append(history, :entry), "
                f"{AWAITING_SET}{engraving}",
                condition="attribute_exists(pk) AND #s = :pending",
                names={"#s": "status"},
                values={
                    ":ordered": ordered,
                    ":pending": pending,
                    ":now": claimed_at,
                    ":address": ship_to,
                    ":entry": [entry],
                    **awaiting,
                    **({":engraving": engraving_name} if engraving_name else {}),
                },
                label="kit",
            ),
            Operation.check(
                certification,
                CertificationItem.ACTIVE_ON,
                names={"#s": "status"},
                values={":active": active, ":today": today},
                label="certification",
            ),
            Operation.delete({"pk": kit["pk"], "sk": keys.unclaimed_kit(kit["kit_id"])}, label="unclaimed"),
        ],
        conflict="the kit or its certification changed meanwhile",
    )
    return {
        **kit,
        "status": ordered,
        "claimed_at": claimed_at,
        "ship_to": ship_to,
        "history": [*kit.get("history", []), entry],
        **{name.removeprefix(":"): value for name, value in awaiting.items()},
        **({"engraving_name": engraving_name} if engraving_name else {}),
    }


def undo_claim(before: Item, *, ordered: str, claimed_at: str, restore: Sequence[Item] = ()) -> None:
    """Puts a claimed item back as it was, only while it is still this claim's and has no order, with
    what the claim removed beside it (`restore`: a kit's unclaimed marker), all or nothing."""
    table.transact(
        [
            Operation.put(
                before,
                condition="#s = :ordered AND claimed_at = :claimed_at AND attribute_not_exists(order_id)",
                names={"#s": "status"},
                values={":ordered": ordered, ":claimed_at": claimed_at},
                label="claimed",
            ),
            *(Operation.put(item, label="restored") for item in restore),
        ],
        conflict="the claim moved on meanwhile",
    )


def leave_awaiting(key: Mapping[str, str]) -> None:
    """Takes the claim out of the index of claims whose message has not reached the worker."""
    table.update(key, "REMOVE gsi1pk, gsi1sk")


def record_order_ops(
    key: Mapping[str, str], *, candidate_id: str, order_id: str, ordered_at: str, entry: dict[str, Any]
) -> list[Operation]:
    """The order id on the item (label `kit`; refused once it has one) and the order's pointer (label
    `pointer`; refused once it exists), for one transaction."""
    return [
        Operation.update(
            key,
            "SET order_id = :order, ordered_at = :now, history = list_append(history, :entry)",
            condition="attribute_not_exists(order_id)",
            values={":order": order_id, ":now": ordered_at, ":entry": [entry]},
            label="kit",
        ),
        Operation.create(
            {**keys.order_pointer(order_id), "candidate_id": candidate_id, "item_sk": key["sk"]}, label="pointer"
        ),
    ]


def vendor_update_op(
    key: Mapping[str, str], *, status: str, before: str, entry: dict[str, Any], changes: Mapping[str, Any]
) -> Operation:
    """The vendor's report (label `kit`): the new status, its history entry and `changes`, only while
    the item is still in the status it was read in."""
    names = {"#s": "status", **{f"#{n}": n for n in changes}}
    values: dict[str, Any] = {":status": status, ":before": before, ":entry": [entry]}
    values.update({f":{n}": v for n, v in changes.items()})
    sets = ", ".join(["#s = :status", "history = list_append(history, :entry)", *(f"#{n} = :{n}" for n in changes)])
    return Operation.update(key, "SET " + sets, condition="#s = :before", names=names, values=values, label="kit")
