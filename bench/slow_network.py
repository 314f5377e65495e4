"""Benchmark: citizen pages over a slow rural connection, in Chromium, from a cold cache.

    .venv/bin/python bench/slow_network.py
    .venv/bin/python bench/slow_network.py --runs 5 --kbps 400 --latency 400

Sets up a SQLite database with the demo data (var/bench/slow-network.sqlite3), collects the
static files as a deployment does (hashed and compressed), starts `gunicorn` on loopback, then
opens each page in a fresh browser context (empty HTTP cache, no service worker yet) with the
connection throttled through the DevTools protocol (Network.emulateNetworkConditions: the given
bandwidth down and up, and the given round-trip latency). Reports, per page, the median time to
DOMContentLoaded and to the load event, and the bytes transferred; the target is under 5 s.
Writes bench/results/slow-network.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import ROOT  # noqa: E402

CHROMIUM = os.environ.get("BALAI_CHROMIUM", "/usr/bin/chromium")
TARGET_S = 5.0
TIMING = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  return {dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
          bytes: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
          requests: 1 + resources.length};
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _prepare() -> dict[str, Any]:
    """Database, demo data and static files; returns what the pages need."""
    database = ROOT / "var" / "bench" / "slow-network.sqlite3"
    database.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("BALAI_VAR_DIR", str(ROOT / "var" / "bench"))
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from balai.accounts import demo as accounts_demo
    from balai.accounts.queries import find_citizen_by_nik
    from balai.applications.models import Application
    from balai.core.testing import sign_in

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    citizen = find_citizen_by_nik(accounts_demo.CITIZEN["nik"])
    submitted = (Application.objects.filter(applicant=citizen.user, number__isnull=False)
                 .order_by("id").first())
    if submitted is None:
        raise RuntimeError("the demo data has no submitted application of the demo citizen")
    client = Client()
    sign_in(client, citizen.user)
    return {"session": (settings.SESSION_COOKIE_NAME,
                        client.cookies[settings.SESSION_COOKIE_NAME].value),
            "number": submitted.number}


def _pages(number: str) -> list[tuple[str, str, bool]]:
    # (name, path, signed in)
    return [
        ("home", "/", False),
        ("catalogue", "/layanan/", False),
        ("service page", "/layanan/akta-kelahiran/", False),
        ("apply form (signed in)", "/layanan/akta-kelahiran/ajukan/?ubah=1", True),
        ("status page", f"/status/{number}/", False),
    ]


def _start_server(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4"],
        cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=1):  # noqa: S310
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not answer on /robots.txt")


def _measure(browser: Any, base: str, path: str, session: tuple[str, str] | None,
             conditions: dict[str, Any]) -> dict[str, Any]:
    context = browser.new_context(base_url=base, locale="id-ID")
    try:
        if session:
            context.add_cookies([{"name": session[0], "value": session[1], "url": base}])
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", conditions)
        response = page.goto(path, wait_until="load", timeout=60_000)
        if response is None or response.status != 200 or not page.url.endswith(path):
            raise RuntimeError(f"GET {path} gave {response and response.status} at {page.url}")
        return page.evaluate(TIMING)
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="cold loads of each page")
    parser.add_argument("--kbps", type=int, default=400, help="bandwidth down and up")
    parser.add_argument("--latency", type=int, default=400, help="round-trip latency, ms")
    args = parser.parse_args()

    prepared = _prepare()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    bytes_per_second = args.kbps * 1000 / 8
    conditions = {"offline": False, "latency": args.latency,
                  "downloadThroughput": bytes_per_second, "uploadThroughput": bytes_per_second}
    from playwright.sync_api import sync_playwright

    server = _start_server(port)
    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                "--disable-background-networking"])
            for name, path, signed_in in _pages(prepared["number"]):
                runs = [_measure(browser, base, path, prepared["session"] if signed_in else None,
                                 conditions) for _ in range(args.runs)]
                result = {
                    "page": name, "path": path,
                    "dcl_s": round(statistics.median(r["dcl"] for r in runs) / 1000, 2),
                    "load_s": round(statistics.median(r["load"] for r in runs) / 1000, 2),
                    "max_load_s": round(max(r["load"] for r in runs) / 1000, 2),
                    "bytes": int(statistics.median(r["bytes"] for r in runs)),
                    "requests": runs[0]["requests"],
                }
                result["meets_target"] = result["max_load_s"] < TARGET_S
                results.append(result)
                print(f"  {name:24} DOMContentLoaded {result['dcl_s']:5.2f} s  "
                      f"load {result['load_s']:5.2f} s (worst {result['max_load_s']:5.2f} s)  "
                      f"{result['bytes']:7,} B in {result['requests']} requests")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    out = Path(__file__).resolve().parent / "results" / "slow-network.json"
    out.write_text(json.dumps({"kbps": args.kbps, "latency_ms": args.latency, "runs": args.runs,
                               "target_s": TARGET_S, "results": results}, indent=2) + "\n")
    print(f"  written to {out}")


if __name__ == "__main__":
    main()
