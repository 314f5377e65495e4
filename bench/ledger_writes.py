"""The ledger's write ceiling (issue 12): payments per second posted through the signed bank API
by concurrent writers, first with the old head-locked append, then with the sequencer, in the
same run and the same database.

head-locked: `record_event` as it was before the sequencer (`head_locked_record_event` below,
  the old code): every append locks the chain head row, so concurrent payments queue on it
  until each one commits. Selected only here, by replacing the function the payments module
  calls, in the writer processes of this phase.
sequencer: `record_event` as it is now: an unsequenced insert, nothing shared locked; the
  commit enqueues the sequencer task (database task backend, debounced) and one sequencer
  process (standing in for `manage.py db_worker` running those tasks: a run, then at most one
  more per second) chains and seals batches meanwhile.

Each writer is its own process (its own connection, no shared interpreter lock), posting its
share of the payments in process through the SNAP host-to-host API (token, signature,
idempotency, bill row lock, ledger entry, domain event). Afterwards: one credit per bill, no
entry left waiting, and `verify_chain` over the whole ledger (chain, batch roots, signatures).

--db-latency-ms N adds N ms before every query of the writers and the sequencer (a Django
execute wrapper that sleeps), as when the database is on another host: the head lock is held
across the round trips between the append and the commit, which is what bounds the old path.

    .venv/bin/python bench/ledger_writes.py --payments 500 --writers 8
    .venv/bin/python bench/ledger_writes.py --payments 500 --writers 8 --db-latency-ms 1

PostgreSQL only (BENCH_POSTGRES_URL to change the server). The database balai_bench_ledger is
recreated on every run, so that the head-locked phase's entries (chained without batches, as
on a site upgraded from the old ledger) come before the first sealed batch.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "balai_bench_ledger"


def setup() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("BALAI_VAR_DIR", str(ROOT / "var" / "bench"))
    base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    os.environ["DATABASE_URL"] = f"{base}/{DB_NAME}"
    import django

    django.setup()
    return os.environ["DATABASE_URL"]


def head_locked_record_event(*, actor: Any, action: str, obj: Any = None,
                             payload: dict[str, Any] | None = None) -> Any:
    """The append as it was before the sequencer: lock the head, chain, insert, move the head,
    all in the caller's transaction (the lock is held until the payment commits)."""
    from django.db import transaction
    from django.utils import timezone

    from balai.ledger import hashing
    from balai.ledger.actions import _actor_fields
    from balai.ledger.models import LedgerEntry, LedgerHead

    actor_id, actor_label = _actor_fields(actor)
    object_type = f"{obj._meta.app_label}.{obj._meta.model_name}" if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    digest = hashing.payload_digest(payload or {})
    with transaction.atomic():
        head = LedgerHead.objects.select_for_update().get(pk=1)
        sequence = head.sequence + 1
        created_at = timezone.now()
        entry_hash = hashing.entry_hash(
            sequence=sequence, created_at=created_at, actor_id=actor_id, actor_label=actor_label,
            action=action, object_type=object_type, object_id=object_id,
            payload_digest=digest, prev_hash=head.hash)
        entry = LedgerEntry(
            sequence=sequence, created_at=created_at, actor_id=actor_id, actor_label=actor_label,
            action=action, object_type=object_type, object_id=object_id,
            payload_digest=digest, prev_hash=head.hash, hash=entry_hash)
        entry.save()
        head.sequence = sequence
        head.hash = entry_hash
        head.save(update_fields=["sequence", "hash"])
    return entry


def prepare(bills: int) -> dict[str, Any]:
    """Migrate, one office, one bank client, `bills` unpaid PBJT bills (one filed return of
    its own business each: a bill needs a source)."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from balai.core.testing import make_office
    from balai.payments.actions import amount_due, issue_bill, register_bank_client
    from balai.payments.snap import new_key_pair
    from balai.taxes.models import Business, Taxpayer, TaxReturn

    call_command("migrate", verbosity=0)
    office = make_office(code="bapenda", name="Badan Pendapatan Daerah", short_name="Bapenda")
    private, public = new_key_pair()
    client, secret = register_bank_client(actor="bench", code="bench-bank", name="Bench bank",
                                          public_key_pem=public, partner_service_id="99999")
    due = timezone.localdate() + dt.timedelta(days=30)
    today = timezone.localdate()
    filer = get_user_model().objects.create_user("bench-filer", "x", full_name="Bench")
    taxpayer = Taxpayer.objects.create(name="Wajib Pajak Bench")
    businesses = Business.objects.bulk_create([
        Business(taxpayer=taxpayer, name=f"Usaha {i}", kind=Business.Kind.PBJT_FOOD)
        for i in range(bills)])
    period = today.replace(day=1) - dt.timedelta(days=1)
    returns = TaxReturn.objects.bulk_create([
        TaxReturn(business=b, period=period.replace(day=1), base_amount=100_000 + i,
                  rate_bp=1000, tax_amount=10_000 + i // 10, filing_deadline=due,
                  due_date=due, filed_by=filer) for i, b in enumerate(businesses)])
    codes = []
    for tax_return in returns:
        bill = issue_bill(actor="bench", kind="pbjt", office=office,
                          principal=tax_return.tax_amount, due_date=due,
                          description=f"Bench {tax_return.pk}", payer=None, interest_bp=100,
                          interest_max_months=24, tax_return=tax_return)
        codes.append((bill.payment_code, sum(amount_due(bill, today))))
    return {"client": {"code": client.code, "client_key": client.client_key,
                       "partner_service_id": client.partner_service_id},
            "secret": secret, "private": private, "bills": codes}


def _with_latency(latency_ms: float) -> None:
    """Sleep before every query of this process's default connection (network round trip)."""
    if not latency_ms:
        return
    from django.db import connection

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        time.sleep(latency_ms / 1000)
        return execute(sql, params, many, context)

    connection.execute_wrappers.append(wrapper)


