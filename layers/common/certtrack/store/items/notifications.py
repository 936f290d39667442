"""Emails recorded before they are sent."""

from typing import Literal

from pydantic import BaseModel, ConfigDict

from certtrack import keys
from certtrack.store.items.base import StoredItem, on_candidate


class EmailMessage(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="ignore")

    to: str
    subject: str
    text: str
    html: str


class NotificationItem(StoredItem):
    """An email recorded before it is sent (kit, benefit, reminder, event emails): sent once."""

    #: `unconfirmed`: SES's answer to the send was lost, so it is not sent again.
    status: Literal["queued", "sending", "sent", "unconfirmed"]
    queued_at: str
    email: EmailMessage
    #: Reminders only: which threshold (`180d` … `1d`, `expired`) this one is.
    threshold: str | None = None
    lease_until: str | None = None
    sent_at: str | None = None
    message_id: str | None = None

    @staticmethod
    def reminder_key(candidate_id: str, cert_id: str, cycle_ends_on: str, threshold: str) -> dict[str, str]:
        return on_candidate(candidate_id, keys.reminder(cert_id, cycle_ends_on, threshold))
