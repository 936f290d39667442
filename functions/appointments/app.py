"""The appointments daily job (`handler`) and the exam-result consumer (`on_result`)."""

# Before anything imports pydantic: Powertools' batch utilities (certtrack.consumers) build all their
# event parser models at import when pydantic is already loaded (~100 ms of this cold start).
from aws_lambda_powertools.utilities import batch  # noqa: F401

from appointments import service
from certtrack import consumers, jobs
from certtrack.domain_events import DomainEvent

handler = jobs.scheduled(
    "appointments",
    service.run,
    counts={"AppointmentRemindersQueued": "reminded", "AppointmentNoShows": "no_show"},
)


def _react(event: DomainEvent) -> str:
    if event.type != "ExamResultRecorded":
        return "ignored"
    return service.complete(event)


on_result = consumers.consumer("appointments", _react)
