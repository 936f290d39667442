"""The portal's weight per page, in Chromium (Playwright) against the local system.

The demo candidate signs in once; its session (the portal keeps it in sessionStorage) is then put
into a fresh browser context per page, so that the first view starts with an empty HTTP cache, as
a new visitor's would. Per page: the first view (`goto` of `#/<page>`) and the repeat view (a
reload in the same context), each counted with Chrome's own network events (CDP): requests, API
requests (fetches; on the repeat view those that reached the server), bytes over the wire
(`encodedDataLength`), requests answered from the cache, portal files sent again in full (neither
from the cache nor a 304), the JavaScript the page ran (decoded bytes of its scripts), and the time
from navigation to the page's data on screen (`#page` no longer `aria-busy`). Targets: one API
request per page view, under 100 KB of JavaScript, no file sent again on a repeat view.
"""

from typing import Any

from common import table
from latency import LocalSystem

PAGES = [
    "home",
    "personal-info",
    "schedule",
    "testing-history",
    "certifications",
    "continuing-education",
    "kits",
    "transcripts",
    "user-guide",
]
JS_BUDGET = 100 * 1024
API_BUDGET = 1


class Counter:
    """Chrome's network events of one page, through a CDP session."""

    def __init__(self, context: Any, page: Any) -> None:
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.reset()
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.responseReceived", self._received)
        self.cdp.on("Network.loadingFinished", self._finished)
        # the status that crossed the wire: a revalidated file is reported above as its cached 200,
        # here as the server's 304
        self.cdp.on(
            "Network.responseReceivedExtraInfo",
            lambda e: self.requests.setdefault(e["requestId"], {}).update(wire_status=e.get("statusCode")),
        )
        self.cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))

    def reset(self) -> None:
        self.requests: dict[str, dict[str, Any]] = {}
        self.cached: set[str] = set()

    def _sent(self, event: dict[str, Any]) -> None:
        self.requests.setdefault(event["requestId"], {"url": event["request"]["url"], "type": event.get("type")})

    def _received(self, event: dict[str, Any]) -> None:
        entry = self.requests.setdefault(event["requestId"], {"url": event["response"]["url"]})
        entry["type"] = event.get("type", entry.get("type"))
        entry["from_cache"] = event["response"].get("fromDiskCache") or event["response"].get("fromPrefetchCache")
        entry["status"] = event["response"]["status"]

    def _finished(self, event: dict[str, Any]) -> None:
        entry = self.requests.setdefault(event["requestId"], {})
        entry["wire"] = event.get("encodedDataLength", 0)

    def summary(self, page: Any) -> dict[str, Any]:
        for rid, r in self.requests.items():
            r["from_cache"] = bool(r.get("from_cache")) or rid in self.cached
        reqs = [r for r in self.requests.values() if r.get("url", "").startswith("http")]
        api = [r for r in reqs if r.get("type") in ("Fetch", "XHR")]
        files = [r for r in reqs if r not in api]
        scripts = page.evaluate(
            "() => performance.getEntriesByType('resource').filter(e => e.initiatorType === 'script'"
            " || e.name.endsWith('.js')).map(e => [e.name, e.decodedBodySize])"
        )
        return {
            "requests": len(reqs),
            "api_requests": len(api),
            "api": sorted({r["url"].split("//", 1)[-1].split("/", 1)[-1].split("?")[0] for r in api}),
            # what reached the server: a fetch the HTTP cache answered is not one
            "api_network": sum(1 for r in api if not r["from_cache"]),
            "wire_bytes": sum(r.get("wire", 0) for r in reqs),
            "from_cache": sum(1 for r in reqs if r["from_cache"]),
            # portal files sent again in full (neither from the cache nor a 304)
            "files_resent": sum(1 for r in files if not r["from_cache"] and r.get("wire_status") == 200),
            "js_bytes": sum(size for _, size in scripts),
        }


def _settled(page: Any) -> float:
    """ms from navigation start to the page's data on screen."""
    page.wait_for_function(
        "() => { const p = document.querySelector('#page');"
        " return p && p.getAttribute('aria-busy') !== 'true' && p.childElementCount > 0; }",
        timeout=30_000,
    )
    return float(page.evaluate("() => performance.now()"))


