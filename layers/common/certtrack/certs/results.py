"""Exam results as candidates see them: owned look-ups (another candidate's id is a 404)."""

from typing import Any

from certtrack import keys
from certtrack.accounts import repository as repo
from certtrack.errors import NotFound


def owned_result(candidate_id: str, result_id: str) -> dict[str, Any]:
    """The caller's result `result_id`; someone else's looks exactly like a missing one."""
    pointer = repo.table.get(keys.result_pointer(result_id))
    if pointer is None or pointer.get("candidate_id") != candidate_id:
        raise NotFound(f"no exam result {result_id}", field="result_id")
    item = repo.table.get(repo.candidate_key(candidate_id, pointer["item_sk"]))
    if item is None:
        raise NotFound(f"no exam result {result_id}", field="result_id")
    return item
