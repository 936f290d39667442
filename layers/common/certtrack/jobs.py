"""The shape every scheduled job shares (the daily ones, and the payments sweep every 5 minutes): an
EventBridge schedule (or the local runner, `POST /dev/jobs/{job}`) invokes a handler that settles
which day it runs for, runs the job for that day and answers a summary of counts, which it logs and
turns into metrics. A job that works from the current time (the sweeps) takes the day and ignores it.

The day comes from the event, never from the clock alone: a rerun of a missed day, or a test on any
date, passes that day. Each job must be safe to run twice for one day (it records what it did
before doing it), since EventBridge retries and the local runner may run a job on demand.
"""

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from certtrack import clock
from certtrack.observability import logger, metrics, traced

Summary = dict[str, Any]
Handler = Callable[[dict[str, Any], Any], Summary]


def scheduled_day(event: Mapping[str, Any]) -> date:
    """The local runner passes {"date": ...}; EventBridge passes the scheduled time; else today."""
    if event.get("date"):
        return date.fromisoformat(event["date"])
    if event.get("time"):
        return date.fromisoformat(event["time"][:10])
    return clock.today()


def scheduled(name: str, run: Callable[[date], Summary], *, counts: Mapping[str, str]) -> Handler:
    """The Lambda handler of the scheduled job `name`; `counts` maps each metric it emits to the summary
    count that is its value."""

    @logger.inject_lambda_context
    @traced
    @metrics.log_metrics(raise_on_empty_metrics=False)
    def handler(event: dict[str, Any], context: Any) -> Summary:
        day = scheduled_day(event)
        logger.append_keys(job=name, day=day.isoformat())
        summary = run(day)
        logger.info(f"{name} done", extra=summary)
        for metric, count in counts.items():
            metrics.add_metric(name=metric, unit="Count", value=summary[count])
        return summary

    return handler
