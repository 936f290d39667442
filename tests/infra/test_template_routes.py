"""The SAM template and the code agree: every route of every blueprint is an API event of its
feature's function (and nothing else is); roles are least-privilege; cfn-lint is clean."""

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
            skips = events[(method, path)].get("Auth", {}).get("Authorizer") == "NONE"
            assert skips == (entry.authorizer is None), (method, path)


def test_no_api_event_belongs_to_a_function_without_a_blueprint():
    handlers = {f["Properties"]["Handler"] for f in FUNCTIONS.values() if _api_events(f)}
    assert handlers == {f"{name}.app.app" for name in APPS}


def test_every_function_folder_is_deployed():
    folders = {p.parent.name for p in (ROOT / "functions").glob("*/app.py")}
    deployed = {f["Properties"]["Handler"].split(".")[0] for f in FUNCTIONS.values()}
    assert folders <= deployed


def test_each_function_has_its_own_role_without_wildcard_actions():
    # SAM gives every function its own role; these are the only statements added to it.
    needs_no_aws = {"HealthFunction"}
    for name, function in FUNCTIONS.items():
        assert "Role" not in function["Properties"], f"{name} shares a role"
        statements = [s for p in function["Properties"].get("Policies", []) for s in p.get("Statement", [])]
        assert bool(statements) != (name in needs_no_aws), name
        for statement in statements:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            assert not any(a == "*" or a.endswith(":*") for a in actions), (name, actions)


def test_queues_have_dead_letter_queues_and_buckets_are_private_and_encrypted():
    resources = TEMPLATE["Resources"]
    queues = {k: v for k, v in resources.items() if v["Type"] == "AWS::SQS::Queue"}
    for name, queue in queues.items():
        if not name.endswith("DLQ"):
            target = queue["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
            assert target == name.removesuffix("Queue") + "DLQ"
    for name, bucket in resources.items():
        if bucket["Type"] == "AWS::S3::Bucket":
            block = bucket["Properties"]["PublicAccessBlockConfiguration"]
            assert all(block.values()), name
            assert bucket["Properties"]["BucketEncryption"], name


def test_local_only_routes_are_not_in_the_template():
    paths = {p for f in FUNCTIONS.values() for (_, p) in _api_events(f)}
    assert not any(p.startswith("/dev/") for p in paths)
