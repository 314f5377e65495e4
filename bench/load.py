"""Load test: many people at once against gunicorn and PostgreSQL on loopback, with locust.

    .venv/bin/python bench/load.py                       # 50 users, 2 minutes
    .venv/bin/python bench/load.py --users 50 --duration 2m --workers 2 --threads 4

Creates a scratch PostgreSQL database (balai_loadtest on BENCH_POSTGRES_URL, dropped and made
again each run), migrates it, loads the demo data (load_demo), then adds what the scenario
needs: the akta-kelahiran service at a bench office, citizens and verifying officers signed in
(session cookies, officers' sessions past two-factor as after a real sign-in), a partner bank
with its keys, and PBB-P2 bills to pay. Collects the static files as a deployment does, starts
`gunicorn` on a free loopback port, and runs locust headless (bench/locustfile.py):

    visitor  the home page, the catalogue, a service page, the public status page
    citizen  applies for a birth certificate: data, four PDF uploads, review and submit
    officer  opens the queue and an application, verifies it
    bank     signed SNAP calls: inquiry then payment of a bill (bench/locustfile.py)

Prints a Markdown table per request type (requests, failures, requests per second, median,
p95, max) with the load average before and after, and writes bench/results/load.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench"
DATABASE = "balai_loadtest"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _scratch_database() -> str:
    import psycopg

    base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return f"{base}/{DATABASE}"


def prepare(*, citizens: int, officers: int, bills: int) -> dict[str, Any]:
    """Database, demo data, scenario data and static files; returns what locust needs."""
    os.environ["DATABASE_URL"] = _scratch_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("BALAI_VAR_DIR", str(VAR))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    VAR.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    import logging

    logging.getLogger("axes").setLevel(logging.WARNING)  # one line per signed-in person
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from balai.applications.tests.helpers import akta_definition
    from balai.core.testing import make_citizen, make_office, make_officer, sign_in
    from balai.payments.actions import amount_due, register_bank_client
    from balai.payments.models import Bill
    from balai.payments.snap import new_key_pair
    from balai.taxes.actions import run_assessment

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    print(f"  migrated, demo data loaded ({time.monotonic() - started:.0f} s)", flush=True)

    office = make_office(code="dukcapil-beban", name="Disdukcapil (uji beban)",
                         short_name="Dukcapil Beban")
    definition = akta_definition(office)

    def session_of(user: Any) -> str:
        client = Client()
        sign_in(client, user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    people = [session_of(make_citizen().user) for _ in range(citizens)]
    staff = [session_of(make_officer(office=office, role="verifikator"))
             for _ in range(officers)]
    _tax_objects(bills)
    run_assessment(actor="bench", year=2026)
    today = timezone.localdate()
    to_pay = [(b.payment_code, sum(amount_due(b, today)))
              for b in Bill.objects.filter(sppt__year=2026, status="belum_bayar").order_by("id")]
    private, public = new_key_pair()
    client, secret = register_bank_client(actor="bench", code="bank-beban", name="Bank uji beban",
                                          public_key_pem=public, partner_service_id="77777")
    print(f"  scenario data ready ({time.monotonic() - started:.0f} s): {len(people)} citizens, "
          f"{len(staff)} officers, {len(to_pay)} bills", flush=True)
    return {"service": definition.service.code, "cookie": settings.SESSION_COOKIE_NAME,
            "citizens": people, "officers": staff, "bills": to_pay,
            "bank": {"partner_id": client.code, "client_key": client.client_key,
                     "client_secret": secret, "private_key_pem": private,
                     "partner_service_id": client.partner_service_id}}


def _tax_objects(count: int) -> None:
    """`count` more PBB-P2 objects (bulk), in blocks 500 and up of each village so that they
    never meet the demo's numbers; the assessment then bills each of them."""
    import random

    from balai.regions.models import Region
    from balai.taxes.models import TaxObject, Taxpayer
    from balai.taxes.nop import nop_for
    from balai.taxes.queries import tariff_for_year

    tariff = tariff_for_year(2026)
    villages = list(Region.objects.filter(level=Region.Level.DESA,
                                          parent__parent_id="61.12").order_by("code"))
    rng = random.Random(5)  # noqa: S311 - synthetic data
    payers = Taxpayer.objects.bulk_create([Taxpayer(name=f"Wajib Pajak Beban {i}")
                                           for i in range(count // 50 + 1)])
    objects = []
    for i in range(count):
        desa = villages[i % len(villages)]
        serial = i // len(villages)
        objects.append(TaxObject(
            nop=nop_for(tariff=tariff, desa_code=desa.code, block=500 + serial // 9999,
                        serial=serial % 9999 + 1),
            taxpayer_id=payers[i // 50].pk, kecamatan_id=desa.parent_id, desa_id=desa.code,
            address=f"Jl. Beban No. {i}", land_area=rng.choice([150, 200, 300, 500]),
            building_area=rng.choice([0, 36, 70]), land_njop_per_m2=rng.choice([48_000, 103_000]),
            building_njop_per_m2=rng.choice([0, 600_000])))
    TaxObject.objects.bulk_create(objects, batch_size=2000)


def _start_server(port: int, workers: int, threads: int, log: Path) -> subprocess.Popen[bytes]:
    # As in production behind nginx: the client's scheme and address from X-Forwarded-*.
    env = {**os.environ, "BEHIND_TLS_PROXY": "true"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
         "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):  # noqa: S310 - exempt from the HTTPS redirect
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"gunicorn did not answer on /healthz: {log.read_text()[-2000:]}")


def _table(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        out.append({"name": row["Name"], "type": row["Type"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": round(float(row["Requests/s"]), 1),
                    "p50_ms": float(row["50%"] or 0), "p95_ms": float(row["95%"] or 0),
                    "max_ms": round(float(row["Max Response Time"] or 0))})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", default="2m", help="locust's --run-time (default 2m)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    parser.add_argument("--bills", type=int, default=3000)
    args = parser.parse_args()

    fixture = prepare(citizens=args.users, officers=max(2, args.users // 10), bills=args.bills)
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    fixture_path = VAR / "load-fixture.json"
    fixture_path.write_text(json.dumps(fixture))
    port = _free_port()
    server = _start_server(port, args.workers, args.threads, VAR / "load-gunicorn.log")
    load_before = os.getloadavg()
    csv_prefix = VAR / "load"
    try:
        subprocess.run(  # noqa: S603 - our own locust, fixed arguments
            [str(Path(sys.executable).parent / "locust"),
             "-f", str(ROOT / "bench" / "locustfile.py"),
             "--headless", "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
             "--run-time", args.duration, "--host", f"http://127.0.0.1:{port}",
             "--csv", str(csv_prefix), "--only-summary", "--stop-timeout", "10"],
            cwd=ROOT, env={**os.environ, "BALAI_LOAD_FIXTURE": str(fixture_path)}, check=False)
    finally:
        load_after = os.getloadavg()
        server.terminate()
        server.wait(timeout=30)

    import csv

    with (VAR / "load_stats.csv").open() as handle:
        rows = _table(list(csv.DictReader(handle)))
    with (VAR / "load_failures.csv").open() as handle:
        failures = list(csv.DictReader(handle))
    summary = {"users": args.users, "duration": args.duration, "gunicorn_workers": args.workers,
               "gunicorn_threads": args.threads, "cpus": os.cpu_count(),
               "load_average_before": [round(x, 2) for x in load_before],
               "load_average_after": [round(x, 2) for x in load_after],
               "requests": rows, "failures": failures}
    (results / "load.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    print(f"\n{args.users} users, {args.duration}, gunicorn {args.workers}x{args.threads}, "
          f"load average before {summary['load_average_before']} after "
          f"{summary['load_average_after']}\n")
    print("| request | requests | failures | req/s | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['type']} {r['name']} | {r['requests']} | {r['failures']} | {r['rps']} | "
              f"{r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['max_ms']} |")
    for failure in failures:
        print(f"failure: {failure['Method']} {failure['Name']} x{failure['Occurrences']}: "
              f"{failure['Error'][:200]}")


if __name__ == "__main__":
    main()
