"""Each function's Lambda handler answers the sample events in `events/` (as `sam local invoke -e`)."""

import importlib
import json
from pathlib import Path

import pytest
from lambda_context import lambda_context

from certtrack_local import partners

EVENTS = Path(__file__).resolve().parents[2] / "events"
EXPECTED = {
    "health/get-health.json": 200,
    "auth/post-login.json": 200,
    "auth/post-signup.json": 201,
    "account/get-me.json": 200,
    "account/post-support-case.json": 201,
    "personal_info/get-profile.json": 200,
    "personal_info/put-mailing-address.json": 200,
    "personal_info/put-mailing-address-po-box.json": 400,
    "personal_info/put-settings.json": 200,
    "admin/get-support-cases.json": 200,
    "partners/post-exam-result.json": 201,
    "partners/post-ce-credit.json": 201,
    "certifications/get-certifications.json": 200,
    "certifications/get-catalog-exams.json": 200,
    "continuing_education/get-ledger.json": 200,
    "testing_history/get-exams.json": 200,
    "dashboard/get-dashboard.json": 200,
    "calendar_feed/get-calendar.json": 200,
    "kits/get-kits.json": 200,
    "kits/post-kit-claim.json": 200,
    "benefits/get-benefits.json": 200,
    "verify/get-certificate-unknown-code.json": 404,
    "badges/get-badges.json": 200,
    "badges/get-jwks.json": 200,
    "badges/get-badge-unknown-id.json": 404,
    "scheduling/get-test-centers.json": 200,
    "scheduling/get-availability.json": 200,
    "scheduling/get-appointments.json": 200,
    "scheduling/get-receipts.json": 200,
}


@pytest.fixture
def seeded(aws, monkeypatch):
    from certtrack_local import seed

    accounts = seed.seed()
    aws.pump()  # the evaluations the demo facts queued, and the events they published
    return accounts


@pytest.mark.parametrize(("name", "status"), sorted(EXPECTED.items()))
def test_sample_event_is_answered_by_its_function(seeded, name, status):
    # GIVEN the demo data and a sample API Gateway event of one feature
    feature = name.split("/")[0]
    event = json.loads((EVENTS / name).read_text())
    if "X-Certtrack-Signature" in event["headers"]:  # a partner event: sign its body now
        for header, value in partners.headers(event["path"], event["body"].encode()).items():
            event["headers"][header] = value
            event["multiValueHeaders"][header] = [value]
    app = importlib.import_module(f"{feature}.app").app
    # WHEN the feature's Lambda handler gets it
    response = app(event, lambda_context())
    # THEN it answers as the contract says, in JSON
    assert response["statusCode"] == status, response["body"]
    body = response["body"]
    if response["headers"].get("Content-Type", "").startswith("text/calendar"):
        assert body.startswith("BEGIN:VCALENDAR")
        return
    body = json.loads(body)
    if status >= 400:
        assert set(body) == {"error"}, body
        assert body["error"]["code"] == {400: "invalid_input", 404: "not_found"}[status]
        if status == 400:
            assert body["error"]["field"] == "line1"


def test_every_event_file_is_exercised():
    event_driven = {
        "authorizer/token.json",
        "reminders/scheduled.json",
        "notifier/sqs.json",
        "fulfillment/sqs.json",
        "fulfillment/scheduled.json",
        "documents/sqs.json",
        "evaluator/sqs.json",
        "kits/events-sqs.json",
        "benefits/events-sqs.json",
        "notifier/events-sqs.json",
        "badges/events-sqs.json",
        "anniversaries/scheduled.json",
        "appointments/scheduled.json",
    }
    found = {str(p.relative_to(EVENTS)) for p in EVENTS.rglob("*.json")} - event_driven
    assert found == set(EXPECTED)


def test_authorizer_event_with_a_placeholder_token_is_unauthorized(aws):
    # API Gateway answers 401 when a TOKEN authorizer fails with exactly "Unauthorized"
    from chalice import UnauthorizedError

    from certtrack.authorizer import jwt_auth

    event = json.loads((EVENTS / "authorizer" / "token.json").read_text())
    with pytest.raises(UnauthorizedError) as refused:
        jwt_auth(event, lambda_context())
    assert str(refused.value) == "Unauthorized"


def test_scheduled_event_runs_the_appointments_job(seeded):
    from appointments.app import handler

    event = json.loads((EVENTS / "appointments" / "scheduled.json").read_text())
    summary = handler(event, lambda_context())
    assert summary["day"] == "2027-06-01"
    assert summary["reminded"] == summary["no_show"] == 0


