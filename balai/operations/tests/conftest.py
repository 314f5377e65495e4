"""A real PostgreSQL streaming replica of the local test server, for the read-replica tests.

`streaming_replica` (session-scoped) takes a base backup of the primary with
`pg_basebackup -R` into a temporary directory, starts it with `pg_ctl` on a free port as the
`postgres` OS user, and stops and removes it at the end of the session. `replica_db` then
adds a "replica" alias, pointing at the test database on that replica, for one test.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPLICATION_HBA_LINE = "host replication all 127.0.0.1/32 trust"


@dataclass
class Replica:
    bin_dir: Path  # the server's binaries, of the primary's major version
    data_dir: Path
    port: int

    def pg_ctl(self, *args: str) -> None:
        _as_postgres(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), *args)

    def start(self) -> None:
        """Starts the server and waits until it accepts connections (as a hot standby)."""
        log = self.data_dir.parent / "replica.log"
        self.pg_ctl("-l", str(log), "-W", "start")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            ready = subprocess.run(  # noqa: S603
                [str(self.bin_dir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)],
                check=False, timeout=10)
            if ready.returncode == 0:
                return
            time.sleep(0.1)
        detail = log.read_text() if log.exists() else ""
        raise RuntimeError(f"the replica did not start:\n{detail}")

    def stop(self) -> None:
        self.pg_ctl("-m", "immediate", "-w", "stop")


def _as_postgres(*command: str) -> subprocess.CompletedProcess[str]:
    runner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*runner, *command], check=True, capture_output=True,  # noqa: S603
                          text=True, timeout=120)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _unavailable(reason: str) -> None:
    """No replica can be made here: a skip on a workstation, a failure in CI."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _allow_replication(cursor: object) -> None:
    """The primary must accept replication connections from 127.0.0.1 (idempotent)."""
    cursor.execute("SHOW wal_level")
    if cursor.fetchone()[0] not in ("replica", "logical"):
        _unavailable("the PostgreSQL server runs with wal_level=minimal: no streaming replica")
    cursor.execute("SHOW hba_file")
    hba = Path(cursor.fetchone()[0])
    lines = hba.read_text().splitlines() if hba.exists() else []
    if any(line.split()[:2] == ["host", "replication"] for line in lines
           if line.strip() and not line.lstrip().startswith("#")):
        return
    if not os.access(hba, os.W_OK):
        _unavailable(f"{hba} allows no replication connections and cannot be changed here")
    with hba.open("a") as handle:
        handle.write(f"\n# streaming replicas of the test suite (balai/operations/tests)\n"
                     f"{REPLICATION_HBA_LINE}\n")
    cursor.execute("SELECT pg_reload_conf()")
    time.sleep(0.5)


@contextlib.contextmanager
def _replica_alias(replica: Replica) -> Iterator[None]:
    """The "replica" alias: the test database on the replica.

    It is added after the test databases were set up, so Django never creates it (the replica
    receives the test database from the primary). Its TEST MIRROR makes the transactional tests
    that list it in their databases leave it out of their closing flush (the replica is
    read-only and is emptied by the primary's flush); the mirror is never applied, as Django
    does that only when it sets the alias up, so its queries really go to the replica.
    """
    from django.db import connections

    from balai.operations.dbrouter import REPLICA_ALIAS

    default = connections["default"].settings_dict
    connections.settings[REPLICA_ALIAS] = {
        **default, "HOST": "127.0.0.1", "PORT": replica.port,
        "TEST": {**default["TEST"], "MIRROR": "default"}}
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            connections[REPLICA_ALIAS].close()
        with contextlib.suppress(AttributeError, KeyError):
            del connections[REPLICA_ALIAS]
        connections.settings.pop(REPLICA_ALIAS, None)


@pytest.fixture(scope="session")
def streaming_replica(django_db_setup: None, django_db_blocker: object) -> Iterator[Replica]:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a streaming replica needs PostgreSQL (DATABASE_URL=postgres://…)")
    settings_dict = connection.settings_dict
    with django_db_blocker.unblock(), connection.cursor() as cursor:  # type: ignore[attr-defined]
        # Debian's layout; BALAI_PG_BIN names another directory.
        bin_dir = Path(os.environ.get("BALAI_PG_BIN")
                       or f"/usr/lib/postgresql/{connection.pg_version // 10000}/bin")
        if not (bin_dir / "pg_basebackup").exists():
            _unavailable(f"no PostgreSQL server binaries in {bin_dir} (set BALAI_PG_BIN)")
        if os.geteuid() == 0 and shutil.which("runuser") is None:
            _unavailable("runuser is missing: the replica cannot run as the postgres user")
        _allow_replication(cursor)
    work = Path(tempfile.mkdtemp(prefix="balai-replica-"))
    shutil.chown(work, "postgres", "postgres")
    replica = Replica(bin_dir=bin_dir, data_dir=work / "data", port=_free_port())
    try:
        _as_postgres(str(bin_dir / "pg_basebackup"), "-h", settings_dict["HOST"] or "127.0.0.1",
                     "-p", str(settings_dict["PORT"] or 5432), "-U", settings_dict["USER"],
                     "-D", str(replica.data_dir), "-R", "-X", "stream", "-c", "fast")
        # Debian keeps the configuration outside the data directory: the replica gets its own.
        (replica.data_dir / "postgresql.conf").write_text(
            f"port = {replica.port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{work}'\nhot_standby = on\n"
            "shared_buffers = 16MB\nfsync = off\n")
        (replica.data_dir / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n")
        (replica.data_dir / "pg_ident.conf").write_text("")
        for name in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
            shutil.chown(replica.data_dir / name, "postgres", "postgres")
        replica.start()
        with _replica_alias(replica):
            yield replica
    finally:
        with contextlib.suppress(subprocess.SubprocessError):
            replica.stop()
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def replica_db(streaming_replica: Replica, settings: object) -> Iterator[Replica]:
    """The router and its middleware installed, as settings.py does with a replica."""
    from balai.operations import dbrouter

    settings.DATABASE_ROUTERS = ["balai.operations.dbrouter.ReplicaRouter"]
    settings.MIDDLEWARE = ["balai.operations.dbrouter.ReplicaMiddleware", *settings.MIDDLEWARE]
    dbrouter.reset_replica_health()
    yield streaming_replica
    dbrouter.reset_replica_health()
