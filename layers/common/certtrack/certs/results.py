"""Exam results as candidates see them: owned look-ups (another candidate's id is a 404)."""

from typing import Any

from certtrack import keys
from certtrack.accounts import repository as repo
from certtrack.documents import score_report
from certtrack.errors import NotFound
from certtrack.store import documents
from certtrack.store.table import plain


def owned_result(candidate_id: str, result_id: str) -> dict[str, Any]:
    """The caller's result `result_id`; someone else's looks exactly like a missing one."""
    pointer = repo.table.get(keys.result_pointer(result_id))
    if pointer is None or pointer.get("candidate_id") != candidate_id:
        raise NotFound(f"no exam result {result_id}", field="result_id")
    item = repo.table.get(repo.candidate_key(candidate_id, pointer["item_sk"]))
    if item is None:
        raise NotFound(f"no exam result {result_id}", field="result_id")
    return item


def ensure_score_report(candidate_id: str, result_id: str) -> tuple[str, dict[str, Any]]:
    """The score report's S3 key and its result, rendering the PDF if it is not in the bucket yet
    (the documents consumer makes it when the result is recorded; the route, if that has not
    happened yet or the file went missing)."""
    result = owned_result(candidate_id, result_id)
    key = score_report.key(candidate_id, result_id)
    if not documents.exists(key):
        profile = repo.get_profile(candidate_id) or {}
        holder = f"{profile.get('first_name', '')} {profile.get('last_name', '')}".strip()
        documents.put_pdf(key, score_report.render(plain(result), holder))
    return key, result
