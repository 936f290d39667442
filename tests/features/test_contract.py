"""The API contract outside callers rely on (ARCHITECTURE.md "API outline"): `GET /openapi.json` is a
valid description of exactly the routes there are, with each route's security, the partner signature
header and the body schemas, and every kind of refusal has the strict error shape with its code (400,
401 on a login, 403, 404, 409, 415 for a form body, 405)."""

from pathlib import Path

import pytest
from conftest import ADDRESS
from openapi_spec_validator import validate

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


def test_every_route_behind_the_authorizer_declares_bearer_security_and_public_ones_do_not(api):
    paths = api.get("/openapi.json").body["paths"]
    scheme = api.get("/openapi.json").body["components"]["securitySchemes"]["bearer"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    me_routes = 0
    for (method, path), entry in routes().items():
        operation = paths[path][method.lower()]
        if path == "/me" or path.startswith("/me/"):
            me_routes += 1
            assert entry.authorizer is not None, (method, path)
        if entry.authorizer is not None:
            assert operation.get("security") == [{"bearer": []}], (method, path)
            assert "401" in operation["responses"], (method, path)
        else:
            assert "security" not in operation, (method, path)
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


def test_signed_partner_routes_declare_the_partner_and_signature_headers(api):
    paths = api.get("/openapi.json").body["paths"]
    headers = [p["name"] for p in paths["/vendor/exam-results"]["post"]["parameters"]]
    assert headers == ["X-Certtrack-Partner", "X-Certtrack-Signature"]


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
