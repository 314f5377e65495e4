"""PostgreSQL stopped and started under load: requests fail cleanly (503 with Retry-After, an
Indonesian page, the API's JSON), recover by themselves after the restart, and nothing is
half-written.

The machine's PostgreSQL is shared, so the test starts a private cluster of its own
(initdb/pg_ctl from BALAI_PG_BIN, by default /usr/lib/postgresql/15/bin) in a temporary folder
on a free port, copies the test database into it (pg_dump | pg_restore), runs a real gunicorn
against it, and stops and starts that cluster while page readers and partner banks (signed
SNAP payments, retried on 5xx as banks do) keep sending requests. Needs PostgreSQL (the test
database is copied from it); skipped without the server binaries, except under CI=true.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
from django.conf import settings
from django.db import connection
from django.utils import timezone

from balai.payments.actions import amount_due
from balai.payments.models import Bill
from balai.taxes.testing import ACTOR, bank, bapenda, make_tax_object, tariff, taxpayer  # noqa: F401

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="the private cluster is a copy of the PostgreSQL test database"),
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(settings.BASE_DIR)
PG_BIN = Path(os.environ.get("BALAI_PG_BIN", "/usr/lib/postgresql/15/bin"))
BILLS = 30
OUTAGE_SECONDS = 3.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@dataclass
class Cluster:
    data: Path
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/balai"

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), *args]),  # noqa: S603
                       check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        self.pg_ctl("-w", "-l", str(self.log), "-o",
                    f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 "
                    "-c fsync=off -c full_page_writes=off", "start")

    def stop(self) -> None:
        # "fast": every session is disconnected at once, as in a restart or a failover.
        self.pg_ctl("-w", "-m", "fast", "stop")


@pytest.fixture
def private_postgres() -> Iterator[Cluster]:
    if not (PG_BIN / "initdb").exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"no PostgreSQL server binaries in {PG_BIN} (BALAI_PG_BIN)")
        pytest.skip(f"no PostgreSQL server binaries in {PG_BIN} (BALAI_PG_BIN)")
    folder = Path(tempfile.mkdtemp(prefix="balai-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    cluster = Cluster(data=folder / "data", port=_free_port(), log=folder / "postgres.log")
    subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(cluster.data), "-A", "trust",  # noqa: S603
                                 "-U", "postgres", "-E", "UTF8", "--no-sync"]),
                   check=True, capture_output=True, timeout=120)
    started = False
    try:
        cluster.start()
        started = True
        yield cluster
    finally:
        if started:
            subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(cluster.data),  # noqa: S603
                                         "-m", "immediate", "stop"]),
                           capture_output=True, check=False, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def _copy_test_database(cluster: Cluster) -> None:
    db = connection.settings_dict
    source = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432),
              "-U", db["USER"] or "postgres"]
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    with psycopg.connect(f"postgres://postgres@127.0.0.1:{cluster.port}/postgres",
                         autocommit=True) as conn:
        conn.execute("CREATE DATABASE balai")
    dump = subprocess.run(["pg_dump", "-Fc", *source, db["NAME"]],  # noqa: S603,S607
                          check=True, capture_output=True, env=env, timeout=300).stdout
    subprocess.run(["pg_restore", "--no-owner", "-h", "127.0.0.1", "-p", str(cluster.port),  # noqa: S603,S607
                    "-U", "postgres", "-d", "balai"], input=dump, check=True,
                   capture_output=True, timeout=300)


def _server_env(cluster: Cluster, folder: Path) -> dict[str, str]:
    # The suite's settings (static files from the app folders, no manifest to collect) with
    # the database given by DATABASE_URL.
    # The page cache is off: the readers' catalogue must reach the database (with the cache on,
    # it is served from the cache right through the outage, as it should be).
    (folder / "balai_restart_settings.py").write_text(
        "from config.test_settings import *\nBALAI_PAGE_CACHE_SECONDS = 0\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "balai_restart_settings",
           "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
           "DATABASE_URL": cluster.url, "BALAI_VAR_DIR": str(settings.VAR_DIR),
           "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.pop("REDIS_URL", None)
    return env


def _gunicorn(cluster: Cluster, folder: Path) -> tuple[subprocess.Popen[bytes], str, Path]:
    port = _free_port()
    env = _server_env(cluster, folder)
    log = folder / "gunicorn.log"
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--threads", "4", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                return server, base, log
        except requests.RequestException:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise AssertionError(f"gunicorn did not start: {log.read_text()[-3000:]}")
        time.sleep(0.2)


@dataclass
class Seen:
    pages: list[tuple[float, int, str, str]] = field(default_factory=list)
    bank: list[tuple[float, int, str]] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _http_transport(base: str, seen: Seen) -> Any:
    def send(path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        response = requests.post(f"{base}{path}", data=body, timeout=30,
                                 headers={**headers, "Content-Type": "application/json"})
        try:
            answer = response.json()
        except ValueError:
            with seen.lock:
                seen.broken.append(f"bank {response.status_code}: {response.text[:300]}")
            answer = {}
        with seen.lock:
            seen.bank.append((time.monotonic(), response.status_code,
                              response.headers.get("Retry-After", "")))
        return response.status_code, answer

    return send


@pytest.mark.usefixtures("kubu_raya", "tariff", "bapenda")
def test_postgresql_restarted_under_load_gives_503_then_recovers_and_writes_nothing_half(  # noqa: F811
        private_postgres, bank, taxpayer, tmp_path):  # noqa: F811
    from balai.taxes.actions import run_assessment

    for serial in range(1, BILLS + 1):
        make_tax_object(taxpayer=taxpayer, serial=serial)
    run_assessment(actor=ACTOR, year=2026)
    bills = list(Bill.objects.filter(sppt__year=2026).order_by("id"))
    assert len(bills) == BILLS
    today = timezone.localdate()
    posts = [(b.payment_code, sum(amount_due(b, today)), f"77{i:08d}")
             for i, b in enumerate(bills)]
    _copy_test_database(private_postgres)
    server, base, log = _gunicorn(private_postgres, tmp_path)
    seen = Seen()
    stop = threading.Event()

    def read_pages() -> None:
        with requests.Session() as http:
            while not stop.is_set():
                response = http.get(f"{base}/layanan/", timeout=30)
                with seen.lock:
                    seen.pages.append((time.monotonic(), response.status_code,
                                       response.headers.get("Retry-After", ""),
                                       response.text if response.status_code != 200 else ""))
                time.sleep(0.02)

    def pay(share: list[tuple[str, int, str]]) -> None:
        session = bank.session(_http_transport(base, seen))
        for code, amount, external_id in share:
            deadline = time.monotonic() + 60
            while True:  # a bank retries a 5xx, the payment with the same X-EXTERNAL-ID
                assert time.monotonic() < deadline, f"payment {external_id} never went through"
                if not session.token:
                    session.get_token()
                    if not session.token:
                        time.sleep(0.2)
                        continue
                status, answer = session.pay(code, amount, external_id=external_id,
                                             request_id=f"R{external_id}")
                if status == 200:
                    assert answer["responseCode"] == "2002500", answer
                    break
                assert status == 503, answer
                time.sleep(0.2)
            time.sleep(0.25)

    threads = [threading.Thread(target=read_pages) for _ in range(2)]
    threads += [threading.Thread(target=pay, args=(posts[i::2],)) for i in range(2)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(1.5)
        down_at = time.monotonic()
        private_postgres.stop()
        time.sleep(OUTAGE_SECONDS)
        private_postgres.start()
        up_at = time.monotonic()
        for thread in threads[2:]:
            thread.join(timeout=120)
        time.sleep(max(0.0, up_at + 4 - time.monotonic()))
        stop.set()
        for thread in threads[:2]:
            thread.join(timeout=60)
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)

    gunicorn_log = log.read_text()
    assert not seen.broken, seen.broken
    statuses = {status for _t, status, _r, _b in seen.pages}
    assert statuses <= {200, 503}, (statuses, gunicorn_log[-3000:])
    outage = [p for p in seen.pages if p[1] == 503]
    assert outage, "no request met the stopped database"
    for _t, _status, retry_after, body in outage:
        assert retry_after == "5"
        assert "Layanan sedang tidak tersedia sebentar" in body
        assert "Traceback" not in body
    assert all(down_at - 1 <= t <= up_at + 10 for t, *_ in outage)
    # Recovered: two seconds after the start every page answers again.
    after = [status for t, status, *_ in seen.pages if t > up_at + 2]
    assert after and set(after) == {200}, after
    assert {status for _t, status, _r in seen.bank} <= {200, 503}
    assert any(status == 503 for _t, status, _r in seen.bank), "no payment met the outage"
    assert all(r == "5" for _t, status, r in seen.bank if status == 503)
    assert "Traceback" not in gunicorn_log or "OperationalError" in gunicorn_log

    # Nothing half-written: each bill paid once, each payment with its stored answer and its
    # ledger entry, and the ledger's chain intact.
    with psycopg.connect(private_postgres.url) as conn:
        one = conn.execute("""SELECT count(*), count(DISTINCT bill_id) FROM payments_payment
                              WHERE status = 'dibukukan'""").fetchone()
        assert one == (BILLS, BILLS)
        assert conn.execute("SELECT count(*) FROM payments_payment").fetchone()[0] == BILLS
        paid = conn.execute("SELECT count(*) FROM payments_bill WHERE status = 'lunas'")
        assert paid.fetchone()[0] == BILLS
        answers = conn.execute("""SELECT count(*) FROM payments_bankrequest
                                  WHERE service = '25'""").fetchone()[0]
        assert answers == BILLS
        entries = conn.execute("""SELECT count(*) FROM ledger_ledgerentry
                                  WHERE action = 'pembayaran.dibukukan'""").fetchone()[0]
        assert entries == BILLS
    env = _server_env(private_postgres, tmp_path)
    verified = subprocess.run([sys.executable, "manage.py", "verify_ledger"], cwd=ROOT, env=env,  # noqa: S603
                              capture_output=True, text=True, timeout=120)
    assert verified.returncode == 0, verified.stderr
