"""Support cases: opened by a sign-in (mapped or not), listed and resolved by administrators."""

import secrets
from typing import Any

from certtrack import clock, keys
from certtrack.accounts import repository as repo
from certtrack.accounts.mapping import MAPPED
from certtrack.errors import Conflict, NotFound
from certtrack.store import accounts as store_accounts
from certtrack.store.table import Item, Operation, TransactionConflict

OPEN, RESOLVED = "open", "resolved"


def open_case(subject: str, email: str, candidate_id: str | None, category: str, description: str) -> Item:
    """One open account-mapping case per sign-in: a second one is a 409 naming the first."""
    case_id = "SC-" + secrets.token_hex(5).upper()
    now = clock.iso_now()
    item = {
        **keys.support_case(case_id),
        "type": "support_case",
        "case_id": case_id,
        "subject": subject,
        "email": email.strip().lower(),
        "candidate_id": candidate_id,
        "category": category,
        "description": description,
        "status": OPEN,
        "created_at": now,
        "gsi1pk": keys.cases_by_status(OPEN),
        "gsi1sk": f"{now}#{case_id}",
        "gsi2pk": keys.cases_by_login(subject),
        "gsi2sk": f"CASE#{now}#{case_id}",
    }
    ops = [Operation.create(item, label="case")]
    if category == "account_mapping":
        ops.append(store_accounts.hold_mapping_case_op(subject, case_id))
    try:
        repo.table.transact(ops)
    except TransactionConflict as exc:
        if "login" in exc.failed:
            login = repo.get_login(subject, consistent=True) or {}
            raise Conflict(
                f"an account-mapping case is already open for this sign-in ({login.get('open_mapping_case', '?')})"
            ) from exc
        raise
    return item


def cases_of(subject: str) -> list[Item]:
    items, _ = repo.table.query(keys.cases_by_login(subject), index="GSI2", forward=False)
    return items


def cases_with_status(status: str, *, limit: int = 100, start: dict[str, Any] | None = None):
    return repo.table.query(keys.cases_by_status(status), index="GSI1", limit=limit, start=start)


def _open_case(case_id: str) -> Item:
    """The case, while open: 404 when unknown, 409 naming its state otherwise."""
    case = repo.table.get(keys.support_case(case_id), consistent=True)
    if case is None:
        raise NotFound(f"no support case {case_id}", field="case_id")
    if case["status"] != OPEN:
        raise Conflict(f"support case {case_id} is already {case['status']}")
    return case


def _not_a_mapping(case: Item, action: str) -> None:
    if case["category"] == "account_mapping":
        raise Conflict(
            f"support case {case['case_id']} is an account-mapping case:"
            f" map its sign-in to a record instead of {action}"
        )


def _close(case: Item, resolution: str, admin_subject: str, candidate_id: str | None, ops: list[Operation]) -> Item:
    """Resolves the open `case` together with `ops` (all or nothing); the case as resolved."""
    now = clock.iso_now()
    case_id = case["case_id"]
    resolve_op = store_accounts.resolve_case_op(
        keys.support_case(case_id),
        resolved=RESOLVED,
        resolution=resolution,
        admin_subject=admin_subject,
        now=now,
        candidate_id=candidate_id,
    )
    repo.table.transact([resolve_op, *ops], conflict=f"support case {case_id} changed meanwhile")
    return {**case, "status": RESOLVED, "resolution": resolution, "resolved_at": now, "candidate_id": candidate_id}


def change_name(
    case_id: str, candidate_id: str, first_name: str, last_name: str, admin_subject: str, note: str | None
) -> Item:
    """Resolves a name-change case by setting the record's verified name, both or neither."""
    case = _open_case(case_id)
    _not_a_mapping(case, "changing a name")
    if repo.get_profile(candidate_id) is None:
        raise NotFound(f"no candidate {candidate_id}", field="candidate_id")
    name = f"{first_name} {last_name}"
    ops = [
        store_accounts.rename_op(candidate_id, first_name, last_name, clock.iso_now()),
        repo.activity_op(candidate_id, "profile", f"Support changed the name on your record to {name}"),
    ]
    return _close(case, note or f"name on the record changed to {name}", admin_subject, candidate_id, ops)


def resolve(case_id: str, admin_subject: str, note: str) -> Item:
    """Resolves a case that needs no change on a record (a question answered), with the answer."""
    case = _open_case(case_id)
    _not_a_mapping(case, "closing it")
    return _close(case, note, admin_subject, case.get("candidate_id"), [])


def map_case(case_id: str, candidate_id: str, admin_subject: str, note: str | None) -> Item:
    """Links the case's sign-in to `candidate_id` and resolves the case, all or nothing."""
    case = _open_case(case_id)
    if repo.get_profile(candidate_id) is None:
        raise NotFound(f"no candidate {candidate_id}", field="candidate_id")
    subject = case["subject"]
    previous = repo.get_login(subject, consistent=True) or {}
    ops = [
        repo.login_op(subject, candidate_id, MAPPED, case["email"], new=False),
        store_accounts.add_login_op(candidate_id, subject, MAPPED),
        repo.activity_op(candidate_id, "account", "Support linked a new sign-in to your record"),
    ]
    if previous.get("candidate_id") and previous["candidate_id"] != candidate_id:
        ops.append(store_accounts.remove_login_op(previous["candidate_id"], subject))
    return _close(case, note or f"sign-in mapped to {candidate_id}", admin_subject, candidate_id, ops)
