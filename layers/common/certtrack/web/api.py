"""The route decorator every feature uses, and the request context of the shared blueprint (whose
authorizer is `certtrack.authorizer`).

A view is a plain function of a `Call` (who is calling, the parsed body, path and query parameters)
that returns a pydantic model, a list of them, or a dict. The decorator owns the HTTP contract: it
parses the body with the route's model, maps domain errors to the error shape of ARCHITECTURE.md,
and records the route's schemas for `GET /openapi.json`.
"""

import functools
import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.metrics import MetricUnit
from chalice import Blueprint, Response
from pydantic import BaseModel, ValidationError

from certtrack import snapstart
from certtrack.authorizer import common, jwt_auth
from certtrack.caller import Caller
from certtrack.errors import CerttrackError, Forbidden, InvalidInput, TooLarge
from certtrack.observability import logger, metrics, tracer
from certtrack.web import caching
from certtrack.web.errors import error_response, from_validation_error, response_headers, security_headers

if TYPE_CHECKING:
    from certtrack.partners.registry import Scope

#: A first sign-in's mapping (the account items and their transaction) is imported by the request that
#: needs it, and before the SnapStart snapshot.
snapstart.preload("certtrack.accounts.mapping")


@common.middleware("http")
def _request_context(event: Any, get_response: Callable[[Any], Response]) -> Response:
    ctx = event.context or {}
    logger.append_keys(request_id=ctx.get("requestId"), path=ctx.get("resourcePath"))
    try:
        response = get_response(event)
        response.headers = {**security_headers(), **response.headers}  # Chalice's own refusals too
        body = response.body
        if isinstance(body, dict) and set(body) == {"Code", "Message"}:
            # Chalice's own refusals (415, 405, 500) in the API's error shape.
            code = re.sub(r"(?<!^)(?=[A-Z])", "_", str(body["Code"])).lower().removesuffix("_error")
            response.body = {"error": {"code": code, "message": str(body["Message"])}}
        metrics.add_metric(name="Requests", unit=MetricUnit.Count, value=1)
        if response.status_code >= 500:
            metrics.add_metric(name="ServerErrors", unit=MetricUnit.Count, value=1)
        return response
    finally:
        logger.remove_keys(["request_id", "path", "candidate_id"])
        metrics.flush_metrics()


@dataclass
class Call:
    """One request as a view sees it."""

    caller: Caller | None
    body: Any
    params: dict[str, str]
    query: dict[str, str]
    headers: Mapping[str, str]
    raw_body: bytes
    #: The caller's address: the last X-Forwarded-For entry (the one API Gateway, or the local
    #: server, appended: an earlier one could be made up by the client), else the connection's.
    client_address: str = ""
    #: The partner whose signature the request carries (partner routes only).
    partner_id: str | None = None
    _candidate_id: str | None = field(default=None, repr=False)

    @property
    def candidate_id(self) -> str:
        """The caller's candidate; a login the authorizer saw unmapped is mapped now (first sign-in)."""
        if self._candidate_id is None:
            if self.caller is None:
                raise Forbidden("this route needs a signed-in candidate")
            from certtrack.accounts.mapping import candidate_for

            self._candidate_id = candidate_for(self.caller)
            logger.append_keys(candidate_id=self._candidate_id)
        return self._candidate_id

    @property
    def admin(self) -> Caller:
        """The administrator calling an `admin` route (the decorator has checked the group)."""
        if self.caller is None or not self.caller.is_admin:
            raise Forbidden("this route is for administrators (group admin)")
        return self.caller


@dataclass(frozen=True)
class Operation:
    """What `GET /openapi.json` says about a route."""

    path: str
    method: str
    summary: str
    request: type[BaseModel] | None
    response: Any
    status: int
    public: bool
    admin: bool
    #: What a partner must be allowed to call the route (`catalog/partners.json`); None: no partner route.
    partner: "Scope | None"
    tags: tuple[str, ...]
    query: type[BaseModel] | None = None
    errors: tuple[int, ...] = ()
    media_type: str = "application/json"
    #: Seconds a browser or CDN may keep the answer (public reference data); None: `no-store`.
    max_age: int | None = None

    @property
    def signed(self) -> bool:
        return self.partner is not None


