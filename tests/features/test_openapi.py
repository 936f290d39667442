"""`GET /openapi.json` describes every route; every refusal has the error shape."""

from pathlib import Path

from openapi_spec_validator import validate

from certtrack.web.features import http_apps

ROOT = Path(__file__).resolve().parents[2]


def test_openapi_is_valid_and_lists_every_route(api):
    answer = api.get("/openapi.json")
    assert answer.status == 200
    validate(answer.body)
    documented = {(m.upper(), p) for p, ops in answer.body["paths"].items() for m in ops}
    routes = {(m, p) for app in http_apps(ROOT / "functions").values() for p, ms in app.routes.items() for m in ms}
    assert documented == routes


def test_openapi_marks_protected_routes_and_signed_partner_routes(api):
    paths = api.get("/openapi.json").body["paths"]
    assert paths["/me/profile"]["get"]["security"] == [{"bearer": []}]
    assert "security" not in paths["/auth/login"]["post"]
    headers = [p["name"] for p in paths["/vendor/exam-results"]["post"]["parameters"]]
    assert headers == ["X-Certtrack-Signature"]
    body = paths["/me/addresses/mailing"]["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/MailingAddress")


def test_refusals_share_one_error_shape(api, users):
    user = users.signup()
    samples = [
        api.post("/auth/signup", {"email": "nope"}),
        api.get("/me"),
        api.get("/admin/support-cases", token=user.id_token),
        api.get("/me/certifications/ccna", token=user.id_token),
        api.post(
            "/auth/signup",
            {
                "email": user.email,
                "password": "Sup3r-secret-pass!",
                "first_name": "A",
                "last_name": "B",
                "country": "GB",
            },
        ),
    ]
    assert [s.status for s in samples] == [400, 401, 403, 404, 409]
    for sample in samples[2:]:
        assert set(sample.body) == {"error"}
        assert {"code", "message"} <= set(sample.error)


def test_a_body_that_is_not_json_is_refused_with_415_or_400(api):
    wrong_type = api.request("POST", "/auth/login", raw=b"email=a", headers={"content-type": "text/plain"})
    assert wrong_type.status == 415
    assert wrong_type.error["code"] == "unsupported_media_type"
    broken = api.request("POST", "/auth/login", raw=b"{not json")
    assert broken.status == 400
    assert broken.error["field"] == "body"
