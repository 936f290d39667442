"""Testing-history use cases."""

import hashlib
import secrets
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from certtrack import clock, cursor, keys
from certtrack.accounts import repository as repo
from certtrack.catalog import get_catalog
from certtrack.certs.challenges import Challenge
from certtrack.certs.events import partition
from certtrack.certs.results import ensure_score_report, owned_result
from certtrack.errors import Conflict, InvalidInput
from certtrack.models import Items
from certtrack.store import challenges as store_challenges
from certtrack.store import documents
from certtrack.store.items.challenges import ChallengeItem
from certtrack.store.items.facts import ExamResultItem
from certtrack.store.table import Operation, TransactionConflict
from testing_history.models import DocumentLink, ExamResultOut

_SORTS: dict[str, Callable[[ExamResultItem], tuple]] = {
    "date": lambda r: (r.taken_on, r.result_id),
    "exam": lambda r: (r.exam_code, r.taken_on, r.result_id),
    "score": lambda r: (r.score, r.taken_on, r.result_id),
    "result": lambda r: (r.passed, r.taken_on, r.result_id),
}


def _out(result: ExamResultItem) -> ExamResultOut:
    exam = get_catalog().exam(result.exam_code)
    closes = _challenge_closes(result)
    hours = {m.name: m.hours for m in exam.modules} if exam else {}
    return ExamResultOut(
        result_id=result.result_id,
        exam_code=result.exam_code,
        title=result.title,
        type=result.exam_type,
        taken_on=result.taken_on,
        score=result.score,
        passing_score=result.passing_score,
        passed=result.passed,
        sections=[{**s.model_dump(), "hours": hours.get(s.name)} for s in result.sections],
        delivery=result.delivery,
        open_challenge=result.open_challenge,
        challenge_closes_on=closes,
        challenge_window_open=clock.today() <= closes,
    )


def _challenge_closes(result: ExamResultItem) -> date:
    """The last day a challenge of `result` is accepted: the page offers the button only until
    then, and the challenge route refuses after it, from this one rule."""
    return date.fromisoformat(result.taken_on) + timedelta(days=get_catalog().programme.challenge_window_days)


def list_exams(candidate_id: str, query: dict[str, Any]) -> Items[ExamResultOut]:
    """One query of the candidate's results; sorting and filtering happen here, so every sort order
    pages the same way (a cursor is bound to the query that issued it)."""
    items = [ExamResultItem.from_item(i) for i in partition(candidate_id, keys.EXAM_EVENTS)]
    if query.get("type"):
        items = [i for i in items if i.exam_type == query["type"]]
    if query.get("outcome"):
        items = [i for i in items if i.passed == (query["outcome"] == "passed")]
    items.sort(key=_SORTS[query["sort"]], reverse=query["order"] == "desc")
    fingerprint = hashlib.sha256(
        repr(sorted((k, v) for k, v in query.items() if k not in {"cursor", "limit"})).encode()
    ).hexdigest()[:16]
    start = 0
    if query.get("cursor"):
        position = cursor.decode(query["cursor"], owner=candidate_id) or {}
        if position.get("q") != fingerprint:
            raise InvalidInput("cursor: belongs to a different sort or filter", field="cursor")
        start = int(position.get("offset", 0))
    limit = query["limit"]
    page = items[start : start + limit]
    more = start + limit < len(items)
    next_cursor = cursor.encode({"q": fingerprint, "offset": start + limit}, owner=candidate_id) if more else None
    return Items[ExamResultOut](items=[_out(i) for i in page], next_cursor=next_cursor)


def score_report_link(candidate_id: str, result_id: str) -> DocumentLink:
    key, result = ensure_score_report(candidate_id, result_id)
    filename = f"score-report-{result.exam_code}-{result.taken_on}.pdf"
    return DocumentLink(url=documents.link(key, filename), expires_in=documents.LINK_SECONDS, filename=filename)


def open_challenge(candidate_id: str, result_id: str, reason: str) -> Challenge:
    result = owned_result(candidate_id, result_id)
    closes = _challenge_closes(result)
    if clock.today() > closes:
        window = get_catalog().programme.challenge_window_days
        raise Conflict(
            f"the challenge window for this result closed on {closes.isoformat()} ({window} days)",
            code="challenge_window_closed",
        )
    challenge_id = "CH-" + secrets.token_hex(5).upper()
    now = clock.iso_now()
    item = {
        **repo.candidate_key(candidate_id, keys.challenge(now, challenge_id)),
        "type": "challenge",
        "challenge_id": challenge_id,
        "candidate_id": candidate_id,
        "result_id": result_id,
        "exam_code": result.exam_code,
        "reason": reason,
        "status": "open",
        "created_at": now,
        "gsi1pk": keys.challenges_by_status("open"),
        "gsi1sk": f"{now}#{challenge_id}",
    }
    try:
        repo.table.transact(
            [
                store_challenges.hold_result_op(result.key, challenge_id),
                Operation.create(item, label="challenge"),
                Operation.create(
                    {**keys.challenge_pointer(challenge_id), "candidate_id": candidate_id, "item_sk": item["sk"]},
                    label="pointer",
                ),
                repo.activity_op(candidate_id, "challenge", f"Score challenge opened for exam {result.exam_code}"),
            ]
        )
    except TransactionConflict as exc:
        if "result" in exc.failed:
            current = repo.table.get(result.key, consistent=True)
            open_id = ExamResultItem.from_item(current).open_challenge if current else None
            raise Conflict(
                f"challenge {open_id or ''} is already open for this result",
                field="result_id",
                code="challenge_open",
            ) from exc
        raise
    return Challenge.model_validate(item)


def challenges(candidate_id: str) -> Items[Challenge]:
    items = partition(candidate_id, keys.CHALLENGE_PREFIX)
    return Items[Challenge](
        items=[Challenge.model_validate(ChallengeItem.from_item(i).model_dump()) for i in reversed(items)]
    )