def route(
    bp: Blueprint,
    path: str,
    method: str = "GET",
    *,
    request: type[BaseModel] | None = None,
    response: Any = None,
    query: type[BaseModel] | None = None,
    status: int = 200,
    public: bool = False,
    partner: "Scope | None" = None,
    summary: str = "",
    errors: tuple[int, ...] = (),
    media_type: str = "application/json",
    max_age: int | None = None,
) -> Callable[[Callable[[Call], Any]], Callable[[Call], Any]]:
    """Registers `fn(call)` on `bp` at `method path`, behind the JWT authorizer unless `public`;
    `partner` routes are public but must carry the HMAC signature of their body by a partner allowed
    that scope. Every `/admin/` route refuses a caller outside the admin group before it reads the
    request (a non-admin learns nothing of what a valid request looks like). `media_type` is what a
    success answers with (a view returning a document sets it), so that `/openapi.json` describes
    the bytes a client gets. `max_age` makes a JSON answer cacheable for that many seconds, with an
    ETag that a repeated request names in `If-None-Match` to get a bodyless 304: only for public
    routes, whose answer is the same for every caller (a per-candidate answer is never cached)."""
    admin = path.startswith("/admin/")
    if max_age is not None and not public:
        raise ValueError(f"{method} {path}: only a public answer, the same for everyone, may be cached")

    def decorator(fn: Callable[[Call], Any]) -> Callable[[Call], Any]:
        @functools.wraps(fn)
        def view(**params: str) -> Response:
            req = bp.current_request
            try:
                partner_id = None
                if partner is not None:
                    from certtrack import signing  # Secrets Manager code loads only in the partners function

                    given = req.headers.get(signing.PARTNER_HEADER)
                    partner_id = signing.verify(given, req.headers.get(signing.HEADER), req.raw_body or b"", partner)
                call = _build_call(req, params, request, query, public, admin)
                call.partner_id = partner_id
                result = _traced(fn, call)
            except ValidationError as exc:
                return _refused(from_validation_error(exc))
            except CerttrackError as exc:
                return _refused(exc)
            except Exception:
                logger.exception("unhandled error")
                return error_response(CerttrackError("internal error; the request id is in the logs"))
            if isinstance(result, Response):
                result.headers = response_headers(result.headers)
                return result
            if max_age is not None:
                return _cacheable(req.headers.get("if-none-match"), _dump(result), status, max_age, media_type)
            return Response(body=_dump(result), status_code=status, headers=response_headers())

        view.__openapi__ = Operation(  # type: ignore[attr-defined]
            path=path,
            method=method,
            summary=summary or (fn.__doc__ or fn.__name__).strip().splitlines()[0],
            request=request,
            response=response,
            status=status,
            public=public,
            admin=admin,
            partner=partner,
            tags=(fn.__module__.split(".")[0],),
            query=query,
            errors=errors,
            media_type=media_type,
            max_age=max_age,
        )
        bp.route(path, methods=[method], authorizer=None if public else jwt_auth)(view)
        return fn

    return decorator


def _cacheable(if_none_match: str | None, body: Any, status: int, max_age: int, media_type: str) -> Response:
    """The answer with its validators; a client that holds these bytes already gets a 304 without them.
    A JSON answer keeps its route's media type (a JWK set is JSON, typed as what it is)."""
    text = json.dumps(body, separators=(",", ":"))
    tag = caching.etag(text.encode())
    headers = response_headers({"Cache-Control": f"public, max-age={max_age}", "ETag": tag})
    if caching.not_modified(if_none_match, tag):
        return Response(body="", status_code=304, headers=headers)
    return Response(body=text, status_code=status, headers={**headers, "Content-Type": media_type})


