"""The API contract outside callers rely on (ARCHITECTURE.md "API outline"): `GET /openapi.json` is a
valid description of exactly the routes there are, with each route's security, the partner signature
header and the body schemas, and every kind of refusal has the strict error shape with its code (400,
401 on a login, 403, 404, 409, 415 for a form body, 405)."""

from pathlib import Path

import pytest
from conftest import ADDRESS
from openapi_spec_validator import validate

from certtrack import clock
from certtrack.catalog import get_catalog
from certtrack.web.features import http_apps

ROOT = Path(__file__).resolve().parents[2]
APPS = http_apps(ROOT / "functions")


def routes() -> dict[tuple[str, str], object]:
    """(METHOD, path) → Chalice route entry, over every feature app."""
    return {
        (method, path): entry
        for app in APPS.values()
        for path, methods in app.routes.items()
        for method, entry in methods.items()
    }


def assert_error_shape(answer, status: int) -> None:
    assert answer.status == status, answer.body
    assert set(answer.body) == {"error"}, answer.body
    error = answer.body["error"]
    assert set(error) <= {"code", "message", "field", "errors"}
    assert isinstance(error["code"], str)
    assert error["code"]
    assert isinstance(error["message"], str)
    assert error["message"]
    if "field" in error:
        assert isinstance(error["field"], str)
    if "errors" in error:  # every refused field of a 400, the first being `field`
        assert status == 400
        assert error["errors"][0]["field"] == error["field"]
        assert all(set(e) == {"field", "message"} for e in error["errors"])


def test_openapi_is_valid_and_lists_every_route(api):
    answer = api.get("/openapi.json")
    assert answer.status == 200
    validate(answer.body)
    documented = {(m.upper(), p) for p, ops in answer.body["paths"].items() for m in ops}
    assert documented == set(routes())


def test_every_route_declares_who_may_call_it(api):
    # a candidate's bearer token, an administrator's, a partner's signed headers, or nothing (public)
    document = api.get("/openapi.json").body
    schemes = document["components"]["securitySchemes"]
    assert (schemes["bearer"]["type"], schemes["bearer"]["scheme"]) == ("http", "bearer")
    assert (schemes["admin"]["type"], schemes["admin"]["scheme"]) == ("http", "bearer")
    assert {schemes[s]["name"] for s in ("partner", "partnerSignature")} == {
        "X-Certtrack-Partner",
        "X-Certtrack-Signature",
    }
    me_routes = 0
    for (method, path), entry in routes().items():
        operation = document["paths"][path][method.lower()]
        if path == "/me" or path.startswith("/me/"):
            me_routes += 1
            assert entry.authorizer is not None, (method, path)
        if path.startswith("/admin/"):
            assert operation.get("security") == [{"admin": []}], (method, path)
        elif path.startswith("/vendor/"):
            assert operation.get("security") == [{"partner": [], "partnerSignature": []}], (method, path)
            assert operation["x-certtrack-partner-scope"] in {"exam-results", "ce-credits", "kit-status"}
        elif entry.authorizer is not None:
            assert operation.get("security") == [{"bearer": []}], (method, path)
        else:
            assert "security" not in operation, (method, path)
        if "security" in operation:
            assert {"401", "403"} <= set(operation["responses"]), (method, path)
    assert me_routes >= 10


