"""The CE ledger from one query of the candidate's stored facts, run through the certification
rules: a credit's status, and what it counted for, is what the rules make of it today, so the ledger
cannot disagree with the certifications it explains."""

from certtrack import keys
from certtrack.catalog import get_catalog
from certtrack.certs.events import evaluate_candidate
from certtrack.store.items.facts import CeCreditItem
from continuing_education.models import Credit, Cycle, Ledger

#: What the ledger shows of a stored credit, as stored.
_CREDIT_FIELDS = {"credit_id", "activity", "provider", "credits", "completed_on", "received_on"}


def ledger(candidate_id: str) -> Ledger:
    """Credits by completion date, newest first; a cycle for each certification held today that has
    an expiry date (without one there is nothing to recertify)."""
    evaluation, events = evaluate_candidate(candidate_id)
    credits = []
    for item in reversed([i for i in events if i["sk"].startswith(keys.CE_EVENTS)]):
        credit = CeCreditItem.from_item(item)
        state = evaluation.credits.get(credit.credit_id)
        credits.append(
            Credit(
                **credit.model_dump(
                    include={"credit_id", "activity", "provider", "credits", "completed_on", "received_on"}
                ),
                status=state.status if state else "pending",
                reason=state.reason if state else "",
                used_for=state.used_for if state else [],
            )
        )
    catalog = get_catalog()
    cycles = [
        Cycle(
            cert_id=s.cert_id,
            name=catalog.certifications[s.cert_id].name,
            status=s.status,
            earned=s.ce_in_cycle,
            required=s.ce_required,
            cycle_started_on=s.cycle_started_on,
            cycle_ends_on=s.expires_on,
        )
        for s in evaluation.current()
        if s.held and s.expires_on
    ]
    return Ledger(items=credits, certifications=cycles)
