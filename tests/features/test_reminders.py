"""Daily expiration reminders: thresholds, expired notices, opt-out, exactly-once email."""

import json
from datetime import date, timedelta

import boto3
import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError
from lambda_context import lambda_context
from moto.backends import get_backend
from moto.core import DEFAULT_ACCOUNT_ID

from certtrack.rules.engine import add_years
from certtrack_local import partners

DAY = date(2027, 6, 1)


def earn_ccna_expiring_on(api, users, expires_on: date, *, reminders: bool = True):
    user = users.signup()
    api.get("/me", token=user.id_token)
    api.put(
        "/me/addresses/mailing",
        {"line1": "1 Main St", "city": "Austin", "state": "TX", "postal_code": "73301", "country": "US"},
        token=user.id_token,
    )
    api.put("/me/settings", {"email_opt_in": False, "reminder_emails": reminders}, token=user.id_token)
    version = api.get("/me/agreement", token=user.id_token).body["version"]
    api.post("/me/agreement", {"version": version}, token=user.id_token)
    candidate_id = api.get("/me", token=user.id_token).body["candidate_id"]
    body = {
        "result_id": f"r-{candidate_id}",
        "candidate_id": candidate_id,
        "exam_code": "200-301",
        "taken_on": add_years(expires_on, -3).isoformat(),
        "score": 900,
        "passing_score": 825,
        "passed": True,
    }
    raw = json.dumps(body).encode()
    assert (
        api.request(
            "POST", "/vendor/exam-results", raw=raw, headers=partners.headers("/vendor/exam-results", raw)
        ).status
        == 201
    )
    return user


def run_job(day: date) -> dict:
    from reminders.app import handler

    return handler({"date": day.isoformat()}, lambda_context())


def pending_messages(aws) -> list[dict]:
    """The reminder messages queued (other email, such as kit congratulations, is left out)."""
    sqs = boto3.client("sqs", region_name="us-east-1")
    out = []
    while True:
        got = sqs.receive_message(QueueUrl=aws.physical["NotificationsQueue"], MaxNumberOfMessages=10).get(
            "Messages", []
        )
        if not got:
            return out
        out.extend(m for m in got if "REMINDER#" in json.loads(m["Body"])["record"]["sk"])
        for message in got:
            sqs.delete_message(QueueUrl=aws.physical["NotificationsQueue"], ReceiptHandle=message["ReceiptHandle"])


def notify(messages: list[dict]) -> dict:
    from notifier.app import handler

    event = {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": {},
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:notifications",
                "awsRegion": "us-east-1",
            }
            for m in messages
        ]
    }
    return handler(event, lambda_context())


def sent_subjects() -> list[str]:
    import email
    from email.policy import default

    backend = get_backend("ses")[DEFAULT_ACCOUNT_ID]["us-east-1"]
    return [str(email.message_from_string(m.raw_data, policy=default)["Subject"]) for m in backend.sent_messages]


def test_each_threshold_and_expired_yesterday_gets_one_email(api, users, aws):
    # GIVEN certifications expiring at every threshold, one in between, and one that expired yesterday
    for days in (180, 90, 60, 30, 7, 1, 45):
        earn_ccna_expiring_on(api, users, DAY + timedelta(days=days))
    earn_ccna_expiring_on(api, users, DAY - timedelta(days=1))
    # WHEN the daily job runs and the notifier sends
    summary = run_job(DAY)
    result = notify(pending_messages(aws))
    # THEN seven emails go out: six reminders and one expiry notice, none for 45 days
    assert summary["queued"] == 7
    assert result == {"batchItemFailures": []}
    subjects = sorted(sent_subjects())
    assert subjects == sorted(
        [f"Your CCNA certification expires in {d} day{'s' if d != 1 else ''}" for d in (180, 90, 60, 30, 7, 1)]
        + ["Your CCNA certification has expired"]
    )


def test_a_rerun_and_a_duplicate_message_send_nothing_twice(api, users, aws):
    earn_ccna_expiring_on(api, users, DAY + timedelta(days=30))
    run_job(DAY)
    messages = pending_messages(aws)
    notify(messages)
    notify(messages)  # SQS delivered the same message again
    again = run_job(DAY)  # the schedule ran twice
    assert again["queued"] == 0
    assert pending_messages(aws) == []
    assert len(sent_subjects()) == 1


def test_candidates_who_opted_out_get_no_reminder(api, users, aws):
    earn_ccna_expiring_on(api, users, DAY + timedelta(days=30), reminders=False)
    summary = run_job(DAY)
    assert (summary["queued"], summary["opted_out"]) == (0, 1)
    assert pending_messages(aws) == []


def test_a_failed_send_is_retried_and_then_sent_once(api, users, aws, monkeypatch):
    earn_ccna_expiring_on(api, users, DAY + timedelta(days=7))
    run_job(DAY)
    messages = pending_messages(aws)

    from certtrack import notifications

    # a lease that has already run out by the time SQS delivers the message again
    monkeypatch.setattr(notifications, "LEASE", timedelta(seconds=-1))
    with aws.outage("ses", "SendRawEmail"), pytest.raises(BatchProcessingError):  # the whole batch failed
        notify(messages)
    assert notify(messages) == {"batchItemFailures": []}
    assert len(sent_subjects()) == 1


def test_a_reminder_whose_message_was_lost_is_queued_again_by_a_rerun(api, users, aws, monkeypatch):
    from certtrack import notifications

    earn_ccna_expiring_on(api, users, DAY + timedelta(days=60))
    real_queue = notifications.queue
    monkeypatch.setattr(notifications, "queue", lambda key: None)  # crash between record and SQS
    assert run_job(DAY)["queued"] == 1
    assert pending_messages(aws) == []
    monkeypatch.setattr(notifications, "queue", real_queue)
    run_job(DAY)
    notify(pending_messages(aws))
    assert sent_subjects() == ["Your CCNA certification expires in 60 days"]


def test_reminder_email_names_the_certification_date_and_how_to_recertify(api, users, aws):
    import email
    from email.policy import default

    earn_ccna_expiring_on(api, users, DAY + timedelta(days=90))
    run_job(DAY)
    notify(pending_messages(aws))
    backend = get_backend("ses")[DEFAULT_ACCOUNT_ID]["us-east-1"]
    message = email.message_from_string(backend.sent_messages[0].raw_data, policy=default)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    expires = (DAY + timedelta(days=90)).isoformat()
    assert expires in text
    assert "30 CE credits" in text
    assert "<li>30 CE credits</li>" in html