def run() -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    system = LocalSystem().start()
    try:
        url = system.summary["url"]
        demo = next(d for d in system.summary["demo"] if d["role"] == "candidate")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(f"{url}/#/login")
            page.fill("#login-email", demo["email"])
            page.fill("#login-password", demo["password"])
            page.click("#login-submit")
            page.wait_for_url("**/#/home")
            stored = page.evaluate("() => JSON.stringify(Object.entries(sessionStorage))")
            context.close()
            rows = []
            for name in PAGES:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.add_init_script(
                    f"for (const [k, v] of {stored}) if (!sessionStorage.getItem(k)) sessionStorage.setItem(k, v);"
                )
                page = context.new_page()
                counter = Counter(context, page)
                page.goto(f"{url}/#/{name}")
                first_ms = _settled(page)
                page.wait_for_load_state("networkidle")
                first = counter.summary(page)
                counter.reset()
                page.reload()
                repeat_ms = _settled(page)
                page.wait_for_load_state("networkidle")
                repeat = counter.summary(page)
                # in the app: reached from another page, as a signed-in user moves around (the shell's
                # GET /me is done by then)
                other = "home" if name == "user-guide" else "user-guide"
                page.evaluate(f"() => {{ location.hash = '#/{other}'; }}")
                page.wait_for_load_state("networkidle")
                _settled(page)
                counter.reset()
                began = page.evaluate("() => performance.now()")
                page.evaluate(f"() => {{ location.hash = '#/{name}'; }}")
                page.wait_for_function(f"() => document.body.dataset.route === '{name}'", timeout=30_000)
                moved_ms = _settled(page) - began
                page.wait_for_load_state("networkidle")
                moved = counter.summary(page)
                rows.append(
                    {
                        "page": name,
                        "first": {**first, "data_ms": first_ms},
                        "repeat": {**repeat, "data_ms": repeat_ms},
                        "in_app": {**moved, "data_ms": moved_ms},
                    }
                )
                context.close()
            browser.close()
    finally:
        system.stop()
    return {"pages": rows}


def report(result: dict[str, Any]) -> tuple[str, list[tuple[str, bool]], dict[str, Any]]:
    rows, verdicts = [], []
    for r in result["pages"]:
        f, s, m = r["first"], r["repeat"], r["in_app"]
        rows.append(
            [
                r["page"],
                f"{f['requests']} / {s['requests']} ({s['from_cache']} cached, {s['files_resent']} resent)",
                f"{f['wire_bytes'] / 1024:.1f} / {s['wire_bytes'] / 1024:.1f}",
                f"{f['js_bytes'] / 1024:.1f}",
                f"{f['api_requests']} / {s['api_network']}: {', '.join(f['api'])}",
                f"{m['api_requests']}: {', '.join(m['api'])}",
                f"{f['data_ms']:.0f} / {s['data_ms']:.0f} / {m['data_ms']:.0f}",
            ]
        )
        verdicts.append(
            (
                f"portal {r['page']}: <= {API_BUDGET} API request per view in the app ({m['api_requests']})",
                m["api_requests"] <= API_BUDGET,
            )
        )
        verdicts.append((f"portal {r['page']}: JS < 100 KB ({f['js_bytes'] / 1024:.0f} KB)", f["js_bytes"] < JS_BUDGET))
        verdicts.append(
            (
                f"portal {r['page']}: the repeat view sends no file again ({s['files_resent']} resent)",
                s["files_resent"] == 0,
            )
        )
    text = "\n".join(
        [
            "11. The portal's weight per page (Chromium via Playwright, local system, demo candidate signed in;",
            "   first view = fresh context, empty cache; repeat = reload in the same context). Bytes over the wire",
            "   (KB); 'cached' = answered by the browser's cache, 'resent' = portal files sent again in full (not a",
            "   304); JS = decoded script bytes the page ran; API = fetches of the first view / of the repeat view",
            "   that reached the server; ms = navigation to the page's data on screen; 'in the app' = reached from",
            "   another page by its link (the shell's GET /me is already done). Targets: <= 1 API request per view in",
            "   the app, JS < 100 KB, no file sent again on a repeat view.",
            "",
            table(
                rows,
                [
                    "page",
                    "requests first / repeat",
                    "KB first / repeat",
                    "JS KB",
                    "API requests first / repeat (first view's)",
                    "API requests (in the app)",
                    "data ms first / repeat / in app",
                ],
            ),
        ]
    )
    return text, verdicts, result


if __name__ == "__main__":
    text, verdicts, data = report(run())
    print(text)
    for name, ok in verdicts:
        print(("PASS " if ok else "MISS ") + name)