def test_request_bodies_reference_their_schemas(api):
    document = api.get("/openapi.json").body
    body = document["paths"]["/auth/signup"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    name = body["$ref"].rsplit("/", 1)[1]
    schema = document["components"]["schemas"][name]
    assert set(schema["required"]) == {"email", "password", "first_name", "last_name", "country"}
    assert document["components"]["schemas"]["Error"]["required"] == ["error"]
    address = document["paths"]["/me/addresses/mailing"]["put"]["requestBody"]["content"]["application/json"]
    assert address["schema"]["$ref"].endswith("/MailingAddress")


def test_query_parameters_carry_their_constraints_under_the_name_a_client_sends(api):
    paths = api.get("/openapi.json").body["paths"]
    exams = {p["name"]: p["schema"] for p in paths["/me/exams"]["get"]["parameters"]}
    assert exams["sort"]["enum"] == ["date", "exam", "score", "result"]
    assert (exams["limit"]["type"], exams["limit"]["minimum"], exams["limit"]["maximum"]) == ("integer", 1, 100)
    availability = [p["name"] for p in paths["/exams/{exam_code}/availability"]["get"]["parameters"]]
    assert "from" in availability
    assert "from_" not in availability


def test_ids_and_values_named_after_the_catalog_are_enumerated(api):
    # a request valid by the document names something that exists: a certification, an exam, a
    # size the vendor makes, the agreement in force, a country
    document = api.get("/openapi.json").body
    paths, schemas = document["paths"], document["components"]["schemas"]
    cert = paths["/me/certifications/{cert_id}"]["get"]["parameters"][0]["schema"]
    assert {"ccna", "ccie-security"} <= set(cert["enum"])
    exam = paths["/exams/{exam_code}/availability"]["get"]["parameters"][0]["schema"]
    assert {"200-301", "ccie-ei-lab"} <= set(exam["enum"])
    kit = paths["/me/kits/{kit_id}/claim"]["post"]["parameters"][0]["schema"]
    assert "ccna-kit" in kit["enum"]
    assert not any(k.startswith("specialist-") for k in kit["enum"])  # specialist certifications carry no kit
    assert schemas["BenefitClaim"]["properties"]["size"]["enum"] == ["XS", "S", "M", "L", "XL", "XXL", "3XL"]
    in_force = get_catalog().current_agreement(clock.today()).version
    assert schemas["AgreementAcceptance"]["properties"]["version"]["enum"] == [in_force]
    countries = schemas["SignUp"]["properties"]["country"]["enum"]
    assert {"GB", "IE", "US"} <= set(countries)
    assert len(countries) == 249


def test_every_route_a_rate_limit_covers_declares_its_429(api):
    # the template's WAF rules (played by the local server) match paths by a contained string
    from certtrack_local import resources, waf

    rules = waf.rules(resources.load_template())
    paths = api.get("/openapi.json").body["paths"]
    covered = [(m, p) for p, ops in paths.items() for m in ops if any(r.path_contains in p for r in rules)]
    assert len(covered) >= 10
    for method, path in covered:
        assert "429" in paths[path][method]["responses"], (method, path)


def test_documents_declare_their_media_type(api):
    paths = api.get("/openapi.json").body["paths"]
    pdf = paths["/verify/transcripts/{token}/pdf"]["get"]["responses"]["200"]["content"]
    assert pdf == {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
    assert list(paths["/me/calendar.ics"]["get"]["responses"]["200"]["content"]) == ["text/calendar"]
    assert "content" not in paths["/me/calendar/feed"]["delete"]["responses"]["204"]


def test_claims_that_queue_an_order_declare_the_retryable_502(api):
    paths = api.get("/openapi.json").body["paths"]
    for path in ("/me/kits/{kit_id}/claim", "/me/benefits/{benefit_id}/claim"):
        responses = paths[path]["post"]["responses"]
        assert {"400", "404", "409", "502"} <= set(responses), path
        assert "retried" in responses["502"]["description"]


def test_every_kind_of_refusal_has_the_error_shape(api, users):
    # GIVEN a signed-in candidate who is not an administrator
    user = users.signup()
    assert api.get("/me", token=user.id_token).status == 200
    # WHEN the API refuses for each reason it has
    samples = {
        400: api.put("/me/addresses/mailing", {**ADDRESS, "line1": "PO Box 1"}, token=user.id_token),
        401: api.post("/auth/login", {"email": user.email, "password": "Not-the-pass-1"}),
        403: api.get("/admin/support-cases", token=user.id_token),
        404: api.get("/me/addresses/mailing", token=user.id_token),
        409: api.get("/me/certifications/ccna/certificate", token=user.id_token),
    }
    # THEN each is {"error": {"code", "message"[, "field"]}} with its status
    for status, answer in samples.items():
        assert_error_shape(answer, status)
    assert [samples[s].error["code"] for s in sorted(samples)] == [
        "invalid_input",
        "unauthenticated",
        "forbidden",
        "not_found",
        "not_earned",
    ]
    assert samples[400].error["field"] == "line1"


def test_a_form_encoded_body_is_415_in_the_error_shape(api, aws):
    answer = api.request(
        "POST",
        "/auth/login",
        raw=b"email=a@example.com&password=x",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert_error_shape(answer, 415)
    assert answer.error["code"] == "unsupported_media_type"


@pytest.mark.parametrize(("method", "path"), [("DELETE", "/me/profile"), ("PATCH", "/auth/login")])
def test_a_method_the_route_does_not_have_is_405_in_the_error_shape(api, users, method, path):
    user = users.signup()
    answer = api.request(method, path, token=user.id_token)
    assert_error_shape(answer, 405)
    assert answer.error["code"] == "method_not_allowed"
