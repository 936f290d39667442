"""`GET /openapi.json`: generated from the registered routes and their pydantic models."""

import re
from collections.abc import Iterable
from typing import Any

from chalice import Chalice
from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import models_json_schema

from certtrack.web.api import Operation

_REF = "#/components/schemas/{model}"
_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": "string", "description": "the (first) field refused"},
                "errors": {
                    "type": "array",
                    "description": "a 400's every refused field with its reason, in plain words",
                    "items": {
                        "type": "object",
                        "required": ["field", "message"],
                        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                    },
                },
                "first_allowed": {"type": "string", "format": "date"},
            },
        }
    },
}
_REASONS = {
    400: "invalid input: the error names the field and why",
    401: "missing or invalid bearer token",
    402: "the payment was declined; nothing was changed",
    403: "not allowed for this caller",
    404: "not found",
    409: "the current state does not allow this",
    502: "a dependency failed; nothing was changed, so the request can be retried",
}


def operations(apps: Iterable[Chalice]) -> list[Operation]:
    found = []
    for app in apps:
        for methods in app.routes.values():
            for entry in methods.values():
                op = getattr(entry.view_function, "__openapi__", None)
                if op is not None:
                    found.append(op)
    return sorted(found, key=lambda o: (o.path, o.method))


def document(apps: Iterable[Chalice], *, title: str = "certtrack", version: str = "1.0.0") -> dict[str, Any]:
    ops = operations(apps)
    models: set[type[BaseModel]] = set()
    for op in ops:
        for model in (op.request, op.response, op.query):
            if isinstance(model, type) and issubclass(model, BaseModel):
                models.add(model)
    ordered = sorted(models, key=lambda m: m.__name__)
    refs, defs = models_json_schema(
        [(m, "validation" if _is_input(m, ops) else "serialization") for m in ordered], ref_template=_REF
    )
    schemas = dict(defs.get("$defs", {}))
    schemas["Error"] = _ERROR
    paths: dict[str, dict[str, Any]] = {}
    for op in ops:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, refs)
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version, "description": "Certification tracking API."},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }


def _is_input(model: type[BaseModel], ops: list[Operation]) -> bool:
    return any(model in (op.request, op.query) for op in ops)


def _schema(model: Any, refs: dict[Any, Any]) -> dict[str, Any]:
    for (m, _mode), schema in refs.items():
        if m is model:
            return schema
    return TypeAdapter(model).json_schema() if model is not None else {}


def _operation(op: Operation, refs: dict[Any, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "summary": op.summary,
        "tags": list(op.tags),
        "operationId": re.sub(r"[^A-Za-z0-9]+", "_", f"{op.method}_{op.path}").strip("_").lower(),
        "responses": {
            str(op.status): {
                "description": "success",
                "content": {"application/json": {"schema": _schema(op.response, refs) if op.response else {}}},
            }
        },
    }
    params = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in re.findall(r"{(\w+)}", op.path)
    ]
    if op.signed:
        params.append(
            {
                "name": "X-Certtrack-Partner",
                "in": "header",
                "required": True,
                "description": f"the calling partner's id (catalog/partners.json); it must be allowed {op.partner}",
                "schema": {"type": "string"},
            }
        )
        params.append(
            {
                "name": "X-Certtrack-Signature",
                "in": "header",
                "required": True,
                "description": "t=<unix seconds>,v1=<hex HMAC-SHA256(partner's secret, '<t>.<raw body>')>",
                "schema": {"type": "string"},
            }
        )
    if op.query is not None:
        for name, field in op.query.model_fields.items():
            params.append({"name": name, "in": "query", "required": field.is_required(), "schema": {"type": "string"}})
    if params:
        out["parameters"] = params
    if op.request is not None:
        out["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _schema(op.request, refs)}},
        }
    codes = set(op.errors) | ({400} if op.request or op.query else set()) | ({401, 403} if op.signed else set())
    if not op.public:
        out["security"] = [{"bearer": []}]
        codes |= {401, 403}
    for code in sorted(codes):
        out["responses"][str(code)] = {
            "description": _REASONS.get(code, "error"),
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    return out
