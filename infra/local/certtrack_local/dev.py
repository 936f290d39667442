"""Local-stage-only routes (absent from the template): the mailbox, running jobs on demand, and
waiting for the queues to drain (a partner's answer does not wait for the evaluation it queued)."""

import email
import json
from datetime import date
from email.message import Message
from email.policy import default
from typing import Any
from urllib.parse import urlsplit

from moto.backends import get_backend
from moto.core import DEFAULT_ACCOUNT_ID

from certtrack.settings import get_settings
from certtrack_local.workers import Workers


def _parts(message: Message) -> tuple[str, str]:
    text = html = ""
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not text:
            text = part.get_content()
        elif part.get_content_type() == "text/html" and not html:
            html = part.get_content()
    return text, html


def outbox() -> list[dict[str, Any]]:
    """What SES sent, newest first, as `[{to, subject, text, html, sent_at}]`."""
    backend = get_backend("ses")[DEFAULT_ACCOUNT_ID][get_settings().aws_region]
    out = []
    for sent in backend.sent_messages:
        raw = getattr(sent, "raw_data", None)
        if raw is not None:
            parsed = email.message_from_string(raw, policy=default)
            text, html = _parts(parsed)
            out.append(
                {
                    "to": [a.strip() for a in str(parsed["To"] or "").split(",") if a.strip()],
                    "subject": str(parsed["Subject"] or ""),
                    "text": text,
                    "html": html,
                    "sent_at": getattr(sent, "sent_at", None) or str(parsed["Date"] or ""),
                    "message_id": sent.id,
                }
            )
        else:
            out.append(
                {
                    "to": list((getattr(sent, "destinations", {}) or {}).get("ToAddresses", [])),
                    "subject": getattr(sent, "subject", ""),
                    "text": getattr(sent, "body", ""),
                    "html": "",
                    "sent_at": None,
                    "message_id": sent.id,
                }
            )
    return list(reversed(out))


class DevRoutes:
    def __init__(self, workers: Workers) -> None:
        self.workers = workers

    def __call__(self, method: str, path: str, headers: dict[str, str], body: bytes | None) -> tuple[int, Any] | None:
        route = urlsplit(path).path
        if not route.startswith("/dev/"):
            return None
        if method == "GET" and route == "/dev/outbox":
            return 200, json.loads(json.dumps(outbox(), default=str))
        if method == "POST" and route.startswith("/dev/jobs/"):
            return self._job(route.removeprefix("/dev/jobs/"), body)
        if method == "POST" and route == "/dev/queues/drain":
            try:
                self.workers.drain(30)
            except TimeoutError as exc:
                return 409, _error("not_drained", str(exc))
            return 200, {"drained": True}
        return 404, _error("not_found", f"no local route {method} {route}")

    def _job(self, name: str, body: bytes | None) -> tuple[int, Any]:
        if name not in self.workers.jobs:
            return 404, _error("not_found", f"no job {name!r} (jobs: {', '.join(sorted(self.workers.jobs))})", "job")
        try:
            request = json.loads(body) if body else {}
            day = date.fromisoformat(request["date"]) if request.get("date") else None
        except (ValueError, TypeError, AttributeError):
            return 400, _error("invalid_input", "date: must be YYYY-MM-DD", "date")
        try:
            summary = self.workers.run_job(name, day)
        except TimeoutError as exc:
            return 409, _error("not_drained", str(exc))
        return 200, {"job": name, "summary": summary}


def _error(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    error = {"code": code, "message": message}
    if field:
        error["field"] = field
    return {"error": error}