def writer(mode: str, bank: dict[str, Any], items: list[tuple[str, int]], start: Any,
           out: Any, latency_ms: float) -> None:
    from django.db import connections

    from balai.payments import actions as payment_actions
    from balai.payments.bank_client import BankSession, local_transport, new_external_id

    append = head_locked_record_event if mode == "head-locked" else payment_actions.record_event
    appends: list[float] = []

    def timed_append(**kwargs: Any) -> Any:
        """The append the payment makes, timed: with the head lock, the wait for it included."""
        t0 = time.perf_counter()
        try:
            return append(**kwargs)
        finally:
            appends.append(time.perf_counter() - t0)

    payment_actions.record_event = timed_append
    _with_latency(latency_ms)
    session = BankSession(partner_id=bank["client"]["code"],
                          client_key=bank["client"]["client_key"], client_secret=bank["secret"],
                          private_key_pem=bank["private"],
                          partner_service_id=bank["client"]["partner_service_id"],
                          transport=local_transport)
    session.get_token()
    codes: dict[str, int] = {}
    retries = 0
    start.wait()
    for code, amount in items:
        ext = new_external_id()
        for _attempt in range(20):
            try:
                status, answer = session.pay(code, amount, external_id=ext, request_id=f"R{code}")
            except Exception:  # noqa: BLE001 - a 500 (lock timeout): the bank retries
                status, answer = 500, {"responseCode": "500"}
            if status == 401 and answer.get("responseCode", "").endswith("01"):
                session.get_token()
                continue
            if status < 500:
                break
            retries += 1
            time.sleep(0.05)
        codes[answer["responseCode"]] = codes.get(answer["responseCode"], 0) + 1
    connections.close_all()
    out.put({"codes": codes, "retries": retries, "appends": appends})


def sequencer(stop: Any, out: Any, latency_ms: float) -> None:
    """What `manage.py db_worker` does with the enqueued sequence_ledger tasks, in a loop."""
    from django.db import connections

    from balai.ledger.actions import sequence_pending

    _with_latency(latency_ms)

    batches = entries = 0
    while True:
        batch = sequence_pending()
        if batch is not None:
            batches += 1
            entries += batch.size
            continue
        if stop.is_set():
            break
        time.sleep(1.0)  # the debounce: at most one enqueued run per second
    connections.close_all()
    out.put({"batches": batches, "entries": entries})


def phase(mode: str, bank: dict[str, Any], items: list[tuple[str, int]],
          writers: int, latency_ms: float) -> dict[str, Any]:
    from django.db import connections

    from balai.ledger.queries import pending_count

    ctx = mp.get_context("fork")
    connections.close_all()  # no connection crosses a fork
    start, out, stop, seq_out = ctx.Event(), ctx.Queue(), ctx.Event(), ctx.Queue()
    shards = [items[i::writers] for i in range(writers)]
    procs = [ctx.Process(target=writer, args=(mode, bank, s, start, out, latency_ms))
             for s in shards]
    seq = (ctx.Process(target=sequencer, args=(stop, seq_out, latency_ms))
           if mode == "sequencer" else None)
    for p in procs:
        p.start()
    if seq:
        seq.start()
    time.sleep(2)  # every writer has its token
    started = time.perf_counter()
    start.set()
    results = [out.get() for _ in procs]
    elapsed = time.perf_counter() - started
    for p in procs:
        p.join()
    drained = None
    sequenced = None
    if seq:
        stop.set()
        sequenced = seq_out.get()
        seq.join()
        drained = round(time.perf_counter() - started - elapsed, 2)
    appends = sorted(a for r in results for a in r["appends"])
    codes: dict[str, int] = {}
    for r in results:
        for k, v in r["codes"].items():
            codes[k] = codes.get(k, 0) + v
    return {"mode": mode, "writers": writers, "db_latency_ms": latency_ms, "payments": len(items),
            "seconds": round(elapsed, 2), "payments_per_second": round(len(items) / elapsed, 1),
            "append_ms_mean": round(sum(appends) / len(appends) * 1000, 1),
            "append_ms_p95": round(appends[int(len(appends) * 0.95) - 1] * 1000, 1),
            "answers": codes, "retries_after_500": sum(r["retries"] for r in results),
            "sequencer": sequenced, "seconds_to_drain_after_writers": drained,
            "pending_after": pending_count()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, default=500, help="per phase")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--db-latency-ms", type=float, default=0.0)
    args = parser.parse_args()
    setup()
    bank = prepare(args.payments * 2)
    items = bank["bills"]
    old = phase("head-locked", bank, items[:args.payments], args.writers, args.db_latency_ms)
    new = phase("sequencer", bank, items[args.payments:], args.writers, args.db_latency_ms)

    from balai.ledger.actions import sequence_all
    from balai.ledger.models import LedgerBatch, LedgerEntry
    from balai.ledger.queries import verify_chain
    from balai.payments.models import Payment

    sequence_all()  # the bills' own entries, if the phase ended before the sequencer got to them
    result = verify_chain()
    per_bill = Payment.objects.values("bill_id").distinct().count()
    print(json.dumps({
        "phases": [old, new],
        "speedup": round(new["payments_per_second"] / old["payments_per_second"], 2),
        "check": {"payments": Payment.objects.count(), "bills_paid_once": per_bill,
                  "ledger_entries": LedgerEntry.objects.count(),
                  "sealed_batches": LedgerBatch.objects.count(),
                  "verify_chain_ok": result.ok, "verify_reason": result.reason,
                  "checked": result.checked},
        "load_average": os.getloadavg(),
    }, indent=2))


if __name__ == "__main__":
    main()
