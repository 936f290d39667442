"""The SAM template and the code agree: every route of every blueprint is an API event of its
feature's function (and nothing else is, nor is a route wired twice); protected routes use the API's
default JWT authorizer; roles are least-privilege; queues have DLQs; buckets are private and
encrypted; cfn-lint is clean."""

import subprocess
import sys
from pathlib import Path

import pytest

from certtrack.web.features import http_apps
from certtrack_local.resources import load_template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = load_template()
FUNCTIONS = {k: v for k, v in TEMPLATE["Resources"].items() if v["Type"] == "AWS::Serverless::Function"}
APPS = http_apps(ROOT / "functions")


def _api_events(function: dict) -> dict[tuple[str, str], dict]:
    return {
        (e["Properties"]["Method"].upper(), e["Properties"]["Path"]): e["Properties"]
        for e in (function["Properties"].get("Events") or {}).values()
        if e["Type"] == "Api"
    }


def _function_of(feature: str) -> dict:
    found = [f for f in FUNCTIONS.values() if f["Properties"]["Handler"] == f"{feature}.app.app"]
    assert len(found) == 1, f"{feature}: {len(found)} functions in the template"
    return found[0]


def test_cfn_lint_is_clean():
    done = subprocess.run(
        [str(Path(sys.executable).parent / "cfn-lint"), str(ROOT / "infra" / "template.yaml")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("feature", sorted(APPS))
def test_each_blueprint_route_is_exactly_its_functions_api_events(feature):
    routes = {(method, path) for path, methods in APPS[feature].routes.items() for method in methods}
    assert set(_api_events(_function_of(feature))) == routes


@pytest.mark.parametrize("feature", sorted(APPS))
def test_public_routes_and_only_those_skip_the_authorizer(feature):
    events = _api_events(_function_of(feature))
    for path, methods in APPS[feature].routes.items():
        for method, entry in methods.items():
            auth = events[(method, path)].get("Auth")
            if entry.authorizer is None:
                assert auth == {"Authorizer": "NONE"}, (method, path)
            else:
                # no Auth of its own: the API's default authorizer, not another one, an API key or IAM
                assert auth is None, (method, path, auth)


def test_no_route_is_wired_to_two_functions():
    all_routes = [key for f in FUNCTIONS.values() for key in _api_events(f)]
    assert len(all_routes) > 20  # the events were found
    assert len(all_routes) == len(set(all_routes)), "a route is wired to two functions"


def test_the_api_uses_the_jwt_authorizer_by_default():
    auth = TEMPLATE["Resources"]["Api"]["Properties"]["Auth"]
    authorizer = auth["Authorizers"][auth["DefaultAuthorizer"]]
    assert authorizer["Identity"]["Header"] == "Authorization"
    # the alias, not the function: SnapStart restores published versions only, and $LATEST is none
    target, alias = authorizer["FunctionArn"]["Ref"].split(".")
    assert alias == "Alias"
    assert TEMPLATE["Resources"][target]["Properties"]["Handler"] == "certtrack.authorizer.jwt_auth"


def test_every_function_runs_with_snapstart_behind_its_alias():
    function = TEMPLATE["Globals"]["Function"]
    assert function["SnapStart"] == {"ApplyOn": "PublishedVersions"}
    assert function["AutoPublishAlias"]
    overriding = [name for name, f in FUNCTIONS.items() if {"SnapStart", "AutoPublishAlias"} & f["Properties"].keys()]
    assert overriding == []


def test_a_token_stops_working_within_a_minute_of_expiring():
    # API Gateway caches the authorizer's answer per token; the authorizer allows some clock skew
    from certtrack.auth import LEEWAY_SECONDS
    from certtrack.authorizer import AUTHORIZER_CACHE_SECONDS

    auth = TEMPLATE["Resources"]["Api"]["Properties"]["Auth"]
    cached = auth["Authorizers"][auth["DefaultAuthorizer"]]["Identity"]["ReauthorizeEvery"]
    assert cached == AUTHORIZER_CACHE_SECONDS
    assert cached + LEEWAY_SECONDS < 60


def test_the_stage_is_throttled_and_guessable_routes_are_limited_per_address():
    settings = TEMPLATE["Resources"]["Api"]["Properties"]["MethodSettings"]
    assert {(s["ResourcePath"], s["HttpMethod"]) for s in settings} == {("/*", "*")}
    assert all(s["ThrottlingRateLimit"] > 0 and s["ThrottlingBurstLimit"] > 0 for s in settings)
    acl = TEMPLATE["Resources"]["PublicRateLimit"]["Properties"]
    limited = {
        r["Statement"]["RateBasedStatement"]["ScopeDownStatement"]["ByteMatchStatement"]["SearchString"]
        for r in acl["Rules"]
    }
    assert limited == {"/auth/login", "/auth/signup", "/verify/", "/calendar/"}


def test_no_api_event_belongs_to_a_function_without_a_blueprint():
    handlers = {f["Properties"]["Handler"] for f in FUNCTIONS.values() if _api_events(f)}
    assert handlers == {f"{name}.app.app" for name in APPS}


def test_every_function_folder_is_deployed_and_each_handler_is_one_function():
    # a folder may hold one handler per trigger (fulfillment: the queue's and the schedule's), each
    # its own function with its own role; an HTTP feature is one function (see _function_of)
    folders = {p.parent.name for p in (ROOT / "functions").glob("*/app.py")}
    assert {"auth", "account", "personal_info", "health"} <= folders
    handlers = [f["Properties"].get("Handler", "") for f in FUNCTIONS.values()]
    assert len(handlers) == len(set(handlers)), "a handler is deployed as two functions"
    for folder in sorted(folders):
        assert any(h.split(".")[0] == folder for h in handlers), f"functions/{folder} is no function's handler"
    # and each domain-event consumer module (functions/<feature>/events.py) is deployed
    for consumer in sorted((ROOT / "functions").glob("*/events.py")):
        module = f"{consumer.parent.name}.events"
        assert any(h.rsplit(".", 1)[0] == module for h in handlers), f"{module} is no function's handler"


def test_each_function_has_its_own_role_without_wildcard_actions():
    # SAM gives every function its own role; these are the only statements added to it.
    needs_no_aws = {"HealthFunction"}
    for name, function in FUNCTIONS.items():
        assert "Role" not in function["Properties"], f"{name} shares a role"
        statements = [s for p in function["Properties"].get("Policies", []) for s in p.get("Statement", [])]
        assert bool(statements) != (name in needs_no_aws), name
        for statement in statements:
            assert "NotAction" not in statement, name
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            # stricter than "no `*` and no `service:*`": a partial wildcard such as `s3:Get*` is refused too
            assert not any("*" in a for a in actions), (name, actions)


def test_queues_have_dead_letter_queues_and_buckets_are_private_encrypted_and_tls_only():
    resources = TEMPLATE["Resources"]
    queues = {k: v for k, v in resources.items() if v["Type"] == "AWS::SQS::Queue"}
    for name, queue in queues.items():
        if not name.endswith("DLQ"):
            target = queue["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
            assert target == name.removesuffix("Queue") + "DLQ"
    buckets = {k: v["Properties"] for k, v in resources.items() if v["Type"] == "AWS::S3::Bucket"}
    assert queues
    assert buckets
    for name, props in buckets.items():
        block = props.get("PublicAccessBlockConfiguration", {})
        for setting in ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"):
            assert block.get(setting) is True, f"{name}: {setting}"
        rules = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        algorithms = {r["ServerSideEncryptionByDefault"]["SSEAlgorithm"] for r in rules}
        assert algorithms, name
        assert algorithms <= {"AES256", "aws:kms", "aws:kms:dsse"}, name
        assert "AccessControl" not in props, f"{name} sets a canned ACL"
    policies = {
        v["Properties"]["Bucket"]["Ref"]: v["Properties"]
        for v in resources.values()
        if v["Type"] == "AWS::S3::BucketPolicy"
    }
    assert set(policies) == set(buckets), "every bucket refuses plain HTTP, and only buckets have policies"
    for name, props in policies.items():
        (statement,) = props["PolicyDocument"]["Statement"]
        assert (statement["Effect"], statement["Action"]) == ("Deny", "s3:*"), name
        assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}, name
        assert len(statement["Resource"]) == 2, f"{name}: the bucket and its objects"


def test_local_only_routes_are_not_in_the_template():
    paths = {p for f in FUNCTIONS.values() for (_, p) in _api_events(f)}
    assert not any(p.startswith("/dev/") for p in paths)
