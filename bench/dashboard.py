"""Benchmark: the public dashboard (page, CSV, API) served from its aggregates.

    .venv/bin/python bench/dashboard.py --size 10000 --db sqlite
    .venv/bin/python bench/dashboard.py --size 1000000 --db postgres
    .venv/bin/python bench/compare.py dashboard

Uses the same benchmark databases as bench/applications.py (generating the applications if they
are not there yet), rebuilds the dashboard's aggregates from them once (`rebuild_dashboard`,
timed: what an installation does once), then measures each page with bench/harness.py and
writes bench/results/dashboard-<db>-<size>.json. The pages read only the aggregates, so their
cost should not grow with the number of applications.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import generate, harness  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, required=True, help="number of applications")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--keep-aggregates", action="store_true",
                        help="measure again without rebuilding the aggregates when they exist")
    args = parser.parse_args()

    url = harness.setup_django(database=args.db, size=args.size)
    if args.db == "postgres":
        harness.ensure_postgres_database(url)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from balai.accounts.models import Office
    from balai.transparency.actions import rebuild_aggregates
    from balai.transparency.models import CaseCounter, DurationBucket

    # One client asks hundreds of times a minute: lift the API's anonymous rate limit here, or
    # the API measurement would time the 429 answers.
    settings.BALAI_API_RATES = {"anon": "1000000/min", "auth": "1000000/min"}
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    citizens = generate.make_citizens(min(620_000, max(1, args.size * 62 // 100)))
    generate.make_applications(args.size, citizen_ids=citizens)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    data = generate.describe()
    print(f"  data ready in {time.monotonic() - started:,.0f} s: {data}")
    t0 = time.monotonic()
    if args.keep_aggregates and CaseCounter.objects.filter(kind="application").exists():
        rebuilt = {"kept": 1}
    else:
        rebuilt = rebuild_aggregates(actor="bench:dashboard")
    rebuild_seconds = round(time.monotonic() - t0, 1)
    data.update({"aggregate_rows": CaseCounter.objects.count() + DurationBucket.objects.count(),
                 "rebuild_seconds": rebuild_seconds, "rebuild": rebuilt})
    print(f"  aggregates rebuilt in {rebuild_seconds} s: {rebuilt}")

    last_year = timezone.localdate().year - 1
    office = Office.objects.get(code="disdukcapil")
    public = Client()
    results = [
        harness.measure(public, "dashboard", "/transparansi/dasbor/", requests=args.requests),
        harness.measure(public, "dashboard, last year", f"/transparansi/dasbor/?tahun={last_year}",
                        requests=args.requests),
        harness.measure(public, "dashboard, one office",
                        f"/transparansi/dasbor/?tahun={last_year}&kantor={office.code}",
                        requests=args.requests),
        harness.measure(public, "dashboard CSV", f"/transparansi/dasbor/layanan.csv?tahun="
                        f"{last_year}", requests=args.requests),
        harness.measure(public, "API /api/v1/dashboard", f"/api/v1/dashboard?year={last_year}",
                        requests=args.requests),
    ]
    out = Path(__file__).resolve().parent / "results" / f"dashboard-{args.db}-{args.size}.json"
    out.write_text(json.dumps({"db": args.db, "size": args.size, "data": data,
                               "results": [harness.as_dict(r) for r in results]}, indent=2,
                              default=str))
    for r in results:
        print(f"  {r.name:26} {r.rps:8.1f} req/s  p50 {r.p50_ms:7.2f} ms  p95 {r.p95_ms:7.2f} ms")
    print(f"  written to {out}")


if __name__ == "__main__":
    main()
