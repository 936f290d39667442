"""`make run`: the whole system on one machine. Ctrl-C or SIGTERM stops everything it started."""

import argparse
import json
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(prog="certtrack_local", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--ready-file", type=Path, help="write the URL and demo accounts here as JSON once serving")
    parser.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="stop when the process that started this one ends (a test run that was killed leaves nothing behind)",
    )
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    started = time.monotonic()

    from certtrack.catalog import CatalogError, get_catalog

    try:
        get_catalog()
    except CatalogError as exc:
        print(f"certtrack: the catalog is broken: {exc}", file=sys.stderr)
        return 2
    # Order matters: the environment is in place before any feature (or the layer's settings) loads.
    from certtrack_local.runtime import EmbeddedAws, free_port

    port = args.port or free_port()
    os.environ["PORTAL_URL"] = f"http://{args.host}:{port}"
    aws = EmbeddedAws().start()
    from certtrack_local import dev, seed
    from certtrack_local.resources import ROOT
    from certtrack_local.server import HttpServer, build_router
    from certtrack_local.workers import Workers

    demo = seed.seed()
    from certtrack import aws as clients
    from certtrack_local import logos

    logos.upload(clients.client("s3"), aws.physical["LogosBucket"])
    workers = Workers(aws.physical).start()
    workers.drain(120)  # the demo facts' evaluations and the events they publish
    server = HttpServer(build_router(dev_routes=dev.DevRoutes(workers)), host=args.host, port=port).start()
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    if args.exit_with_parent:
        threading.Thread(target=_watch_parent, args=(os.getppid(), stop), name="parent", daemon=True).start()

    summary = {"url": server.url, "aws_endpoint": aws.endpoint, "outbox": f"{server.url}/dev/outbox", "demo": demo}
    lines = [
        f"certtrack is serving at {server.url}  (ready in {time.monotonic() - started:.1f} s)",
        f"  portal:     {server.url}/",
        f"  API docs:   {server.url}/openapi.json",
        f"  mailbox:    {server.url}/dev/outbox  (what SES sent, newest first)",
        f'  jobs:       POST {server.url}/dev/jobs/{{{"|".join(sorted(workers.jobs))}}}  with {{"date": "YYYY-MM-DD"}}',
        f"  embedded AWS: {aws.endpoint}",
        "  demo accounts (local only):",
        *[f"    {d['role']:<9} {d['email']:<28} {d['password']}" for d in demo],
        "Ctrl-C stops everything.",
    ]
    print("\n".join(lines), flush=True)
    if args.ready_file:
        args.ready_file.write_text(json.dumps(summary))
    state = ROOT / ".local" / "run.json"  # for `make job` (gitignored)
    state.parent.mkdir(exist_ok=True)
    state.write_text(json.dumps({**summary, "resources": aws.physical}))
    stop.wait()
    print("stopping…", flush=True)
    # The embedded AWS lives in memory and every thread is a daemon: nothing needs saving, so each part
    # gets STOP_SECONDS to stop cleanly, side by side, and then the process ends without waiting for
    # the interpreter's own shutdown (which joins what it finds).
    parts = [threading.Thread(target=part.stop, daemon=True) for part in (server, workers, aws)]
    for part in parts:
        part.start()
    deadline = time.monotonic() + STOP_SECONDS
    for part in parts:
        part.join(max(0.0, deadline - time.monotonic()))
    print("stopped" if not any(p.is_alive() for p in parts) else "stopped (some parts cut short)", flush=True)
    sys.stderr.flush()
    os._exit(0)


#: SIGTERM or Ctrl-C to exit, at most (what `make run`'s users and the test harness wait for).
STOP_SECONDS = 1.5


def _watch_parent(parent: int, stop: threading.Event) -> None:
    while not stop.wait(0.5):
        if os.getppid() != parent:
            stop.set()


if __name__ == "__main__":
    sys.exit(main())
