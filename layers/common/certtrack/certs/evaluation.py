"""The evaluator: a candidate's certifications re-derived from the stored facts, and what changed
announced as domain events.

Every fact (exam result, CE credit, agreement acceptance, revocation, Emeritus request) is stored
first; a partner's fact then puts an "evaluate this candidate" message on a FIFO queue (message group
= candidate, so one candidate's evaluations never run side by side), while the candidate's and the
administrators' own decisions are evaluated inline through the same code. The evaluator replays the
facts through the rules engine and brings the derived items in line: the certification items (which
carry the expiration index the reminders job reads), one history item per certification change and
its activity entry for the landing page. Each new history item is announced by a domain event,
written as an outbox item in the same guarded transaction, then published on the bus and deleted.
The outcome depends only on the stored facts and the clock: a repeated message writes nothing new and
publishes only what is still in the outbox, so any failure on the way is repaired by the next
delivery. A concurrent fact is caught by an optimistic version check on `D#STATE` and the
evaluation runs again.
"""

import hashlib
from typing import Any

from certtrack import clock, domain_events, keys
from certtrack.accounts import repository as repo
from certtrack.catalog import get_catalog
from certtrack.certs.events import evaluate_items, partition
from certtrack.domain_events import DomainEvent
from certtrack.errors import Conflict
from certtrack.observability import logger
from certtrack.rules.engine import Evaluation
from certtrack.settings import get_settings
from certtrack.store import bus, evaluations, queues
from certtrack.store.items.derived import EvaluationStateItem
from certtrack.store.table import Item, Operation

_ATTEMPTS = 5
_CHUNK = 90


def fact_ops(candidate_id: str, event: DomainEvent) -> list[Operation]:
    """Part of every transaction that adds a fact: the version the derived state is checked against,
    and the event that announces the fact."""
    return [
        evaluations.count_fact_op(candidate_id),
        domain_events.outbox_put(event),
    ]


def request(candidate_id: str, reason: str) -> None:
    """Queues an evaluation of the candidate. `reason` (the fact's id) deduplicates: the same fact
    announced twice within SQS's five-minute window is one message; a later repeat is a second
    evaluation, which changes nothing that is already right."""
    queues.send(
        get_settings().require("evaluations_queue_url"),
        {"candidate_id": candidate_id},
        group=candidate_id,
        dedup=domain_events.event_id(candidate_id, reason),
    )


def evaluate(candidate_id: str) -> Evaluation:
    """Brings the candidate's derived items in line with their facts, then publishes every event
    still in the outbox (this evaluation's and any an earlier one failed to publish)."""
    for _ in range(_ATTEMPTS):
        items = partition(candidate_id)
        stored = next((i for i in items if i["sk"] == keys.evaluation_state()), None)
        state = EvaluationStateItem.from_item(stored) if stored else None
        evaluation = evaluate_items([i for i in items if i["sk"].startswith(keys.EVENTS)])
        try:
            announced = _write(candidate_id, evaluation, items, state)
        except Conflict:
            logger.info("evaluation raced with a new fact; again")
            continue
        pending = [domain_events.from_outbox(i) for i in items if i["sk"].startswith(keys.OUTBOX_PREFIX)]
        _publish([*pending, *announced])
        return evaluation
    raise Conflict("the candidate's record kept changing; the evaluation is retried")


def _publish(events: list[DomainEvent]) -> None:
    if not events:
        return
    unique = list({e.event_id: e for e in events}.values())
    bus.publish(domain_events.SOURCE, [(e.type, e.model_dump(mode="json")) for e in unique])
    repo.table.delete_many([repo.candidate_key(e.candidate_id, keys.outbox(e.event_id)) for e in unique])
    logger.info("events published", extra={"events": [e.type for e in unique]})


def _desired(candidate_id: str, evaluation: Evaluation) -> dict[str, Item]:
    catalog = get_catalog()
    out: dict[str, Item] = {}
    firsts = [c.first_earned_on for c in evaluation.certifications.values() if c.first_earned_on]
    if firsts:
        first = min(firsts).isoformat()
        out[keys.first_certification()] = {
            **repo.candidate_key(candidate_id, keys.first_certification()),
            "type": "first_certification",
            "candidate_id": candidate_id,
            "first_certified_on": first,
            "gsi2pk": keys.first_certified_on(first),
            "gsi2sk": candidate_id,
        }
    for cert in evaluation.certifications.values():
        entry = catalog.certifications[cert.cert_id]
        item: Item = {
            **repo.candidate_key(candidate_id, keys.certification(cert.cert_id)),
            "type": "certification",
            "cert_id": cert.cert_id,
            "candidate_id": candidate_id,
            "name": entry.name,
            "level": entry.level,
            "status": cert.status,
            "earned_on": _iso(cert.earned_on),
            "first_earned_on": _iso(cert.first_earned_on),
            "expires_on": _iso(cert.expires_on),
            "kit": entry.kit,
            "cycle_started_on": _iso(cert.cycle_started_on),
            "ce_in_cycle": cert.ce_in_cycle,
            "ce_required": cert.ce_required,
            "revoked_on": _iso(cert.revoked_on),
            "revoked_reason": cert.revoked_reason,
            "emeritus_eligible_from": _iso(cert.emeritus_eligible_from),
            "lifetime_emeritus_from": _iso(cert.lifetime_from),
            "emeritus_requested_on": _iso(cert.emeritus_requested_on),
            "emeritus_since": _iso(cert.emeritus_since),
            "lifetime_emeritus_since": _iso(cert.lifetime_since),
        }
        if cert.expires_on and cert.earned_on:
            item["gsi2pk"] = keys.expirations_on(cert.expires_on.isoformat())
            item["gsi2sk"] = f"{cert.cert_id}#{candidate_id}"
        out[item["sk"]] = item
        for entry_ in cert.history:
            sk = keys.history(cert.cert_id, entry_.on.isoformat(), entry_.kind)
            out[sk] = {
                **repo.candidate_key(candidate_id, sk),
                "type": "history",
                "cert_id": cert.cert_id,
                "on": entry_.on.isoformat(),
                "kind": entry_.kind,
                "detail": entry_.detail,
            }
            activity = _activity(candidate_id, sk, entry.name, entry_.kind, entry_.detail, entry_.on.isoformat())
            out[activity["sk"]] = activity
    return out


