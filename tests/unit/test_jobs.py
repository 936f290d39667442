"""The scheduled jobs' one handler shape (certtrack.jobs): the day it runs for, what it counts."""

import json
from datetime import date, datetime

from lambda_context import lambda_context

from certtrack import clock, jobs


def _recording_job(ran: list[date]):
    def run(day: date) -> dict[str, object]:
        ran.append(day)
        return {"day": day.isoformat(), "sent": 3, "skipped": 1}

    return jobs.scheduled("test-job", run, counts={"TestJobSent": "sent"})


def test_a_daily_job_runs_for_the_date_the_runner_names_then_the_scheduled_time_then_today():
    ran: list[date] = []
    handler = _recording_job(ran)

    with clock.pinned(datetime.fromisoformat("2027-03-09T12:00:00+00:00")):
        by_date = handler({"date": "2027-01-31", "time": "2027-02-01T06:00:00Z"}, lambda_context())
        by_time = handler({"time": "2027-02-01T06:00:00Z"}, lambda_context())
        today = handler({}, lambda_context())

    assert ran == [date(2027, 1, 31), date(2027, 2, 1), date(2027, 3, 9)]
    assert by_date == {"day": "2027-01-31", "sent": 3, "skipped": 1}
    assert [by_time["day"], today["day"]] == ["2027-02-01", "2027-03-09"]


def test_a_daily_job_logs_its_summary_and_emits_each_named_count_as_a_metric(monkeypatch, capsys, caplog):
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")
    caplog.set_level("INFO", logger="certtrack")
    handler = _recording_job([])

    handler({"date": "2027-01-31"}, lambda_context())

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    emitted = [line for line in lines if "_aws" in line]
    assert len(emitted) == 1
    assert emitted[0]["TestJobSent"] == [3.0]
    assert [m["Name"] for m in emitted[0]["_aws"]["CloudWatchMetrics"][0]["Metrics"]] == ["TestJobSent"]
    done = [r for r in caplog.records if r.getMessage() == "test-job done"]
    assert [(r.sent, r.skipped) for r in done] == [(3, 1)]