def test_scheduled_event_runs_the_reminders_job(seeded):
    from reminders.app import handler

    event = json.loads((EVENTS / "reminders" / "scheduled.json").read_text())
    summary = handler(event, lambda_context())
    assert summary["day"] == event["time"][:10]
    assert summary["queued"] == summary["due"] - summary["opted_out"]


def test_sqs_event_for_an_unknown_record_is_consumed_without_sending(seeded):
    from notifier.app import handler

    event = json.loads((EVENTS / "notifier" / "sqs.json").read_text())
    assert handler(event, lambda_context()) == {"batchItemFailures": []}


def test_fulfillment_event_orders_the_demo_candidates_claimed_kit_once(seeded):
    from certtrack import kits
    from certtrack.partners.kits import FakeKitVendor, use_vendor
    from fulfillment.app import handler

    vendor = FakeKitVendor()
    use_vendor(vendor)
    try:
        kits.claim("CSCO10000001", "ccna-kit")
        event = json.loads((EVENTS / "fulfillment" / "sqs.json").read_text())
        assert handler(event, lambda_context()) == {"batchItemFailures": []}
        assert handler(event, lambda_context()) == {"batchItemFailures": []}
        assert len(vendor.orders) == 1
    finally:
        use_vendor(None)


def test_certificate_event_renders_the_demo_candidates_certificate(seeded):
    from certtrack.documents import certificate
    from certtrack.store import documents
    from documents.app import handler

    event = json.loads((EVENTS / "documents" / "sqs.json").read_text())
    assert handler(event, lambda_context()) == {"batchItemFailures": []}
    detail = json.loads(event["Records"][0]["body"])["detail"]
    record = _certificate_record(detail["candidate_id"], detail["cert_id"])
    assert documents.exists(certificate.key(detail["candidate_id"], "ccna", record["earned_on"], record["expires_on"]))


def _certificate_record(candidate_id: str, cert_id: str) -> dict:
    from certtrack import keys
    from certtrack.accounts import repository as repo

    items, _ = repo.table.query(keys.candidate(candidate_id), begins_with=f"DOC#CERT#{cert_id}#")
    (record,) = items
    return record


def test_evaluation_event_evaluates_the_demo_candidate_again_and_changes_nothing(seeded):
    from certtrack import keys
    from certtrack.accounts import repository as repo
    from evaluator.app import handler

    before, _ = repo.table.query(keys.candidate("CSCO10000001"), begins_with=keys.DERIVED)
    event = json.loads((EVENTS / "evaluator" / "sqs.json").read_text())
    assert handler(event, lambda_context()) == {"batchItemFailures": []}
    after, _ = repo.table.query(keys.candidate("CSCO10000001"), begins_with=keys.DERIVED)
    assert after == before


@pytest.mark.parametrize(
    "name", ["kits/events-sqs.json", "benefits/events-sqs.json", "notifier/events-sqs.json", "badges/events-sqs.json"]
)
def test_a_repeated_certification_event_is_consumed_without_a_second_effect(seeded, name):
    from certtrack import keys
    from certtrack.accounts import repository as repo

    module = importlib.import_module(f"{name.split('/')[0]}.events")
    event = json.loads((EVENTS / name).read_text())
    partition = repo.table.query(keys.candidate("CSCO10000001"))[0]
    assert module.handler(event, lambda_context()) == {"batchItemFailures": []}
    once = repo.table.query(keys.candidate("CSCO10000001"))[0]
    assert module.handler(event, lambda_context()) == {"batchItemFailures": []}
    assert repo.table.query(keys.candidate("CSCO10000001"))[0] == once
    assert len(once) - len(partition) <= 1  # at most the one email record the event gives


def test_anniversaries_scheduled_event_runs_the_job(seeded):
    from anniversaries.app import handler

    event = json.loads((EVENTS / "anniversaries" / "scheduled.json").read_text())
    summary = handler(event, lambda_context())
    assert summary["day"] == "2027-06-01"
    assert summary["first_certified_on"] == "2002-06-01"


def test_fulfillment_scheduled_event_runs_the_sweep(seeded):
    from fulfillment.app import sweep

    event = json.loads((EVENTS / "fulfillment" / "scheduled.json").read_text())
    assert sweep(event, lambda_context()) == {"requeued": 0}