_WORDS = {
    "earned": "Earned {name}",
    "recertified": "{name} renewed",
    "expired": "{name} expired",
    "agreement": "{name} is active: certification agreement accepted",
    "revoked": "{name} revoked",
    "emeritus_requested": "{name}: Emeritus requested",
    "emeritus": "{name} Emeritus",
    "lifetime_emeritus": "{name}: lifetime Emeritus",
    "emeritus_reversed": "{name}: Emeritus request reversed",
}


def _activity(candidate_id: str, history_sk: str, name: str, kind: str, detail: str, on: str) -> Item:
    digest = hashlib.sha256(history_sk.encode()).hexdigest()[:12]
    sk = keys.activity(f"{on}T00:00:00.000+00:00", f"h{digest}")
    return {
        **repo.candidate_key(candidate_id, sk),
        "type": "activity",
        "activity_id": f"h{digest}",
        "kind": "certification",
        "text": _WORDS.get(kind, "{name}: " + kind).format(name=name),
        "detail": detail,
        "at": f"{on}T00:00:00.000+00:00",
        "source": history_sk,
    }


def _derived_existing(items: list[Item]) -> dict[str, Item]:
    return {
        i["sk"]: i
        for i in items
        if (i["sk"].startswith(keys.DERIVED) and i["sk"] != keys.evaluation_state())
        or (i["sk"].startswith(keys.ACTIVITY_PREFIX) and i.get("source"))
    }


def _write(
    candidate_id: str, evaluation: Evaluation, items: list[Item], state: EvaluationStateItem | None
) -> list[DomainEvent]:
    """Brings the derived items in line; returns the events of the new history, written to the
    outbox in the same transaction as the history they announce."""
    desired = _desired(candidate_id, evaluation)
    existing = _derived_existing(items)
    units: list[list[Operation]] = []
    announced: list[DomainEvent] = []
    for sk, item in desired.items():
        if _comparable(existing.get(sk)) == _comparable(item):
            continue
        unit = [Operation.put(item, label=sk)]
        if item["type"] == "history" and sk not in existing:
            event = _history_event(candidate_id, item, evaluation)
            announced.append(event)
            unit.append(domain_events.outbox_put(event))
        units.append(unit)
    for sk in existing.keys() - desired.keys():
        units.append([Operation.delete(repo.candidate_key(candidate_id, sk), label=sk)])
    if not units:
        return []
    guard = evaluations.guard_op(candidate_id, state, clock.iso_now())
    for chunk in _chunks(units):
        repo.table.transact([guard, *chunk], conflict="a newer fact arrived during evaluation")
        guard = evaluations.unchanged_op(candidate_id, state)
    return announced


def _chunks(units: list[list[Operation]]) -> list[list[Operation]]:
    """Transactions of at most `_CHUNK` writes that never split a history item from its event."""
    chunks: list[list[Operation]] = [[]]
    for unit in units:
        if len(chunks[-1]) + len(unit) > _CHUNK:
            chunks.append([])
        chunks[-1].extend(unit)
    return chunks


def _history_event(candidate_id: str, history: Item, evaluation: Evaluation) -> DomainEvent:
    cert = evaluation.certifications[history["cert_id"]]
    entry = get_catalog().certifications[cert.cert_id]
    firsts = [c.first_earned_on for c in evaluation.certifications.values() if c.first_earned_on]
    # "the 2nd renewal of CCNA": stable when a late fact moves the day it happened, which gives the
    # history item (and the event) a new key; consumers that must act once per occurrence key on it
    same_kind = sorted(h.on.isoformat() for h in cert.history if h.kind == history["kind"])
    occurrence = f"{history['kind']}-{same_kind.index(history['on']) + 1}"
    return DomainEvent(
        event_id=domain_events.event_id(candidate_id, history["sk"]),
        type=domain_events.FROM_HISTORY[history["kind"]],
        candidate_id=candidate_id,
        on=history["on"],
        cert_id=cert.cert_id,
        data={
            "name": entry.name,
            "level": entry.level,
            "kit": entry.kit,
            "status": cert.status,
            "earned_on": _iso(cert.earned_on),
            "expires_on": _iso(cert.expires_on),
            "first_certified_on": _iso(min(firsts)) if firsts else None,
            "detail": history["detail"],
            "occurrence": occurrence,
        },
    )


def _comparable(item: Item | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {k: v for k, v in item.items() if v is not None}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None
