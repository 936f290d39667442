"""Revoking a certification (misconduct): an administrator's decision, stored as a fact that the
rules engine replays, so every later evaluation keeps it revoked; the evaluation that follows
announces `CertificationRevoked`, which revokes the badges and emails the candidate."""

import contextlib
from typing import Any

from certtrack import clock
from certtrack.accounts import repository as repo
from certtrack.catalog import get_catalog
from certtrack.certs import evaluation
from certtrack.errors import Conflict, InvalidInput, NotFound
from certtrack.store import evaluations
from certtrack.store.items.derived import CertificationItem
from certtrack.store.items.revocations import RevocationItem
from certtrack.store.table import Operation, TransactionConflict

#: What can be revoked: a certification the candidate holds (Emeritus included).
HELD = frozenset({"active", "pending_agreement", "emeritus"})


def revoke(candidate_id: str, cert_id: str, reason: str, admin: str) -> tuple[dict[str, Any], bool]:
    """The revocation, and whether this request made it (False: it was revoked already, nothing
    changed)."""
    entry = get_catalog().certification(cert_id)
    if entry is None:
        raise InvalidInput(f"cert_id: {cert_id} is not a certification of the catalog", field="cert_id")
    if repo.get_profile(candidate_id) is None:
        raise NotFound(f"no candidate {candidate_id}")
    found = repo.table.get(CertificationItem.key_of(candidate_id, cert_id))
    cert = CertificationItem.from_item(found) if found else None
    if cert is not None and cert.status == "revoked" and cert.revoked_on:
        stored = repo.table.get(RevocationItem.key_of(candidate_id, cert_id, cert.revoked_on))
        if stored:
            return _view(candidate_id, entry.name, RevocationItem.from_item(stored)), False
    if cert is None or cert.status not in HELD:
        status = cert.status if cert else "not held"
        raise Conflict(
            f"{entry.name} is {status.replace('_', ' ')} for {candidate_id}: only a held certification can be revoked"
        )
    today = clock.today().isoformat()
    item = RevocationItem(
        **RevocationItem.key_of(candidate_id, cert_id, today),
        cert_id=cert_id,
        reason=reason,
        revoked_on=today,
        revoked_at=clock.iso_now(),
        revoked_by=admin,
    )
    # revoked earlier today (a conflict): evaluating again repairs whatever the first attempt left
    with contextlib.suppress(TransactionConflict):
        repo.table.transact(
            [
                Operation.create({**item.model_dump(), "type": "revocation"}, label="revocation"),
                evaluations.count_fact_op(candidate_id),
            ]
        )
    evaluation.evaluate(candidate_id)
    return _view(candidate_id, entry.name, item), True


def _view(candidate_id: str, name: str, item: RevocationItem) -> dict[str, Any]:
    return {
        "candidate_id": candidate_id,
        "cert_id": item.cert_id,
        "name": name,
        "reason": item.reason,
        "revoked_on": item.revoked_on,
        "revoked_by": item.revoked_by,
        "status": "revoked",
    }
