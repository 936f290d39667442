"""Candidate records in the single table: DB-entry shapes and the reads and writes they need."""

import secrets
from typing import Any

from certtrack import clock, keys
from certtrack.store.table import Item, Operation, Table

table = Table()


def new_id(prefix: str, digits: int = 8) -> str:
    """A random identifier such as CSCO12345678 (collisions are caught by conditional writes)."""
    return prefix + "".join(secrets.choice("0123456789") for _ in range(digits))


def candidate_key(candidate_id: str, sk: str) -> dict[str, str]:
    return {"pk": keys.candidate(candidate_id), "sk": sk}


def get_login(subject: str, *, consistent: bool = False) -> Item | None:
    return table.get(keys.login(subject), consistent=consistent)


def get_email_owner(email: str) -> str | None:
    item = table.get(keys.email(email))
    return item["candidate_id"] if item else None


def account_items(candidate_id: str) -> dict[str, Item]:
    """Profile, addresses and settings in one query, keyed by their sort key."""
    items, _ = table.query(keys.candidate(candidate_id), begins_with=keys.ACCOUNT_ITEMS)
    return {i["sk"]: i for i in items}


def get_profile(candidate_id: str) -> Item | None:
    return table.get(candidate_key(candidate_id, keys.profile()))


def profile_item(candidate_id: str, *, email: str, first_name: str, last_name: str, country: str, **extra: Any) -> Item:
    now = clock.iso_now()
    return {
        **candidate_key(candidate_id, keys.profile()),
        "type": "profile",
        "candidate_id": candidate_id,
        "email": email.strip().lower(),
        "first_name": first_name,
        "last_name": last_name,
        "country": country,
        "created_at": now,
        "updated_at": now,
        **extra,
    }


def create_candidate_ops(profile: Item, *, login_subject: str | None = None, state: str = "created") -> list[Operation]:
    """The writes that create a candidate record (and optionally its first sign-in), all or nothing."""
    cid = profile["candidate_id"]
    ops = [
        Operation.create(profile, label="profile"),
        Operation.create(
            {**keys.email(profile["email"]), "type": "email", "candidate_id": cid},
            label="email",
        ),
    ]
    if login_subject:
        ops.append(login_op(login_subject, cid, state, profile["email"], new=True))
    return ops


def login_item(subject: str, candidate_id: str | None, state: str, email: str) -> Item:
    return {
        **keys.login(subject),
        "type": "login",
        "subject": subject,
        "candidate_id": candidate_id,
        "state": state,
        "email": email.strip().lower(),
        "updated_at": clock.iso_now(),
    }


def login_op(subject: str, candidate_id: str | None, state: str, email: str, *, new: bool) -> Operation:
    item = login_item(subject, candidate_id, state, email)
    return Operation.create(item, label="login") if new else Operation.put(item, label="login")


def activity_op(candidate_id: str, kind: str, text: str, **data: Any) -> Operation:
    """An entry of the landing page's recent activity, written in the same transaction as its cause."""
    at = clock.iso_now()
    activity_id = secrets.token_hex(4)
    item = {
        **candidate_key(candidate_id, keys.activity(at, activity_id)),
        "type": "activity",
        "activity_id": activity_id,
        "kind": kind,
        "text": text,
        "at": at,
        **data,
    }
    return Operation.put(item, label="activity")
