"""The appointments daily job (`handler`) and the exam-result consumer (`on_result`)."""

from datetime import date
from typing import Any

# Before anything imports pydantic: Powertools' batch utilities (certtrack.consumers) build all their
# event parser models at import when pydantic is already loaded (~100 ms of this cold start).
from aws_lambda_powertools.utilities import batch  # noqa: F401
from aws_lambda_powertools.utilities.typing import LambdaContext

from appointments import service
from certtrack import clock, consumers
from certtrack.domain_events import DomainEvent
from certtrack.observability import logger, metrics, traced


@logger.inject_lambda_context
@traced
@metrics.log_metrics(raise_on_empty_metrics=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    day = _day(event)
    logger.append_keys(job="appointments", day=day.isoformat())
    summary = service.run(day)
    logger.info("appointments done", extra=summary)
    metrics.add_metric(name="AppointmentRemindersQueued", unit="Count", value=summary["reminded"])
    metrics.add_metric(name="AppointmentNoShows", unit="Count", value=summary["no_show"])
    return summary


def _day(event: dict[str, Any]) -> date:
    """The local runner passes {"date": ...}; EventBridge passes the scheduled time."""
    if event.get("date"):
        return date.fromisoformat(event["date"])
    if event.get("time"):
        return date.fromisoformat(event["time"][:10])
    return clock.today()


def _react(event: DomainEvent) -> str:
    if event.type != "ExamResultRecorded":
        return "ignored"
    return service.complete(event)


on_result = consumers.consumer("appointments", _react)
