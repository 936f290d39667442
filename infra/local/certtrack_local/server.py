"""One HTTP server for the portal and every feature's Lambda app, as API Gateway would route them.

Each feature keeps its own Chalice app (as deployed: one function per feature); a request goes to
the app whose routes match it, through Chalice's `LocalGateway`, which runs the built-in authorizer
exactly as the Lambda authorizer runs in AWS. Anything else is a file of `portal/`.
"""

import base64
import json
import mimetypes
import os
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from chalice import Chalice
from chalice.config import Config
from chalice.local import LocalGateway, LocalGatewayException, RouteMatcher

from certtrack.web.features import http_apps
from certtrack_local import gateway, waf
from certtrack_local.resources import ROOT, load_template
from certtrack_local.waf import Limiter

FUNCTIONS = ROOT / "functions"
PORTAL = ROOT / "portal"
# Requests each function serves at once locally (`LOCAL_CONCURRENCY`): enough that one slow request
# does not hold a page's others; moto's DynamoDB still answers one call at a time (`atomic`).
CONCURRENCY = 8


class _PerThread:
    """An attribute of the app that each request thread sees on its own."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, app: Chalice | None, owner: type) -> Any:
        return self if app is None else getattr(app.__dict__["_per_thread"], self.name, None)

    def __set__(self, app: Chalice, value: Any) -> None:
        setattr(app.__dict__["_per_thread"], self.name, value)


def _concurrent(app: Chalice) -> Chalice:
    """`app` with its current request and Lambda context kept per thread. Chalice keeps both on the
    app object, as one Lambda instance serves one request at a time; here one process plays every
    instance of the function, so each request's thread keeps its own (the blueprints read them
    through the app)."""
    app.__dict__["_per_thread"] = threading.local()
    for name in ("current_request", "lambda_context"):
        app.__dict__.pop(name, None)
    app.__class__ = type(
        f"Concurrent{type(app).__name__}",
        (type(app),),
        {
            "current_request": _PerThread("current_request"),
            "lambda_context": _PerThread("lambda_context"),
        },
    )
    return app


class Feature:
    """One deployable function: its Chalice app behind a `LocalGateway`, serving up to `concurrency`
    requests at once as that many Lambda instances would (more wait, as API Gateway's calls would
    wait for a function at its reserved concurrency)."""

    def __init__(self, name: str, app: Chalice, config: Config, concurrency: int = 1) -> None:
        self.name = name
        self.app = _concurrent(app) if concurrency > 1 else app
        self.gateway = LocalGateway(self.app, config)
        self.matcher = RouteMatcher(list(self.app.routes))
        self.instances = threading.BoundedSemaphore(concurrency)

    def matches(self, path: str) -> bool:
        return self.methods(path) is not None

    def methods(self, path: str) -> list[str] | None:
        """The methods the route at `path` answers, or None if no route of this feature is there."""
        try:
            matched = self.matcher.match_route(path)
        except ValueError:
            return None
        return sorted(self.app.routes[matched.route])

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes | None) -> dict[str, Any]:
        with self.instances:
            return self.gateway.handle_request(method=method, path=path, headers=headers, body=body)


DevRoutes = Callable[[str, str, dict[str, str], bytes | None], tuple[int, Any] | None]


class Router:
    def __init__(
        self, features: list[Feature], dev_routes: DevRoutes | None = None, limiter: Limiter | None = None
    ) -> None:
        self.features = features
        self.dev_routes = dev_routes
        self.limiter = limiter or Limiter([])

    def feature_for(self, path: str) -> Feature | None:
        return next((f for f in self.features if f.matches(path)), None)


def build_router(dev_routes: DevRoutes | None = None) -> Router:
    gateway.install()
    config = Config.create(chalice_stage="local", app_name="certtrack", config_from_disk=_chalice_json())
    concurrency = int(os.environ.get("LOCAL_CONCURRENCY", str(CONCURRENCY)))
    features = [Feature(name, app, config, concurrency) for name, app in http_apps(FUNCTIONS).items()]
    exempt = frozenset(a.strip() for a in os.environ.get("RATE_LIMIT_EXEMPT", "").split(",") if a.strip())
    return Router(features, dev_routes, Limiter(waf.rules(load_template()), exempt=exempt))


def _chalice_json() -> dict[str, Any]:
    return json.loads((ROOT / "chalice.json").read_text())


def make_handler(router: Router) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "certtrack-local"
        # Headers and body go out as separate writes; with Nagle on, the body waits ~40 ms for
        # the client's delayed ACK of the headers (measured by bench/latency.py).
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _body(self) -> bytes | None:
            length = int(self.headers.get("content-length") or 0)
            return self.rfile.read(length) if length else None

        def _handle(self) -> None:
            body = self._body()
            headers = dict(self.headers)
            split = urlsplit(self.path)
            address = self.client_address[0]
            # API Gateway appends the address it saw; the app trusts only that last entry
            forwarded = headers.pop("X-Forwarded-For", None) or headers.pop("x-forwarded-for", None)
            headers["X-Forwarded-For"] = f"{forwarded}, {address}" if forwarded else address
            blocked = router.limiter.refuse(split.path, address)
            if blocked is not None:
                self._send(
                    blocked.status, {"Content-Type": "application/json", **blocked.headers}, blocked.body.encode()
                )
                return
            if router.dev_routes is not None:
                answer = router.dev_routes(self.command, self.path, headers, body)
                if answer is not None:
                    status, payload = answer
                    self._send(status, {"Content-Type": "application/json"}, json.dumps(payload).encode())
                    return
            feature = router.feature_for(split.path)
            if feature is None:
                if self.command in ("GET", "HEAD") and self._static(split.path):
                    return
                self._error(404, "not_found", f"no route {self.command} {split.path}")
                return
            try:
                response = feature.handle(self.command, self.path, headers, body)
            except LocalGatewayException as exc:  # the template's gateway responses (certtrack_local.gateway)
                self._send(exc.CODE, dict(exc.headers), exc.body)
                return
            out_headers = {**response.get("headers", {})}
            for name, values in (response.get("multiValueHeaders") or {}).items():
                out_headers[name] = ", ".join(values)
            payload = response.get("body") or b""
            if response.get("isBase64Encoded"):
                payload = base64.b64decode(payload)
            self._send(response["statusCode"], out_headers, payload if isinstance(payload, bytes) else payload.encode())

        def _static(self, path: str) -> bool:
            relative = path.lstrip("/") or "index.html"
            target = (PORTAL / relative).resolve()
            if target.is_dir():
                target = target / "index.html"  # /docs: the API reference page
            if not target.is_relative_to(PORTAL.resolve()) or not target.is_file():
                return False
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if target.suffix == ".js":
                kind = "text/javascript"
            headers = {
                "Content-Type": f"{kind}; charset=utf-8" if kind.startswith("text/") else kind,
                "Cache-Control": "no-cache",
                "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": _REFERENCE_CSP if relative.startswith("docs") else _PORTAL_CSP,
                "Referrer-Policy": "no-referrer",
            }
            self._send(200, headers, target.read_bytes())
            return True

        def _error(self, status: int, code: str, message: str) -> None:
            body = json.dumps({"error": {"code": code, "message": message}}).encode()
            self._send(status, {"Content-Type": "application/json"}, body)

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            headers.setdefault("Content-Type", "application/json")
            for name, value in headers.items():
                if name.lower() != "content-length":
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _not_allowed(self) -> None:
            """Any other method (TRACE, OPTIONS, made-up ones): 405 naming what the path allows, as
            API Gateway answers a method a resource does not have."""
            self._body()
            path = urlsplit(self.path).path
            feature = router.feature_for(path)
            allowed = feature.methods(path) if feature else ["GET", "HEAD"]
            message = f"{self.command} is not allowed here; allowed: {', '.join(allowed or [])}"
            body = json.dumps({"error": {"code": "method_not_allowed", "message": message}}).encode()
            self._send(405, {"Content-Type": "application/json", "Allow": ", ".join(allowed or [])}, body)

        def __getattr__(self, name: str) -> Any:
            if name.startswith("do_"):
                return self._not_allowed
            raise AttributeError(name)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _handle

    return Handler


_PORTAL_CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
#: Redoc (portal/docs) styles itself with inline <style> elements and searches in a blob: worker.
_REFERENCE_CSP = f"{_PORTAL_CSP}; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:"


class _Server(ThreadingHTTPServer):
    #: socketserver's default backlog is 5: a burst of partner deliveries (or a page's parallel
    #: requests) found the rest of its connections reset. API Gateway queues them; so does this.
    request_queue_size = 128


class HttpServer:
    def __init__(self, router: Router, host: str = "127.0.0.1", port: int = 8000) -> None:
        self.httpd = _Server((host, port), make_handler(router))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "HttpServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
