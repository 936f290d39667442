"""The writes and look-ups of digital badges and their status lists.

A badge is keyed by its certification cycle, so issuing the same cycle twice is refused by the
table; its random public id is a GSI1 key. A status list lives in its own partition: one item per
index taken (so no index is given twice), one marker per revoked index (the list is rebuilt from
these), and the list credential as last signed.
"""

from typing import Any

from certtrack import keys
from certtrack.errors import Conflict
from certtrack.store.items.account import ProfileItem
from certtrack.store.items.badges import BadgeItem, StatusListItem
from certtrack.store.items.derived import CertificationItem
from certtrack.store.table import Item, Operation, Table, TransactionConflict

table = Table()


def allocate() -> int:
    """The next issuance's sequence number (1, 2, ...): which list it goes into follows from it."""
    item = table.update(keys.STATUS_ALLOCATION, "ADD issued :one", values={":one": 1})
    return int(item["issued"])


def allocated() -> int:
    item = table.get(keys.STATUS_ALLOCATION)
    return int(item["issued"]) if item else 0


def issue(badge: Item, list_id: str, index: int) -> None:
    """The badge and its status index, together; a `TransactionConflict` names which was taken
    (`badge`: this cycle has its badge already; `slot`: the random index was drawn before)."""
    slot = {
        "pk": keys.status_list(list_id),
        "sk": keys.status_slot(index),
        "candidate_id": badge["candidate_id"],
        "badge_id": badge["badge_id"],
    }
    table.transact(
        [Operation.create(badge, label="badge"), Operation.create(slot, label="slot")],
        conflict="the badge or its status index exists already",
    )


def badge_item(badge: BadgeItem) -> Item:
    return {**badge.model_dump(exclude_none=True), "type": "badge", **keys.badge_by_id(badge.badge_id)}


def get(candidate_id: str, cert_id: str, valid_from: str) -> BadgeItem | None:
    found = table.get(BadgeItem.key_of(candidate_id, cert_id, valid_from))
    return BadgeItem.from_item(found) if found else None


def of_candidate(candidate_id: str, cert_id: str | None = None) -> list[BadgeItem]:
    """The candidate's badges (of one certification), every page."""
    prefix = keys.badges_of(cert_id) if cert_id else keys.BADGE_PREFIX
    return [BadgeItem.from_item(i) for i in table.query_all(keys.candidate(candidate_id), begins_with=prefix)]


def by_id(badge_id: str) -> BadgeItem | None:
    page, _ = table.query(keys.badge_by_id(badge_id)["gsi1pk"], index="GSI1", limit=1)
    return BadgeItem.from_item(page[0]) if page else None


def revoke(badge: BadgeItem, revoked_on: str, reason: str) -> bool:
    """Marks the badge revoked and its index revoked, together; False when it was revoked before."""
    marker = {
        "pk": keys.status_list(badge.status_list),
        "sk": keys.revoked_slot(badge.status_index),
        "badge_id": badge.badge_id,
        "revoked_on": revoked_on,
    }
    try:
        table.transact(
            [
                Operation.update(
                    badge.key,
                    "SET revoked_on = :on, revoked_reason = :reason",
                    condition="attribute_exists(pk) AND attribute_not_exists(revoked_on)",
                    values={":on": revoked_on, ":reason": reason},
                    label="badge",
                ),
                Operation.put(marker, label="marker"),
            ],
            conflict="the badge is revoked already",
        )
    except TransactionConflict:
        return False
    return True


def revoked_indices(list_id: str) -> list[int]:
    slots = table.query_all(keys.status_list(list_id), begins_with=keys.REVOKED_SLOTS)
    return [int(i["sk"].removeprefix(keys.REVOKED_SLOTS)) for i in slots]


def status_list(list_id: str) -> StatusListItem | None:
    found = table.get(StatusListItem.key_of(list_id))
    return StatusListItem.from_item(found) if found else None


def save_status_list(item: StatusListItem) -> bool:
    """Stores a newly signed list unless one holding at least as many revocations is stored (two
    rebuilds racing: the one that saw more wins, since revocations are only ever added)."""
    values: dict[str, Any] = {":revision": item.revision}
    try:
        table.put(
            {**item.model_dump(), "type": "status_list"},
            condition="attribute_not_exists(pk) OR revision < :revision",
            values=values,
        )
    except Conflict:
        return False
    return True


def issuance_inputs(candidate_id: str, cert_id: str) -> tuple[ProfileItem | None, CertificationItem | None]:
    """The holder's profile and the certification, in one round trip."""
    found = {
        i["sk"]: i
        for i in table.batch_get([ProfileItem.key_of(candidate_id), CertificationItem.key_of(candidate_id, cert_id)])
    }
    profile = found.get(keys.profile())
    cert = found.get(keys.certification(cert_id))
    return (
        ProfileItem.from_item(profile) if profile else None,
        CertificationItem.from_item(cert) if cert else None,
    )
