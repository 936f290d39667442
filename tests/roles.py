"""Every AWS call a feature makes is allowed by its own role in infra/template.yaml.

moto does not enforce IAM, so a role missing an action passes every local test and fails in AWS. The
`roles` fixture records the calls each API request, its authorizer (another function, with its own
role) and each worker or job invocation make, and checks them here: the IAM action, and for a queue, a
bucket or a table index, that a statement allowing the action names that resource.
"""

import importlib
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from botocore import signers
from botocore.client import BaseClient

#: Calls only the local stage makes (sign-ups confirmed without the emailed code).
LOCAL_ONLY = {"cognito-idp:AdminConfirmSignUp", "cognito-idp:AdminUpdateUserAttributes"}
#: API operations whose IAM action has another name.
ACTION = {"s3:HeadObject": "s3:GetObject", "s3:ListObjectsV2": "s3:ListBucket"}
TRANSACT = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem", "ConditionCheck": "ConditionCheckItem"}


class Call:
    def __init__(self, action: str, resource: str | None) -> None:
        self.action = action
        self.resource = resource

    def __repr__(self) -> str:
        return f"{self.action} on {self.resource or '*'}"


class Roles:
    """Each function's statements, from the template, by its handler (`fulfillment.app.sweep`) and,
    for a module that is the handler of one function only (every HTTP feature, the authorizer), by
    that module's top package (`kits`): one module may serve several triggers, each its own function."""

    def __init__(self, template: dict[str, Any], physical: dict[str, str]) -> None:
        self.statements: dict[str, list[dict[str, Any]]] = {}
        packages: dict[str, list[str]] = {}
        for resource in template["Resources"].values():
            if resource["Type"] != "AWS::Serverless::Function":
                continue
            props = resource["Properties"]
            found = [s for p in props.get("Policies", []) for s in p.get("Statement", [])]
            self.statements[props["Handler"]] = [s for s in found if s.get("Effect") == "Allow"]
            packages.setdefault(props["Handler"].split(".")[0], []).append(props["Handler"])
        for package, handlers in packages.items():
            if len(handlers) == 1:
                self.statements[package] = self.statements[handlers[0]]
        # physical name or URL -> logical id, to name the queue or bucket a call used
        self.logical = {value: name for name, value in physical.items()}

    def calls(self, service: str, operation: str, params: dict[str, Any]) -> list[Call]:
        named = params.get("QueueUrl") or params.get("Bucket") or (params.get("Entries") or [{}])[0].get("EventBusName")
        resource = self.logical.get(named or "")
        if service == "dynamodb":
            if operation == "TransactWriteItems":
                return [Call(f"dynamodb:{TRANSACT[k]}", "Table") for item in params["TransactItems"] for k in item]
            resource = f"index/{params['IndexName']}" if params.get("IndexName") else "Table"
        action = f"{service}:{operation}"
        return [Call(ACTION.get(action, action), resource)]

    def refused(self, function: str, calls: list[Call]) -> list[Call]:
        """The calls no statement of the function's role allows (`function`: its handler, its package
        where that is the handler of one function only, or an API feature's package)."""
        statements = self.statements.get(function) or self.statements.get(f"{function}.app.app", [])
        missing = []
        for call in calls:
            if call.action in LOCAL_ONLY:
                continue
            allowing = [s for s in statements if call.action in _listed(s["Action"])]
            if call.resource is not None:
                allowing = [s for s in allowing if _names(s["Resource"], call.resource)]
            if not allowing:
                missing.append(call)
        return missing


def _listed(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


def _names(resource: Any, wanted: str) -> bool:
    """True when the statement's Resource (a GetAtt, a Sub or a list of them) covers `wanted`: the
    table itself, `index/<name>` of the table, or a queue's or bucket's logical id."""
    for item in resource if isinstance(resource, list) else [resource]:
        if isinstance(item, dict) and "Fn::GetAtt" in item:
            ref, rest = item["Fn::GetAtt"][0], ""
        elif (
            isinstance(item, dict)
            and "Fn::Sub" in item
            and (found := re.match(r"\$\{(\w+)\.Arn\}(.*)", item["Fn::Sub"]))
        ):
            ref, rest = found.groups()
        else:
            continue
        if wanted.startswith("index/"):
            if ref == "Table" and rest in (f"/{wanted}", "/index/*"):
                return True
        elif ref == wanted and (wanted != "Table" or rest == ""):
            return True
    return False


class Recorder:
    """Collects the AWS calls made on this thread while `recording`, outside of `authorizing`."""

    def __init__(self, roles: Roles) -> None:
        self.roles = roles
        self.local = threading.local()
        self.last: list[Call] = []  # the calls of the last request checked

    def install(self, monkeypatch: Any) -> None:
        real_call = BaseClient._make_api_call
        real_presign = signers.generate_presigned_url
        recorder = self

        def make_api_call(client: BaseClient, operation: str, params: dict[str, Any]) -> Any:
            recorder._note(client.meta.service_model.service_name, operation, params)
            return real_call(client, operation, params)

        def generate_presigned_url(client: BaseClient, ClientMethod: str, Params: Any = None, **kw: Any) -> Any:
            operation = client.meta.method_to_api_mapping.get(ClientMethod, ClientMethod)
            recorder._note(client.meta.service_model.service_name, operation, Params or {})
            return real_presign(client, ClientMethod, Params=Params, **kw)

        monkeypatch.setattr(BaseClient, "_make_api_call", make_api_call)
        # botocore copies this function onto each S3 client class it creates (clients made after this)
        monkeypatch.setattr(signers, "generate_presigned_url", generate_presigned_url)

    def _note(self, service: str, operation: str, params: dict[str, Any]) -> None:
        calls = getattr(self.local, "calls", None)
        if calls is not None:
            calls.extend(self.roles.calls(service, operation, params))

    @contextmanager
    def recording(self, function: str) -> Iterator[None]:
        outer = getattr(self.local, "calls", None)
        self.local.calls = []
        try:
            yield
            self.last = self.local.calls
            missing = self.roles.refused(function, self.local.calls)
            assert not missing, f"{function}'s role in infra/template.yaml does not allow {missing}"
        finally:
            self.local.calls = outer

    def wrap_workers(self, template: dict[str, Any], monkeypatch: Any) -> None:
        """The handler of each function an SQS queue or a schedule triggers, checked the same way
        against that function's role."""
        for resource in template["Resources"].values():
            if resource["Type"] != "AWS::Serverless::Function":
                continue
            props = resource["Properties"]
            if not {e["Type"] for e in (props.get("Events") or {}).values()} & {"SQS", "Schedule"}:
                continue
            path, _, name = props["Handler"].rpartition(".")
            module = importlib.import_module(path)
            monkeypatch.setattr(module, name, self._checked(props["Handler"], getattr(module, name)))

    def _checked(self, function: str, handler: Callable[..., Any]) -> Callable[..., Any]:
        def checked(event: Any, context: Any) -> Any:
            with self.recording(function):
                return handler(event, context)

        return checked
