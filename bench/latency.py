"""Local HTTP latency: the whole local system (`python -m certtrack_local`) over HTTP keep-alive.

Started on a free port exactly as tests/conftest.py's `live_system` starts it (own process group,
ready file), signed in as the demo candidate; then, per route, 10 warm-up requests and 200 timed
sequential requests over one `requests.Session`. The process group is sent SIGTERM at the end.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, clean_env, percentile, table, verdict

WARMUP = 10
REQUESTS = 200
TARGET_MEDIAN_MS = 20.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalSystem:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="certtrack-bench-"))
        self.ready = self.dir / "ready.json"
        self.log_path = self.dir / "system.log"
        self.process: subprocess.Popen | None = None
        self.summary: dict[str, Any] = {}
        self.started_s = 0.0

    def start(self, timeout: float = 90) -> "LocalSystem":
        log = open(self.log_path, "wb")  # noqa: SIM115 - the child writes to it for its whole life
        began = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "certtrack_local", "--port", str(_free_port()), "--ready-file", str(self.ready)],
            cwd=ROOT,
            env=clean_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        while not self.ready.exists():
            if self.process.poll() is not None or time.monotonic() - began > timeout:
                self.stop()
                raise RuntimeError("the local system did not start:\n" + self.log_path.read_text())
            time.sleep(0.05)
        time.sleep(0.05)  # the ready file is written in one call; let it land
        self.summary = json.loads(self.ready.read_text())
        self.started_s = time.monotonic() - began
        return self

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        pgid = self.process.pid  # start_new_session: the child leads its own process group
        os.killpg(pgid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.process.wait(timeout=5)


def _get(session: Any, url: str, headers: dict[str, str], dropped: list[str]) -> tuple[float, Any]:
    """One timed GET; a keep-alive connection the server dropped is retried once (and recorded)."""
    import requests

    for attempt in (1, 2):
        t0 = time.perf_counter()
        try:
            response = session.get(url, headers=headers, timeout=30)
            _ = response.content
        except requests.ConnectionError as exc:
            if attempt == 2:
                raise
            dropped.append(f"{url}: {type(exc).__name__}")
            continue
        elapsed = (time.perf_counter() - t0) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}: {response.text[:300]}")
        return elapsed, response
    raise AssertionError("unreachable")


def _timed(session: Any, url: str, headers: dict[str, str], dropped: list[str]) -> list[float]:
    for _ in range(WARMUP):
        _get(session, url, headers, dropped)
    return [_get(session, url, headers, dropped)[0] for _ in range(REQUESTS)]


def _raw(url: str, path: str, headers: dict[str, str], quickack: bool, n: int = 30) -> dict[str, float]:
    """Diagnostic: one raw keep-alive socket; when the headers arrive vs when the last body byte does.
    With `quickack` the client acknowledges every segment at once (Linux TCP_QUICKACK), which removes
    any stall that comes from the server writing a response in two small segments (Nagle's algorithm
    on the server waiting for the client's delayed ACK)."""
    host, port = url.split("//", 1)[1].rsplit(":", 1)
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n".encode()
    first, total = [], []
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for i in range(n + 3):
            t0 = time.perf_counter()
            sock.sendall(request)
            buffer, head_at, length = b"", None, None
            while True:
                if quickack:
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
                chunk = sock.recv(65536)
                if not chunk:
                    raise RuntimeError(f"the server closed the connection during GET {path}")
                buffer += chunk
                head, sep, body = buffer.partition(b"\r\n\r\n")
                if sep and head_at is None:
                    head_at = time.perf_counter()
                    for line in head.split(b"\r\n")[1:]:
                        name, _, value = line.partition(b":")
                        if name.strip().lower() == b"content-length":
                            length = int(value)
                if sep and length is not None and len(body) >= length:
                    break
            if i >= 3:  # warm-ups
                first.append((head_at - t0) * 1000)
                total.append((time.perf_counter() - t0) * 1000)
    return {"headers_ms": percentile(first, 50), "complete_ms": percentile(total, 50)}


def run() -> dict[str, Any]:
    import requests

    system = LocalSystem()
    try:
        system.start()
        url = system.summary["url"]
        account = next(d for d in system.summary["demo"] if d["role"] == "candidate")
        with requests.Session() as session:
            login = session.post(
                f"{url}/auth/login", json={"email": account["email"], "password": account["password"]}, timeout=30
            )
            login.raise_for_status()
            bearer = {"Authorization": f"Bearer {login.json()['id_token']}"}
            results = {}
            dropped: list[str] = []
            for path, headers in (("/me", bearer), ("/health", {})):
                samples = _timed(session, url + path, headers, dropped)
                results[path] = {
                    "median_ms": percentile(samples, 50),
                    "p90_ms": percentile(samples, 90),
                    "p99_ms": percentile(samples, 99),
                    "min_ms": min(samples),
                    "max_ms": max(samples),
                }
            diagnostic = {}
            for path, headers in (("/me", bearer), ("/health", {})):
                diagnostic[path] = {"plain": _raw(url, path, headers, quickack=False)}
                if hasattr(socket, "TCP_QUICKACK"):
                    diagnostic[path]["quickack"] = _raw(url, path, headers, quickack=True)
        return {
            "started_s": system.started_s,
            "account": account["email"],
            "routes": results,
            "diagnostic": diagnostic,
            "dropped_connections": dropped,
        }
    finally:
        system.stop()
        shutil.rmtree(system.dir, ignore_errors=True)


def report(result: dict[str, Any]) -> tuple[str, list[tuple[str, bool]], dict[str, Any]]:
    me, health = result["routes"]["/me"], result["routes"]["/health"]
    ok = me["median_ms"] < TARGET_MEDIAN_MS
    rows = [
        [
            f"GET {path}",
            f"{r['median_ms']:.2f}",
            f"{r['p90_ms']:.2f}",
            f"{r['p99_ms']:.2f}",
            f"{r['min_ms']:.2f}",
            f"{r['max_ms']:.2f}",
            target,
        ]
        for path, r, target in (
            ("/me", me, f"median < {TARGET_MEDIAN_MS:.0f} ms: {verdict(ok)}"),
            ("/health", health, "(floor: no auth, no AWS call)"),
        )
    ]
    lines = [
        f"3. Local HTTP latency: python -m certtrack_local on a free port (ready in {result['started_s']:.1f} s),",
        f"   signed in as the demo candidate {result['account']}; {WARMUP} warm-ups, then {REQUESTS} sequential",
        "   requests over one keep-alive requests.Session.",
        "",
        table(rows, ["route", "median ms", "p90", "p99", "min", "max", "target"]),
        f"   GET /me above the /health floor: {me['median_ms'] - health['median_ms']:.2f} ms median "
        "(authorizer: JWT check + login GetItem; route: one Query; both over HTTP to the embedded moto server)",
    ]
    if result.get("dropped_connections"):
        lines.append(
            f"   (!) the server closed the keep-alive connection {len(result['dropped_connections'])} time(s); "
            "each such request was retried once on a new connection (a retry's time is what is counted)"
        )
    diag = result.get("diagnostic") or {}
    if diag:
        lines += [
            "",
            "   diagnostic (raw socket, 30 requests, medians): when the response headers arrive vs the last body",
            "   byte; 'quickack' has the client ACK every segment at once (TCP_QUICKACK), which removes a stall",
            "   caused by the server writing headers and body as two small segments (Nagle + delayed ACK).",
        ]
        rows = []
        for path, d in diag.items():
            for mode, m in d.items():
                rows.append(
                    [
                        f"GET {path}",
                        mode,
                        f"{m['headers_ms']:.2f}",
                        f"{m['complete_ms']:.2f}",
                        f"{m['complete_ms'] - m['headers_ms']:.2f}",
                    ]
                )
        lines.append(table(rows, ["route", "client", "headers ms", "complete ms", "body after headers"], "     "))
        stall = diag.get("/health", {}).get("plain")
        if stall and stall["complete_ms"] - stall["headers_ms"] > 20:
            quick = diag["/health"].get("quickack", {})
            lines.append(
                f"   -> the body arrives {stall['complete_ms'] - stall['headers_ms']:.0f} ms after the headers unless "
                f"the client ACKs at once ({quick.get('complete_ms', float('nan')):.2f} ms complete): the local "
                "server's response is two writes (headers, then body) on a socket with Nagle's algorithm on."
            )
    data = {"warmup": WARMUP, "requests": REQUESTS, "target_median_ms": TARGET_MEDIAN_MS, **result}
    return "\n".join(lines), [(f"local GET /me median < {TARGET_MEDIAN_MS:.0f} ms", ok)], data
