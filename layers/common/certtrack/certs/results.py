"""Exam results as candidates see them: owned look-ups (another candidate's id is a 404)."""

from certtrack import keys
from certtrack.accounts import repository as repo
from certtrack.documents import score_report
from certtrack.errors import NotFound
from certtrack.store import documents
from certtrack.store.items.account import ProfileItem
from certtrack.store.items.facts import ExamResultItem
from certtrack.store.items.pointers import PointerItem


def owned_result(candidate_id: str, result_id: str) -> ExamResultItem:
    """The caller's result `result_id`; someone else's looks exactly like a missing one."""
    found = repo.table.get(keys.result_pointer(result_id))
    pointer = PointerItem.from_item(found) if found else None
    if pointer is None or pointer.candidate_id != candidate_id:
        raise NotFound(f"no exam result {result_id}", field="result_id")
    item = repo.table.get(pointer.target)
    if item is None:
        raise NotFound(f"no exam result {result_id}", field="result_id")
    return ExamResultItem.from_item(item)


def ensure_score_report(candidate_id: str, result_id: str) -> tuple[str, ExamResultItem]:
    """The score report's S3 key and its result, rendering the PDF if it is not in the bucket yet
    (the documents consumer makes it when the result is recorded; the route, if that has not
    happened yet or the file went missing)."""
    result = owned_result(candidate_id, result_id)
    key = score_report.key(candidate_id, result_id)
    if not documents.exists(key):
        profile = repo.get_profile(candidate_id)
        holder = ProfileItem.from_item(profile).full_name if profile else ""
        documents.put_pdf(key, score_report.render(result, holder))
    return key, result
