"""Benchmarks of regency taxes and payments (issue 5).

assessment: the PBB-P2 assessment run (`run_assessment`) for N tax objects against the physical
  limit, a raw bulk insert of the same rows (SPPT and bill: COPY on PostgreSQL, executemany on
  SQLite), in the same database and run. Each phase runs in its own subprocess so its peak
  memory (ru_maxrss) is its own. Target: within 3x of the raw insert, memory flat in N.
payments: 50 concurrent bank clients post 10,000 payments through the signed host-to-host API
  (in process, every check included), with 20% of the requests duplicates (the same
  X-EXTERNAL-ID and body again) or same-day reversals; throughput, and exactly one credit per
  payment checked in the database afterwards.

    .venv/bin/python bench/taxes.py assessment --db sqlite --size 250000
    .venv/bin/python bench/taxes.py assessment --db postgres --size 250000
    .venv/bin/python bench/taxes.py payments --db postgres --payments 10000 --clients 50

Databases: var/bench/taxes-<size>.sqlite3 and PostgreSQL balai_bench_taxes_<size>, created and
migrated here; objects are generated once per database and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RAW_YEAR, RUN_YEAR, PAY_YEAR = 2024, 2025, 2026


def setup(db: str, size: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("BALAI_VAR_DIR", str(ROOT / "var" / "bench"))
    if db == "sqlite":
        path = ROOT / "var" / "bench" / f"taxes-{size}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
        url = f"{base.rstrip('/')}/balai_bench_taxes_{size}"
        os.environ["DATABASE_URL"] = url
        from bench.harness import ensure_postgres_database

        ensure_postgres_database(url)
    import django

    django.setup()


def prepare(size: int) -> None:
    """Migrate, load regions, tariff and office, and generate `size` objects (once)."""
    from django.core.management import call_command

    from balai.accounts.queries import get_office
    from balai.core.testing import make_office
    from balai.taxes.actions import load_tariff
    from balai.taxes.models import TariffTable, TaxObject, Taxpayer
    from balai.taxes.tariffs import default_file

    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)
    if not TariffTable.objects.exists():
        load_tariff(actor="bench", path=default_file("61.12"))
    if get_office("bapenda") is None:
        make_office(code="bapenda", name="Badan Pendapatan Daerah", short_name="Bapenda")
    have = TaxObject.objects.count()
    if have >= size:
        return
    from balai.regions.models import Region
    from balai.taxes.nop import nop_for
    from balai.taxes.queries import tariff_for_year

    tariff = tariff_for_year(RUN_YEAR)
    villages = list(Region.objects.filter(level=Region.Level.DESA,
                                          parent__parent_id="61.12").order_by("code"))
    rng = random.Random(5)  # noqa: S311 - synthetic data
    # One taxpayer per 50 objects: names are encrypted one by one, which is not what is measured.
    payers = Taxpayer.objects.bulk_create([Taxpayer(name=f"Wajib Pajak {i}")
                                           for i in range(size // 50 + 1)])
    started = time.monotonic()
    batch = []
    for i in range(have, size):
        desa = villages[i % len(villages)]
        serial = i // len(villages)
        batch.append(TaxObject(
            nop=nop_for(tariff=tariff, desa_code=desa.code, block=serial // 9999 + 1,
                        serial=serial % 9999 + 1),
            taxpayer_id=payers[i // 50].pk, kecamatan_id=desa.parent_id, desa_id=desa.code,
            address=f"Jl. Bench No. {i}", land_area=rng.choice([150, 200, 300, 500, 1000]),
            building_area=rng.choice([0, 36, 70, 120]),
            land_njop_per_m2=rng.choice([48_000, 103_000, 335_000, 614_000]),
            building_njop_per_m2=rng.choice([0, 600_000, 1_150_000])))
        if len(batch) == 5000:
            TaxObject.objects.bulk_create(batch)
            batch = []
            print(f"\r  objects {i + 1:,}/{size:,} ({time.monotonic() - started:.0f} s)",
                  end="", flush=True)
    TaxObject.objects.bulk_create(batch)
    print()


# --- assessment ---------------------------------------------------------------------------

def phase_raw(size: int) -> dict[str, Any]:
    """The same SPPT and bill rows the run writes, computed from the same streamed objects,
    written with the fastest plain insert of the database."""
    from django.db import connection, transaction

    from balai.accounts.queries import get_office
    from balai.payments.codes import make_code
    from balai.taxes.models import Sppt, TaxObject
    from balai.taxes.queries import tariff_for_year

    tariff = tariff_for_year(RAW_YEAR)
    office_id = get_office("bapenda").pk
    due = tariff.due_date(RAW_YEAR)
    started = time.perf_counter()
    sppt_cols = ["tax_object_id", "year", "njop_land", "njop_building", "njoptkp", "njkp",
                 "rate_ppm", "amount", "due_date", "issued_at"]
    bill_cols = ["payment_code", "kind", "office_id", "sppt_id", "nop", "payer_id",
                 "description", "principal", "due_date", "interest_bp_per_month",
                 "interest_max_months", "status", "created_at"]
    from django.utils import timezone

    now = timezone.now()
    with transaction.atomic():
        sppt_rows = []
        for oid, land, lr, bld, br in (TaxObject.objects.order_by("id").values_list(
                "id", "land_area", "land_njop_per_m2", "building_area", "building_njop_per_m2")
                .iterator(chunk_size=5000)):
            njkp, rate, amount = tariff.assess_pbb(njop_land=land * lr, njop_building=bld * br,
                                                   food_land=False)
            sppt_rows.append((oid, RAW_YEAR, land * lr, bld * br, tariff.njoptkp, njkp, rate,
                              amount, due, now))
        _bulk(connection, "taxes_sppt", sppt_cols, sppt_rows)
        bill_rows = []
        for sid, oid, amount, nop in (Sppt.objects.filter(year=RAW_YEAR)
                                      .values_list("id", "tax_object_id", "amount",
                                                   "tax_object__nop").iterator(chunk_size=5000)):
            if amount > 0:
                bill_rows.append((make_code(kind="pbb_p2", year=RAW_YEAR, serial=oid), "pbb_p2",
                                  office_id, sid, nop, None, f"PBB-P2 {RAW_YEAR}", amount, due,
                                  100, 15, "belum_bayar", now))
        _bulk(connection, "payments_bill", bill_cols, bill_rows)
    return {"seconds": round(time.perf_counter() - started, 2), "sppt": len(sppt_rows),
            "bills": len(bill_rows)}


def _bulk(connection: Any, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                rows)


def phase_run(size: int) -> dict[str, Any]:
    from balai.taxes.actions import run_assessment

    started = time.perf_counter()
    run = run_assessment(actor="bench", year=RUN_YEAR)
    return {"seconds": round(time.perf_counter() - started, 2), "sppt": run.created}


def run_phase(args: argparse.Namespace) -> None:
    setup(args.db, args.size)
    result = {"raw": phase_raw, "run": phase_run}[args.phase](args.size)
    result["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print("RESULT " + json.dumps(result))


def assessment(args: argparse.Namespace) -> None:
    setup(args.db, args.size)
    prepare(args.size)
    from django.db import connection

    from balai.payments.models import Bill
    from balai.taxes.models import AssessmentRun, Sppt

    # A fresh start for both phases (objects stay).
    Bill.objects.filter(kind="pbb_p2", sppt__year__in=[RAW_YEAR, RUN_YEAR]).delete()
    Sppt.objects.filter(year__in=[RAW_YEAR, RUN_YEAR]).delete()
    AssessmentRun.objects.filter(year=RUN_YEAR).delete()
    connection.close()
    results = {}
    for phase in ("raw", "run"):
        out = subprocess.run([sys.executable, __file__, "phase", "--phase", phase, "--db", args.db,  # noqa: S603
                              "--size", str(args.size)], capture_output=True, text=True,
                             check=True, env=os.environ)
        line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
        results[phase] = json.loads(line[len("RESULT "):])
    results["ratio"] = round(results["run"]["seconds"] / results["raw"]["seconds"], 2)
    results["load_average"] = os.getloadavg()
    print(json.dumps({"db": args.db, "size": args.size, **results}, indent=2))


# --- payments -----------------------------------------------------------------------------

def payments(args: argparse.Namespace) -> None:
    setup(args.db, args.size)
    prepare(args.size)
    from django.db import connections
    from django.db.models import Count
    from django.utils import timezone

    from balai.payments.actions import amount_due
    from balai.payments.bank_client import BankSession, local_transport, new_external_id
    from balai.payments.models import BankRequest, Bill, Payment
    from balai.payments.snap import new_key_pair
    from balai.taxes.actions import run_assessment
    from balai.taxes.models import TaxObject

    if not Bill.objects.filter(sppt__year=PAY_YEAR).exists():
        limit = TaxObject.objects.order_by("id").values_list("id", flat=True)[
            args.payments * 2]
        TaxObject.objects.filter(id__gt=limit).update(is_active=False)
        run_assessment(actor="bench", year=PAY_YEAR)
        TaxObject.objects.update(is_active=True)
    from balai.payments.actions import register_bank_client

    private, public = new_key_pair()
    client, secret = register_bank_client(actor="bench", code=f"bench-{int(time.time())}",
                                          name="Bench bank", public_key_pem=public,
                                          partner_service_id="99999")
    today = timezone.localdate()
    bills = list(Bill.objects.filter(sppt__year=PAY_YEAR, status="belum_bayar")
                 .order_by("id")[:args.payments])
    if len(bills) < args.payments:
        raise SystemExit("not enough unpaid bills: use a larger --size")
    rng = random.Random(7)  # noqa: S311
    when = timezone.now()
    posts = [(b.payment_code, sum(amount_due(b, today)), new_external_id(), f"R{b.pk}")
             for b in bills]
    extra = int(args.payments * 0.2)
    duplicates = [rng.choice(posts) for _ in range(extra // 2)]
    reversals = [(code, ext) for code, _a, ext, _r in rng.sample(posts, extra // 2)]
    work: list[tuple[str, Any]] = ([("pay", p) for p in posts + duplicates])
    rng.shuffle(work)
    # Reversals after their payment: a reversal that arrives before its payment is a bank bug
    # answered 404 (tested separately); here every reversal is of a payment already answered.
    work += [("reverse", r) for r in reversals]
    lock = threading.Lock()
    stats = {"requests": 0, "retries": 0, "codes": {}}

    def worker(items: list[tuple[str, Any]]) -> None:
        session = BankSession(partner_id=client.code, client_key=client.client_key,
                              client_secret=secret, private_key_pem=private,
                              partner_service_id=client.partner_service_id,
                              transport=local_transport)
        try:
            for kind, item in items:
                for _attempt in range(20):
                    try:
                        if kind == "pay":
                            code, amount, ext, ref = item
                            status, answer = session.pay(code, amount, external_id=ext,
                                                         request_id=ref, paid_at=when)
                        else:
                            code, original = item
                            status, answer = session.reverse(code, original,
                                                             external_id=f"rv{original}")
                    except Exception:  # noqa: BLE001 - a 500 (lock timeout): the bank retries
                        status, answer = 500, {"responseCode": "500"}
                    if status == 401 and answer.get("responseCode", "").endswith("01"):
                        session.get_token()  # tokens last 900 s; a long run outlives them
                        continue
                    if status < 500:
                        break
                    with lock:
                        stats["retries"] += 1
                    time.sleep(0.05)
                with lock:
                    stats["requests"] += 1
                    stats["codes"][answer["responseCode"]] = stats["codes"].get(
                        answer["responseCode"], 0) + 1
        finally:
            connections.close_all()

    pay_work = [w for w in work if w[0] == "pay"]
    rev_work = [w for w in work if w[0] == "reverse"]
    started = time.perf_counter()
    for phase in (pay_work, rev_work):
        shards = [phase[i::args.clients] for i in range(args.clients)]
        threads = [threading.Thread(target=worker, args=(s,)) for s in shards]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    elapsed = time.perf_counter() - started
    codes = {b.payment_code for b in bills}
    credited = Payment.objects.filter(client=client, status="dibukukan").count()
    reversed_ = Payment.objects.filter(client=client, status="dibatalkan").count()
    per_bill_max = max(Payment.objects.filter(client=client).values("bill_id")
                       .annotate(n=Count("id")).values_list("n", flat=True))
    paid = Bill.objects.filter(payment_code__in=codes, status="lunas").count()
    check = {
        "payments_rows": Payment.objects.filter(client=client).count(),
        "credited": credited, "reversed": reversed_, "bills_paid": paid,
        "max_payments_per_bill": per_bill_max,
        "stored_answers": BankRequest.objects.filter(client=client).count(),
    }
    ok = (check["payments_rows"] == args.payments and credited == args.payments - len(reversals)
          and reversed_ == len(reversals) and paid == credited and per_bill_max == 1)
    print(json.dumps({"db": args.db, "clients": args.clients, "payments": args.payments,
                      "duplicates": len(duplicates), "reversals": len(reversals),
                      "requests": stats["requests"], "seconds": round(elapsed, 2),
                      "requests_per_second": round(stats["requests"] / elapsed, 1),
                      "retries_after_500": stats["retries"], "answers": stats["codes"],
                      "check": check, "exactly_one_credit_per_payment": ok,
                      "load_average": os.getloadavg()}, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["assessment", "payments", "phase"])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--size", type=int, default=250_000)
    parser.add_argument("--phase", choices=["raw", "run"])
    parser.add_argument("--payments", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
    {"assessment": assessment, "payments": payments, "phase": run_phase}[args.what](args)


if __name__ == "__main__":
    main()
