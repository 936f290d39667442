"""`GET /openapi.json`: generated from the registered routes and their pydantic models."""

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
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
                "certification_status": {
                    "type": "string",
                    "description": "a 409 `certification_not_active`: the state of the certification that blocks",
                },
            },
        }
    },
}
_REASONS = {
    400: "invalid input: the error names the field and why",
    401: "missing or invalid credentials: a bearer id token, or a partner's signature",
    402: "the payment was declined; nothing was changed",
    403: "not allowed for this caller",
    404: "not found",
    409: "the current state does not allow this",
    429: "too many requests from this address: wait the Retry-After seconds",
    502: "a dependency failed; nothing was changed, so the request can be retried",
}
_SECURITY_SCHEMES = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "the id token `POST /auth/login` gives a signed-in candidate",
    },
    "admin": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "the id token of a member of the Cognito group `admin` (anyone else: 403)",
    },
    "partner": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Certtrack-Partner",
        "description": "the calling partner's id (catalog/partners.json); a partner not allowed the route's"
        " x-certtrack-partner-scope gets 403",
    },
    "partnerSignature": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Certtrack-Signature",
        "description": "t=<unix seconds>,v1=<hex HMAC-SHA256(the partner's secret, '<t>.<raw body>')>;"
        " more than five minutes off is refused",
    },
}
_BINARY = ("image/png", "application/pdf")


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
        for model in (op.request, op.response):
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
    _visible_text_only(paths, schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version, "description": "Certification tracking API."},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": _SECURITY_SCHEMES,
        },
    }


def _visible_text_only(paths: dict[str, dict[str, Any]], schemas: dict[str, Any]) -> None:
    """Every free text a request carries (its body's models, all the way down, and its query) is
    refused with hidden characters in it (certtrack.web.api): its schema says so with a pattern."""
    pattern = _visible_text_pattern()
    todo: list[Any] = []
    for operation in (o for methods in paths.values() for o in methods.values()):
        todo += [v["schema"] for v in operation.get("requestBody", {}).get("content", {}).values()]
        todo += [p["schema"] for p in operation.get("parameters", []) if p["in"] == "query"]
    seen: set[int] = set()
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo += node
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        if node.get("type") == "string" and not {"enum", "const", "pattern", "format"} & set(node):
            node["pattern"] = pattern
        if "$ref" in node:
            todo.append(schemas[node["$ref"].rsplit("/", 1)[1]])
        todo += list(node.values())


@cache
def _visible_text_pattern() -> str:
    """A class of every character the API refuses in text, as ranges of \\uXXXX (read alike by
    ECMA-262, Python and Rust regular expressions). Characters beyond U+FFFF (a few tag and
    shorthand format characters) cannot be put in such a class, and are refused unlisted."""
    from certtrack.web.api import ALLOWED_INVISIBLE  # the refusal's own rule, not a copy of it

    hidden = [
        c for c in range(0x10000) if unicodedata.category(chr(c)) in ("Cc", "Cf") and chr(c) not in ALLOWED_INVISIBLE
    ]
    ranges: list[list[int]] = []
    for c in hidden:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    parts = (f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)
    return f"^[^{''.join(parts)}]*$"


def _is_input(model: type[BaseModel], ops: list[Operation]) -> bool:
    return any(model is op.request for op in ops)


def _schema(model: Any, refs: dict[Any, Any]) -> dict[str, Any]:
    for (m, _mode), schema in refs.items():
        if m is model:
            return schema
    return TypeAdapter(model).json_schema() if model is not None else {}


def _operation(op: Operation, refs: dict[Any, Any]) -> dict[str, Any]:
    success: dict[str, Any] = {"description": "success"}
    if op.media_type == "application/jwt":
        # a compact JWS: JSON Schema has nothing to say about it (and tools that read the media
        # type as JSON, as schemathesis does, would fail to parse it against one)
        success["content"] = {op.media_type: {}}
    elif op.status != 204:
        success["content"] = {op.media_type: {"schema": _body_schema(op, refs)}}
    out: dict[str, Any] = {
        "summary": op.summary,
        "tags": list(op.tags),
        "operationId": re.sub(r"[^A-Za-z0-9]+", "_", f"{op.method}_{op.path}").strip("_").lower(),
        "responses": {str(op.status): success},
    }
    params = [
        {"name": name, "in": "path", "required": True, "schema": _path_parameter(name)}
        for name in re.findall(r"{(\w+)}", op.path)
    ]
    if op.query is not None:
        params += _query_parameters(op.query)
    if params:
        out["parameters"] = params
    if op.request is not None:
        out["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _schema(op.request, refs)}},
        }
    codes = set(op.errors) | ({400} if op.request or op.query else set())
    if op.signed:
        out["security"] = [{"partner": [], "partnerSignature": []}]
        # which partners may call it: those whose entry in catalog/partners.json lists this scope
        out["x-certtrack-partner-scope"] = op.partner
        codes |= {401, 403}
    elif not op.public:
        out["security"] = [{"admin" if op.path.startswith("/admin/") else "bearer": []}]
        codes |= {401, 403}
    for code in sorted(codes):
        out["responses"][str(code)] = {
            "description": _REASONS.get(code, "error"),
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    return out


def _path_parameter(name: str) -> dict[str, Any]:
    """Ids named after the catalog are one of its entries; any other id is a string (an unknown
    one is a 404, not an invalid request)."""
    from certtrack import benefits, kits
    from certtrack.catalog import get_catalog

    catalog = get_catalog()
    named = {
        "cert_id": sorted(catalog.certifications),
        "exam_code": sorted(catalog.exams),
        "kit_id": sorted(kits.kit_id_for(c.cert_id) for c in catalog.certifications.values() if c.kit),
        "benefit_id": [benefits.BENEFIT_ID],
    }
    return {"type": "string", "enum": named[name]} if name in named else {"type": "string"}


def _body_schema(op: Operation, refs: dict[Any, Any]) -> dict[str, Any]:
    """A JSON answer's model; a document's bytes (a PDF, an image, iCalendar text, a JWS) as a string."""
    if op.media_type.endswith("json"):
        return _schema(op.response, refs) if op.response else {}
    return {"type": "string", "format": "binary"} if op.media_type in _BINARY else {"type": "string"}


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """Each query field under the name a client sends (its alias), with the model's own constraints,
    so that a query valid by the document is one the route accepts."""
    schema = model.model_json_schema(mode="validation", ref_template=_REF)
    required = set(schema.get("required", ()))
    return [
        {"name": name, "in": "query", "required": name in required, "schema": _present(prop)}
        for name, prop in schema["properties"].items()
    ]


def _present(prop: dict[str, Any]) -> dict[str, Any]:
    """An optional field's schema without its `null` branch: a query parameter is absent, never null."""
    branches = [b for b in prop.get("anyOf", ()) if b.get("type") != "null"]
    rest = {k: v for k, v in prop.items() if k not in ("anyOf", "title", "default")}
    if len(branches) == 1:
        return {**rest, **branches[0]}
    return {**rest, "anyOf": branches} if branches else rest
