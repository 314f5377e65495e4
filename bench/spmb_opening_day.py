"""SPMB opening day: thousands of parents open the registration at the same moment.

Prepares a scratch PostgreSQL database (dropped and made again on every run, so that the count
check after is exact), an open admission year, schools, and `--parents` confirmed citizens
already signed in (their session cookies written for locust: signing in is measured elsewhere
and would hash thousands of passwords). Then starts `gunicorn` on loopback and runs locust
(`bench/locustfile_spmb.py`) headless: each simulated parent opens /spmb/, goes through the
waiting room, fills the form and sends it with two documents; one in ten sends the same form a
second time (a double click), which must not register twice.

After the run: error rate and p95 per step from locust's statistics, and the count check: one
registration per parent who finished, none doubled, none lost.

    .venv/bin/python bench/spmb_opening_day.py --parents 2000 --minutes 10
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import time
import urllib.request
from importlib import import_module
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "var" / "bench"
DB_NAME = "balai_bench_spmb"


def _database(base: str) -> str:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return f"{base}/{DB_NAME}"


def prepare(parents: int, schools: int, slots: int) -> Path:
    base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    os.environ["DATABASE_URL"] = _database(base.rstrip("/"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("BALAI_VAR_DIR", str(OUT))
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["SPMB_WAITING_ROOM_SLOTS"] = str(slots)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command

    from balai.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
    from balai.accounts.models import User
    from balai.education.tests.helpers import make_school, open_year
    from bench.generate import make_citizens

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_regions", stdout=io.StringIO())
    open_year(year=2027, age_reference_date="2027-07-01")
    for n in range(schools):
        level = "smp" if n % 2 else "sd"
        make_school(level=level, capacity=64, latitude=-0.05 - (n % 10) * 0.02,
                    longitude=109.30 + (n // 10) * 0.02, name=f"{level.upper()} Bench {n}")
    ids = make_citizens(parents)
    # Sessions as a finished login leaves them (django.contrib.auth.login), written directly:
    # signing in is measured elsewhere, and a login per parent would dominate the preparation.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    cookies = []
    now = int(time.time())
    for user in User.objects.filter(pk__in=ids).order_by("pk"):
        session = store()
        session.update({SESSION_KEY: str(user.pk), HASH_SESSION_KEY: user.get_session_auth_hash(),
                        BACKEND_SESSION_KEY: "balai.accounts.backends.IdentifierBackend",
                        SIGNED_IN_AT: now, LAST_SEEN_AT: now})
        session.create()
        cookies.append(session.session_key)
    path = OUT / "spmb-sessions.json"
    path.write_text(json.dumps({"cookie": settings.SESSION_COOKIE_NAME, "sessions": cookies}))
    return path


def _start_server(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    log = (OUT / "spmb-gunicorn.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
         "--timeout", "120",
         # Parents pause 10-60 s between steps: keep their connections open that long (as the
         # reverse proxy in front of production does), for all of them at once.
         "--keep-alive", "75", "--worker-connections", "4000"],
        cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=log)
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=1):  # noqa: S310
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not answer on /robots.txt")


def _stats(prefix: Path) -> list[dict[str, Any]]:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return [row for row in csv.DictReader(handle)]


def report_only() -> None:
    """The report of the last run again (the database is still there)."""
    base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    os.environ["DATABASE_URL"] = f"{base.rstrip('/')}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("BALAI_VAR_DIR", str(OUT))
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parents", type=int, default=2000)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--schools", type=int, default=20)
    parser.add_argument("--slots", type=int, default=200, help="SPMB_WAITING_ROOM_SLOTS")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--report-only", action="store_true",
                        help="only the report of the last run (its database is kept)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.report_only:
        report_only()
        report(OUT / "spmb-opening-day", OUT / "spmb-opening-day-parents.json", args)
        return
    started = time.monotonic()
    sessions = prepare(args.parents, args.schools, args.slots)
    print(f"prepared in {time.monotonic() - started:.0f} s", flush=True)
    server = _start_server(args.port, args.workers, args.threads)
    prefix = OUT / "spmb-opening-day"
    results = OUT / "spmb-opening-day-parents.json"
    env = {**os.environ, "SPMB_SESSIONS": str(sessions), "SPMB_RESULTS": str(results)}
    # Every parent arrives within the first minute (opening day: all at once), then the
    # waiting room meters them through the form for the rest of the run.
    spawn_rate = max(1.0, args.parents / 60)
    try:
        subprocess.run(  # noqa: S603 - our own locust, fixed arguments
            [str(Path(sys.executable).parent / "locust"), "-f",
             str(ROOT / "bench" / "locustfile_spmb.py"), "--headless",
             "-u", str(args.parents), "-r", f"{spawn_rate:.2f}", "-t", f"{int(args.minutes * 60)}s",
             "--host", f"http://127.0.0.1:{args.port}", "--csv", str(prefix),
             "--only-summary", "--stop-timeout", "30"],
            cwd=ROOT, env=env, check=False)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # requests still in flight at the end of the run
            server.kill()
            server.wait()
    report(prefix, results, args)


def report(prefix: Path, results: Path, args: argparse.Namespace) -> None:
    from django.db.models import Count

    from balai.education.models import Registration

    outcome = json.loads(results.read_text())
    finished = outcome["registered"]  # parent index -> registration number
    rows = Registration.objects.values("parent").annotate(n=Count("pk"))
    doubled = [r for r in rows if r["n"] > 1]
    numbers = set(Registration.objects.values_list("number", flat=True))
    lost = [n for n in finished.values() if n not in numbers]
    resubmits_same = outcome["resubmits_same"]
    resubmits = outcome["resubmits"]
    stats = _stats(prefix)
    table = []
    for row in stats:
        count = int(row["Request Count"])
        failures = int(row["Failure Count"])
        table.append({"step": row["Name"], "requests": count, "failures": failures,
                      "error_rate": failures / count if count else 0.0,
                      "p50_ms": row["50%"], "p95_ms": row["95%"], "p99_ms": row["99%"]})
    # A submit cut off at the end of the run may have been saved without the parent seeing
    # the receipt: counted apart, never as lost.
    unseen = len(numbers - set(finished.values()))
    summary = {
        "registered_without_receipt_seen": unseen,
        "parents": args.parents, "minutes": args.minutes, "schools": args.schools,
        "slots": args.slots, "workers": args.workers, "threads": args.threads,
        "parents_registered": len(finished), "registrations_in_db": len(numbers),
        "parents_doubled": len(doubled), "registrations_lost": len(lost),
        "double_submits": resubmits, "double_submits_same_number": resubmits_same,
        "max_queue_position_seen": outcome["max_position"], "steps": table}
    (OUT / "spmb-opening-day.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