def _refused(exc: CerttrackError) -> Response:
    logger.info("refused", extra={"code": exc.code, "status": exc.status, "field": exc.field})
    return error_response(exc)


def _traced(fn: Callable[[Call], Any], call: Call) -> Any:
    active = tracer()
    if active is None:
        return fn(call)
    with active.provider.in_subsegment(f"## {fn.__name__}") as subsegment:
        subsegment.put_annotation("candidate_id", call._candidate_id or "")
        return fn(call)


def _build_call(
    req: Any,
    params: dict[str, str],
    model: type[BaseModel] | None,
    query_model: type[BaseModel] | None,
    public: bool,
    admin: bool = False,
) -> Call:
    caller = None
    authorizer = (req.context or {}).get("authorizer")
    if not public and authorizer:
        caller = Caller.from_context(authorizer)
        if caller.candidate_id:
            logger.append_keys(candidate_id=caller.candidate_id)
    if admin and (caller is None or not caller.is_admin):
        raise Forbidden("this route is for administrators (group admin)")
    raw = req.raw_body or b""
    body: Any = None
    if model is not None:
        parsed = _json(raw)
        _refuse_hidden_characters(parsed, "")
        body = model.model_validate(parsed)
    query = dict(req.query_params or {})
    _refuse_hidden_characters(query, "")
    if query_model is not None:
        query = query_model.model_validate(query).model_dump(exclude_none=True)
    forwarded = [a.strip() for a in (req.headers.get("x-forwarded-for") or "").split(",") if a.strip()]
    source = ((req.context or {}).get("identity") or {}).get("sourceIp") or ""
    return Call(
        caller=caller,
        body=body,
        params=params,
        query=query,
        headers=req.headers,
        raw_body=raw,
        client_address=forwarded[-1] if forwarded else source,
        _candidate_id=caller.candidate_id if caller else None,
    )


#: No request of this API nests deeper, or is longer; a body past either is refused before parsing.
MAX_JSON_DEPTH = 32
MAX_BODY_BYTES = 64 * 1024


def _json(raw: bytes) -> Any:
    if not raw:
        raise InvalidInput("the request needs a JSON body", field="body")
    if len(raw) > MAX_BODY_BYTES:
        raise TooLarge(f"the body is larger than {MAX_BODY_BYTES // 1024} KiB", field="body")
    # most bodies have fewer brackets than the limit: counting them (in C) spares the scan
    if raw.count(b"[") + raw.count(b"{") > MAX_JSON_DEPTH and _depth(raw) > MAX_JSON_DEPTH:
        raise InvalidInput(f"the body nests deeper than {MAX_JSON_DEPTH} levels", field="body")
    try:
        return json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise InvalidInput(f"the body is not valid JSON ({exc})", field="body") from exc


def _depth(raw: bytes) -> int:
    """The deepest nesting of brackets outside strings: counted on the bytes, so a hostile body costs
    one pass and no recursion."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


#: Characters no field of this API may carry: controls other than tab and line breaks, and Unicode
#: format characters (category Cf), among them the direction overrides that make "abc\u202egpj.exe"
#: display as "abcexe.jpg" on a certificate or a public page. Zero-width (non-)joiners stay: Persian
#: and Indic names need them.
ALLOWED_INVISIBLE = frozenset("\t\n\r\u200c\u200d")


def _refuse_hidden_characters(value: Any, where: str) -> None:
    if isinstance(value, str):
        for char in value:
            if unicodedata.category(char) in ("Cf", "Cc") and char not in ALLOWED_INVISIBLE:
                field = where or "body"
                raise InvalidInput(
                    f"{field}: must not contain invisible control or formatting characters (U+{ord(char):04X})",
                    field=field,
                )
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_hidden_characters(key, where or "body")
            _refuse_hidden_characters(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_hidden_characters(item, f"{where}.{index}" if where else str(index))


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _dump(result: Any) -> Any:
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    if isinstance(result, list):
        return [_dump(r) for r in result]
    if isinstance(result, dict):
        return {k: _dump(v) for k, v in result.items()}
    return result
