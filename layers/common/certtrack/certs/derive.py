"""After a new fact: re-evaluate the candidate and bring the derived items in line with the engine.

Derived items are the certification items (which carry the expiration index the reminders job
reads) and one history item per certification change, each with an activity entry for the landing
page. Keys are deterministic, so a rerun writes nothing new; a concurrent evaluation is caught by
an optimistic version check on `D#STATE` and retried, so a stale evaluation never wins.
"""

import hashlib
from typing import Any

from certtrack import benefits, clock, keys, kits, notifications
from certtrack.accounts import repository as repo
from certtrack.catalog import get_catalog
from certtrack.certs.certificates import request_render
from certtrack.certs.events import evaluate_items, partition
from certtrack.errors import Conflict
from certtrack.observability import logger
from certtrack.rules.engine import Evaluation
from certtrack.store.table import Item, Operation

_ATTEMPTS = 5
_CHUNK = 90


def event_counter_op(candidate_id: str) -> Operation:
    """Part of every transaction that adds a fact: the version the derived state is checked against."""
    return Operation.update(
        repo.candidate_key(candidate_id, keys.evaluation_state()),
        "ADD events :one",
        values={":one": 1},
        label="counter",
    )


def reevaluate(candidate_id: str) -> Evaluation:
    for _ in range(_ATTEMPTS):
        items = partition(candidate_id)
        state = next((i for i in items if i["sk"] == keys.evaluation_state()), {})
        evaluation = evaluate_items([i for i in items if i["sk"].startswith(keys.EVENTS)])
        try:
            changed, mail = _write(candidate_id, evaluation, items, state)
        except Conflict:
            logger.info("evaluation raced; again")
            continue
        _side_effects(candidate_id, evaluation, changed, mail)
        _late_anniversary(candidate_id, evaluation, items)
        return evaluation
    raise Conflict("the candidate's record kept changing; the result is stored and will be evaluated again")


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


#: History that gives the candidate a (new) certificate.
_CERTIFYING = {"earned", "recertified", "agreement"}


def _side_effects(
    candidate_id: str, evaluation: Evaluation, new_history: list[Item], mail: list[dict[str, str]]
) -> None:
    """After the derived items are written: a certificate for each newly active certification, and
    the emails recorded in the same transaction. (A certificate message lost here costs nothing:
    the certificate route renders a missing PDF on demand.)"""
    for cert_id in sorted({h["cert_id"] for h in new_history if h["kind"] in _CERTIFYING}):
        state = evaluation.certifications.get(cert_id)
        if state is not None and state.status == "active":
            request_render(candidate_id, cert_id)
    for key in mail:
        notifications.queue(key)


def _late_anniversary(candidate_id: str, evaluation: Evaluation, items: list[Item]) -> None:
    """History that arrives after the 25th anniversary grants the benefit now (the daily job only
    sees anniversaries on their day)."""
    firsts = [c.first_earned_on for c in evaluation.certifications.values() if c.first_earned_on]
    active = any(c.status == "active" for c in evaluation.certifications.values())
    if not firsts or not active or not benefits.due(min(firsts), clock.today()):
        return
    if any(i["sk"] == keys.benefit(benefits.BENEFIT_ID) for i in items):
        return
    profile = next((i for i in items if i["sk"] == keys.profile()), {})
    benefits.grant(candidate_id, min(firsts), profile)


def _kit_ops(candidate_id: str, evaluation: Evaluation, items: list[Item]) -> tuple[list[Operation], list[dict]]:
    """A Pending kit (and its email) for each certification earned that carries one and has none yet."""
    catalog = get_catalog()
    have = {i["sk"] for i in items if i["sk"].startswith(keys.KIT_PREFIX)}
    profile = next((i for i in items if i["sk"] == keys.profile()), None)
    ops: list[Operation] = []
    mail: list[dict[str, str]] = []
    for state in evaluation.certifications.values():
        if not state.held or not catalog.certifications[state.cert_id].kit or profile is None:
            continue
        if keys.kit(kits.kit_id_for(state.cert_id)) in have:
            continue
        created, mail_key = kits.creation_ops(candidate_id, state.cert_id, kits.congratulations(profile, state.cert_id))
        ops += created
        mail.append(mail_key)
    return ops, mail


def _write(
    candidate_id: str, evaluation: Evaluation, items: list[Item], state: Item
) -> tuple[list[Item], list[dict[str, str]]]:
    """Brings the derived items in line (and creates kits); returns the new history items and the
    keys of the emails recorded."""
    desired = _desired(candidate_id, evaluation)
    existing = _derived_existing(items)
    new_history = [i for sk, i in desired.items() if i.get("type") == "history" and sk not in existing]
    ops: list[Operation] = []
    for sk, item in desired.items():
        if _comparable(existing.get(sk)) != _comparable(item):
            ops.append(Operation.put(item, label=sk))
    for sk in existing.keys() - desired.keys():
        ops.append(Operation.delete(repo.candidate_key(candidate_id, sk), label=sk))
    kit_ops, mail = _kit_ops(candidate_id, evaluation, items)
    ops += kit_ops
    if not ops:
        return new_history, mail
    events = int(state.get("events", 0))
    seen = state.get("evaluated_at")
    guard_condition = "attribute_not_exists(events) OR events = :events"
    first = Operation.update(
        repo.candidate_key(candidate_id, keys.evaluation_state()),
        "SET evaluated_at = :now",
        condition=f"({guard_condition}) AND "
        + ("evaluated_at = :seen" if seen else "attribute_not_exists(evaluated_at)"),
        values={":events": events, ":now": clock.iso_now(), **({":seen": seen} if seen else {})},
        label="guard",
    )
    for index in range(0, len(ops), _CHUNK):
        chunk = ops[index : index + _CHUNK]
        guard = (
            first
            if index == 0
            else Operation.check(
                repo.candidate_key(candidate_id, keys.evaluation_state()),
                guard_condition,
                values={":events": events},
                label="guard",
            )
        )
        repo.table.transact([guard, *chunk], conflict="a newer fact arrived during evaluation")
    return new_history, mail


def _comparable(item: Item | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {k: v for k, v in item.items() if v is not None}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None
