"""The candidate's activity feed entries."""

from certtrack.store.items.base import StoredItem


class ActivityItem(StoredItem):
    activity_id: str
    kind: str
    text: str
    at: str
    detail: str | None = None
    #: The history item an evaluator-written entry stands for (absent on entries of other writers).
    source: str | None = None
