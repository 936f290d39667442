"""Storing partner facts exactly once, then asking for the candidate's evaluation.

A fact is stored with its pointer (the partner's id, for idempotency) and the event announcing it in
one transaction; then an "evaluate" message goes on the FIFO queue. The partner's answer does not
wait for the evaluation. A repeated delivery queues the evaluation again, so a delivery whose first
attempt stopped after the store (the queue was down, the function timed out) is repaired by the
partner's retry.
"""

import hashlib
import json
from typing import Any

from certtrack import clock, keys
from certtrack.accounts import repository as repo
from certtrack.catalog import get_catalog
from certtrack.certs import evaluation
from certtrack.domain_events import DomainEvent, event_id
from certtrack.errors import Conflict, InvalidInput
from certtrack.store import facts
from certtrack.store.items.facts import CeCreditItem, ExamResultItem
from certtrack.store.table import TransactionConflict
from partners.models import CeCreditIn, ExamResultIn, StoredCeCredit, StoredExamResult


def _check_candidate(candidate_id: str) -> dict[str, Any]:
    profile = repo.get_profile(candidate_id)
    if profile is None:
        raise InvalidInput(f"candidate_id: no candidate {candidate_id}", field="candidate_id")
    return profile


def _check_date(day: Any, field: str) -> None:
    if day > clock.today():
        raise InvalidInput(f"{field}: {day.isoformat()} is in the future", field=field)


def record_exam_result(result: ExamResultIn) -> tuple[StoredExamResult, bool]:
    """The stored result, and whether this delivery created it (False: a repeat, nothing changed)."""
    exam = get_catalog().exam(result.exam_code)
    if exam is None:
        raise InvalidInput(f"exam_code: {result.exam_code} is not an exam of the catalog", field="exam_code")
    _check_date(result.taken_on, "taken_on")
    if not exam.offered_on(result.taken_on):
        raise InvalidInput(
            f"taken_on: {exam.code} was {exam.period()}, so it cannot have been taken on {result.taken_on.isoformat()}",
            field="taken_on",
        )
    if exam.type == "practical":
        modules = {m.name for m in exam.modules}
        names = {s.name for s in result.sections}
        if names != modules:
            raise InvalidInput(f"sections: a {exam.code} result lists the modules {sorted(modules)}", field="sections")
    _check_candidate(result.candidate_id)
    sk = keys.exam_event(result.taken_on.isoformat(), result.result_id)
    event = DomainEvent(
        event_id=event_id("exam_result", result.result_id),
        type="ExamResultRecorded",
        candidate_id=result.candidate_id,
        on=result.taken_on,
        data={"result_id": result.result_id, "exam_code": result.exam_code, "passed": result.passed},
    )
    stored, created = _store_once(
        result.model_dump(mode="json"),
        sk,
        keys.result_pointer(result.result_id),
        {"type": "exam_result", "title": exam.title, "exam_type": exam.type},
        event,
        "result_id",
    )
    item = ExamResultItem.from_item(stored)
    view = StoredExamResult.model_validate({**item.model_dump(), "type": item.exam_type})
    return view, created


def _store_once(
    payload: dict[str, Any],
    sk: str,
    pointer_key: dict[str, str],
    extra: dict[str, Any],
    event: DomainEvent,
    id_field: str,
) -> tuple[dict[str, Any], bool]:
    """Stores the fact (the partner's payload, its digest and `extra`) once under `sk`, with its
    pointer under the partner's id, then queues the candidate's evaluation either way; the stored
    fact and whether this delivery stored it. A repeat finds the same fact under the same key (same
    content, same digest); the partner's id delivered before with other content is a 409."""
    candidate_id, id_value = event.candidate_id, payload[id_field]
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
    item = {
        **repo.candidate_key(candidate_id, sk),
        **payload,
        **extra,
        "received_at": clock.iso_now(),
        "digest": digest,
    }
    pointer = {**pointer_key, "candidate_id": candidate_id, "item_sk": sk, "digest": digest}
    try:
        repo.table.transact([*facts.store_once_ops(pointer, item), *evaluation.fact_ops(candidate_id, event)])
        stored, created = item, True
    except TransactionConflict as exc:
        # the pointer and its fact are written together, so the same content is the same fact here
        found = repo.table.get({"pk": item["pk"], "sk": item["sk"]}, consistent=True)
        if found is None or found.get("digest") != digest:
            raise Conflict(
                f"{id_field}: {id_value} was already delivered with different content", field=id_field
            ) from exc
        stored, created = found, False
    evaluation.request(candidate_id, f"{id_field}:{id_value}")
    return stored, created


def record_ce_credit(credit: CeCreditIn) -> tuple[StoredCeCredit, bool]:
    _check_date(credit.completed_on, "completed_on")
    _check_candidate(credit.candidate_id)
    event = DomainEvent(
        event_id=event_id("ce_credit", credit.credit_id),
        type="CeCreditRecorded",
        candidate_id=credit.candidate_id,
        on=credit.completed_on,
        data={"credit_id": credit.credit_id, "credits": credit.credits},
    )
    stored, created = _store_once(
        credit.model_dump(mode="json"),
        keys.ce_event(credit.completed_on.isoformat(), credit.credit_id),
        keys.credit_pointer(credit.credit_id),
        {"type": "ce_credit", "received_on": clock.today().isoformat()},
        event,
        "credit_id",
    )
    return StoredCeCredit.model_validate(CeCreditItem.from_item(stored).model_dump()), created
