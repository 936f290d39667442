"""PDF certificates (guide §8): made when a certification becomes active, handed out as short-lived
links only while it is active, verifiable by a third party."""

import json
from datetime import timedelta
from io import BytesIO
from urllib.parse import parse_qs, unquote, urlsplit

import boto3
import pytest
from pypdf import PdfReader

from certtrack import clock
from certtrack_local import partners


def deliver(api, candidate_id, code="200-301", on="2026-01-15", result_id=None):
    body = {
        "result_id": result_id or f"{candidate_id}-{code}-{on}",
        "candidate_id": candidate_id,
        "exam_code": code,
        "taken_on": on,
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


@pytest.fixture
def candidate(api, users):
    user = users.complete(users.signup(first_name="Ada", last_name="Lovelace"))
    user.extra["id"] = api.get("/me", token=user.id_token).body["candidate_id"]
    return user


def accept(api, user):
    version = api.get("/me/agreement", token=user.id_token).body["version"]
    assert api.post("/me/agreement", {"version": version}, token=user.id_token).status == 200


def object_key(aws, url: str) -> str:
    """The object a presigned link points at (virtual-hosted or path style)."""
    parts = urlsplit(url)
    path = unquote(parts.path).lstrip("/")
    bucket = aws.physical["DocumentsBucket"]
    return path if parts.netloc.startswith(bucket) else path.removeprefix(bucket + "/")


def pdf_text(aws, url: str) -> str:
    key = object_key(aws, url)
    body = boto3.client("s3", region_name="us-east-1").get_object(Bucket=aws.physical["DocumentsBucket"], Key=key)
    return PdfReader(BytesIO(body["Body"].read())).pages[0].extract_text()


def test_becoming_active_publishes_an_event_and_the_documents_consumer_renders_the_certificate(api, candidate, aws):
    from certtrack import keys
    from certtrack.accounts import repository as repo
    from certtrack.documents import certificate
    from certtrack.store import documents

    accept(api, candidate)
    aws.autopump = False
    deliver(api, candidate.extra["id"])
    # GIVEN the result stored: nothing rendered yet, the evaluation waits on its queue
    assert repo.table.query(keys.candidate(candidate.extra["id"]), begins_with="DOC#CERT#")[0] == []
    # WHEN the evaluator and the consumers run (as Lambda's event source mappings would)
    assert aws.pump() >= 2
    # THEN the documents consumer numbered and rendered the certificate before anyone asked for it
    (record,) = repo.table.query(keys.candidate(candidate.extra["id"]), begins_with="DOC#CERT#")[0]
    assert documents.exists(certificate.key(candidate.extra["id"], "ccna", record["earned_on"], record["expires_on"]))
    link = api.get("/me/certifications/ccna/certificate", token=candidate.id_token)
    assert link.status == 200
    assert int(parse_qs(urlsplit(link.body["url"]).query)["X-Amz-Expires"][0]) <= 300
    text = pdf_text(aws, link.body["url"])
    assert "Ada Lovelace" in text
    assert "CCNA" in text
    assert link.body["verification_code"] in text
    assert link.body["certificate_number"] in text


def test_a_missing_certificate_is_rendered_on_demand_with_the_same_number(api, candidate, aws):
    accept(api, candidate)
    deliver(api, candidate.extra["id"])
    first = api.get("/me/certifications/ccna/certificate", token=candidate.id_token).body
    s3 = boto3.client("s3", region_name="us-east-1")
    key = object_key(aws, first["url"])
    s3.delete_object(Bucket=aws.physical["DocumentsBucket"], Key=key)
    again = api.get("/me/certifications/ccna/certificate", token=candidate.id_token).body
    assert again["certificate_number"] == first["certificate_number"]
    assert again["verification_code"] == first["verification_code"]
    assert "Ada Lovelace" in pdf_text(aws, again["url"])


@pytest.mark.parametrize(
    ("setup", "code"),
    [("nothing", "not_earned"), ("pending", "pending_agreement"), ("expired", "expired")],
)
def test_no_certificate_unless_active_and_the_409_says_why(api, candidate, setup, code):
    if setup == "pending":
        deliver(api, candidate.extra["id"])
    elif setup == "expired":
        accept(api, candidate)
        deliver(api, candidate.extra["id"], on=(clock.today() - timedelta(days=4 * 365)).isoformat())
    answer = api.get("/me/certifications/ccna/certificate", token=candidate.id_token)
    assert answer.status == 409
    assert answer.error["code"] == code


def test_an_unknown_certification_is_404(api, candidate):
    assert api.get("/me/certifications/not-a-cert/certificate", token=candidate.id_token).status == 404


def test_a_third_party_verifies_the_code_without_signing_in(api, candidate):
    accept(api, candidate)
    deliver(api, candidate.extra["id"])
    link = api.get("/me/certifications/ccna/certificate", token=candidate.id_token).body
    check = api.get(f"/verify/certificates/{link['verification_code']}")
    assert check.status == 200
    assert (check.body["holder"], check.body["cert_id"], check.body["status"]) == ("Ada Lovelace", "ccna", "active")
    assert check.body["certificate_number"] == link["certificate_number"]
    assert api.get("/verify/certificates/AAAA-BBBB-CCCC-DDDD").status == 404


def test_logos_are_short_lived_links_for_active_certifications_only(api, candidate, aws):
    from certtrack import aws as clients
    from certtrack_local import logos

    logos.upload(clients.client("s3"), aws.physical["LogosBucket"])
    assert api.get("/me/certifications/ccna/logos", token=candidate.id_token).status == 409
    accept(api, candidate)
    deliver(api, candidate.extra["id"])
    answer = api.get("/me/certifications/ccna/logos", token=candidate.id_token)
    assert answer.status == 200
    signed = {(c.action, c.resource) for c in api.recorder.last}
    assert signed == {
        ("dynamodb:Query", "Table"),
        ("s3:GetObject", "LogosBucket"),
    }  # the links, checked against the role
    assert "active" in answer.body["usage_terms"]
    assert {(i["variant"], i["format"]) for i in answer.body["items"]} == {
        ("light", "svg"),
        ("light", "png"),
        ("dark", "svg"),
        ("dark", "png"),
    }
    s3 = boto3.client("s3", region_name="us-east-1")
    for item in answer.body["items"]:
        assert int(parse_qs(urlsplit(item["url"]).query)["X-Amz-Expires"][0]) <= 300
        parts = urlsplit(item["url"])
        bucket = aws.physical["LogosBucket"]
        path = unquote(parts.path).lstrip("/")
        key = path if parts.netloc.startswith(bucket) else path.removeprefix(bucket + "/")
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        assert body.startswith(b"\x89PNG" if item["format"] == "png" else b"<svg")
