"""Expert tenure (Cisco's CCIE Emeritus): the holder's request for Emeritus status, and an
administrator's reversal of it.

Both are facts the rules engine replays (`certtrack.rules.engine.EmeritusRequest`), so every later
evaluation keeps them: each is stored with the `D#STATE` count in one transaction, then evaluated
inline (the caller waits for the status it changed), which writes the history and publishes its
events. The request is checked here against the same rules the engine applies, so a refused one is
a 409 naming the rule rather than a stored fact that changes nothing.
"""

from datetime import date

from certtrack import clock, keys
from certtrack.accounts import repository as repo
from certtrack.catalog import Certification, Tenure, get_catalog
from certtrack.certs import evaluation
from certtrack.certs.events import evaluate_candidate
from certtrack.errors import Conflict, InvalidInput, NotFound
from certtrack.rules.engine import CertState, whole_years
from certtrack.store import emeritus as store
from certtrack.store import evaluations
from certtrack.store.items.emeritus import EmeritusRequestItem
from certtrack.store.table import Item, TransactionConflict


def request(candidate_id: str, cert_id: str) -> tuple[CertState, bool]:
    """The certification once Emeritus is requested, and whether this call made the request (False:
    it stood already, or Emeritus has begun; nothing changed)."""
    entry, rules = _tenure_rules(cert_id)
    found, _ = evaluate_candidate(candidate_id)
    state = found.certifications.get(cert_id)
    if state is not None and (state.emeritus_requested_on or state.emeritus_since):
        return state, False
    today = clock.today()
    _check_eligible(entry, rules, state, today)
    item = EmeritusRequestItem(
        **EmeritusRequestItem.key_of(candidate_id, cert_id, today.isoformat()),
        candidate_id=candidate_id,
        cert_id=cert_id,
        requested_on=today.isoformat(),
        requested_at=clock.iso_now(),
    )
    try:
        repo.table.transact([store.request_op(item), evaluations.count_fact_op(candidate_id)])
    except TransactionConflict:
        stored = repo.table.get(item.key, consistent=True)
        if stored is not None and EmeritusRequestItem.from_item(stored).reversed_on:
            raise Conflict(
                f"your Emeritus request for {entry.name} of today was reversed by an administrator: "
                "open a support case, or request it again from tomorrow",
                code="emeritus_reversed_today",
            ) from None
        # made by a concurrent request: evaluating again repairs whatever that one left unfinished
    return evaluation.evaluate(candidate_id).certifications[cert_id], True


def _tenure_rules(cert_id: str) -> tuple[Certification, Tenure]:
    catalog = get_catalog()
    entry = catalog.certification(cert_id)
    if entry is None:
        raise NotFound(f"no certification {cert_id}", field="cert_id")
    rules = catalog.level(entry.level).tenure
    if rules is None:
        with_tenure = sorted({c.level for c in catalog.certifications.values() if catalog.level(c.level).tenure})
        raise Conflict(
            f"{entry.name} is a {entry.level} certification: Emeritus status is for {' and '.join(with_tenure)}"
            " certifications",
            code="emeritus_level",
        )
    return entry, rules


def _check_eligible(entry: Certification, rules: Tenure, state: CertState | None, today: date) -> None:
    """The rule the request breaks, as a 409: the certification must be active and held without a
    break for the catalog's years."""
    if state is None or not state.held:
        status = state.status.replace("_", " ") if state is not None else "not held"
        raise Conflict(f"{entry.name} is {status}: only an active certification can go Emeritus", code="not_active")
    if state.status != "active":
        raise Conflict(
            f"{entry.name} is pending the certification agreement: accept it first",
            code="pending_agreement",
        )
    held_since: date = state.earned_on  # type: ignore[assignment]
    eligible_from: date = state.emeritus_eligible_from  # type: ignore[assignment]
    if today < eligible_from:
        years = whole_years(held_since, today)
        raise Conflict(
            f"{entry.name} has been held without a break for {years} year{'s' if years != 1 else ''} (since"
            f" {held_since.isoformat()}): Emeritus needs {rules.emeritus_after_years}, so it can be requested"
            f" from {eligible_from.isoformat()}",
            code="emeritus_tenure",
        )


def reverse(candidate_id: str, cert_id: str, reason: str, admin: str) -> tuple[EmeritusRequestItem, bool]:
    """An administrator's reversal of the candidate's latest Emeritus request of the certification,
    and whether this call made it (False: it was reversed already, nothing changed)."""
    entry = get_catalog().certification(cert_id)
    if entry is None:
        raise InvalidInput(f"cert_id: {cert_id} is not a certification of the catalog", field="cert_id")
    if repo.get_profile(candidate_id) is None:
        raise NotFound(f"no candidate {candidate_id}")
    found, items = evaluate_candidate(candidate_id)
    latest = _latest_request(items, cert_id)
    if latest is None:
        raise NotFound(f"{candidate_id} never requested Emeritus status for {entry.name}", field="cert_id")
    if latest.reversed_on:
        return latest, False
    state = found.certifications.get(cert_id)
    if state is not None and state.lifetime_since is not None:
        raise Conflict(
            f"{entry.name} is lifetime Emeritus since {state.lifetime_since.isoformat()}: that rests on the years"
            " held, not on the request, and is not reversed",
            code="lifetime_emeritus",
        )
    today, now = clock.today().isoformat(), clock.iso_now()
    try:
        repo.table.transact(
            [
                store.reverse_op(latest, reversed_on=today, reason=reason, admin=admin, now=now),
                evaluations.count_fact_op(candidate_id),
            ]
        )
    except TransactionConflict:  # reversed meanwhile by another request: that one stands
        stored = repo.table.get(latest.key, consistent=True)
        if stored is None:
            raise
        return EmeritusRequestItem.from_item(stored), False
    evaluation.evaluate(candidate_id)
    reversed_ = latest.model_copy(
        update={"reversed_on": today, "reversed_at": now, "reversed_by": admin, "reversal_reason": reason}
    )
    return reversed_, True


def _latest_request(items: list[Item], cert_id: str) -> EmeritusRequestItem | None:
    prefix = keys.emeritus_events_of(cert_id)
    requests = [EmeritusRequestItem.from_item(i) for i in items if i["sk"].startswith(prefix)]
    return max(requests, key=lambda r: r.requested_on, default=None)


def requests(status: str, start: dict | None, limit: int = 100) -> tuple[list[EmeritusRequestItem], dict | None]:
    """The back office's list: requests in one state (`requested`, `reversed`), newest first."""
    return store.requests(status, limit=limit, start=start)
