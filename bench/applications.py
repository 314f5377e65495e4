"""Benchmark: the public status page, the citizen dashboard and an officer queue.

    .venv/bin/python bench/applications.py --size 10000 --db sqlite
    .venv/bin/python bench/applications.py --size 1000000 --db postgres
    .venv/bin/python bench/compare.py applications

Generates the data once per database and size (620 citizens per 1,000 applications, up to
620,000), then measures each page with bench/harness.py and writes
bench/results/applications-<db>-<size>.json.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

from balai.core.testing import sign_in

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import generate, harness  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, required=True, help="number of applications")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    url = harness.setup_django(database=args.db, size=args.size)
    if args.db == "postgres":
        harness.ensure_postgres_database(url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from balai.accounts.models import User
    from balai.applications.models import Application

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    citizens = generate.make_citizens(min(620_000, max(1, args.size * 62 // 100)))
    generate.make_applications(args.size, citizen_ids=citizens)
    with connection.cursor() as cursor:
        # What autovacuum does after bulk loads in production: planner statistics, and on
        # PostgreSQL the visibility map that lets index-only scans skip the table.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    data = generate.describe()
    print(f"  data ready in {time.monotonic() - started:,.0f} s: {data}")

    sample = (Application.objects.filter(number__startswith="KR-", is_open=False)
              .order_by("id")[args.size // 2:args.size // 2 + 1].get())
    officer = User.objects.get(username="verifikator.dukcapil")
    results = []
    public = Client()
    results.append(harness.measure(public, "status page", f"/status/{sample.number}/",
                                   requests=args.requests))
    citizen = Client()
    sign_in(citizen, User.objects.get(pk=sample.applicant_id))
    results.append(harness.measure(citizen, "citizen dashboard", "/permohonan/",
                                   requests=args.requests))
    clerk = Client()
    sign_in(clerk, officer)
    results.append(harness.measure(clerk, "officer queue", "/permohonan/antrean/",
                                   requests=args.requests))
    results.append(harness.measure(clerk, "officer queue, overdue",
                                   "/permohonan/antrean/?overdue=on", requests=args.requests))
    out = Path(__file__).resolve().parent / "results" / f"applications-{args.db}-{args.size}.json"
    out.write_text(json.dumps({"db": args.db, "size": args.size, "data": data,
                               "results": [harness.as_dict(r) for r in results]}, indent=2))
    for r in results:
        print(f"  {r.name:26} {r.rps:8.1f} req/s  p50 {r.p50_ms:7.2f} ms  p95 {r.p95_ms:7.2f} ms")
    print(f"  written to {out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out}")


if __name__ == "__main__":
    main()
