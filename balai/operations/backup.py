"""Backups of the database and the stored files into one encrypted archive, and their restore.

The archive (balai.operations.archive) holds a tar stream of

    database/balai.sqlite3 or database/balai.pgdump  the database, in its engine's own format
    files/<name>                                     every file of the default storage, as stored
    manifest.json                                    row counts per table, ledger head, files

The database is copied with the engine's own tool, not with dumpdata: SQLite's online backup
API copies the file page by page (triggers, sequences and all), and pg_dump in custom format
copies PostgreSQL's schema with the ledger's append-only triggers and every sequence, under one
snapshot that the manifest's row counts are also read from. Encrypted columns and files are
copied as ciphertext: a restore needs the same BALAI_DATA_KEYS as the backed-up installation.
docs/deployment.md ("Backups and restore") says how to run and rehearse it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, with argument lists, no shell
import tarfile
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.db import DEFAULT_DB_ALIAS, connection, connections

from balai.core.storage import EncryptedStorage, FileDecryptionError, unseal
from balai.operations.archive import ArchiveError, DecryptingReader, EncryptingWriter
from balai.operations.health import PROBE_PREFIX

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/balai.sqlite3", "postgresql": "database/balai.pgdump"}
FILES_PREFIX = "files/"
# Tables whose rows mean "this database is in use": restore refuses to overwrite them unless
# told to (--force).
CONTENT_TABLES = ("ledger_ledgerentry", "accounts_user")


class BackupError(Exception):
    """A backup, restore or drill cannot go on; the message says why, in Indonesian."""


# --- where things are -------------------------------------------------------------------------

def raw_storage() -> Storage:
    """The storage files really live in: the default storage's inner one when it encrypts, so
    that files are archived as stored (still encrypted with the data keys)."""
    storage = storages["default"]
    return storage.inner if isinstance(storage, EncryptedStorage) else storage


def stored_files(storage: Storage, path: str = "") -> Iterator[str]:
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(path, name) if path else name
    for directory in sorted(directories):
        yield from stored_files(storage, posixpath.join(path, directory) if path else directory)


def _vendor() -> str:
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Basis data {connection.vendor} tidak didukung (hanya SQLite dan "
                          "PostgreSQL).")
    return connection.vendor


# --- PostgreSQL helpers -----------------------------------------------------------------------

def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} tidak ditemukan: pasang klien PostgreSQL (paket "
                          "postgresql-client) di mesin ini.")
    return path


def _pg_params(settings_dict: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    params = {"dbname": name or settings_dict["NAME"], "user": settings_dict.get("USER"),
              "password": settings_dict.get("PASSWORD"), "host": settings_dict.get("HOST"),
              "port": settings_dict.get("PORT")}
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        params["sslmode"] = sslmode
    return {key: value for key, value in params.items() if value}


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    # Credentials go to pg_dump/pg_restore through the environment, never the command line
    # (which other users of the machine can read).
    env = dict(os.environ)
    names = {"user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST", "port": "PGPORT",
             "sslmode": "PGSSLMODE"}
    for key, value in _pg_params(settings_dict).items():
        if key in names:
            env[names[key]] = str(value)
    return env


def _run(command: list[str], *, env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} gagal (kode {result.returncode}): "
                          f"{result.stderr.strip()[-2000:]}")


def _pg_counts(conn: Any) -> tuple[dict[str, int], dict[str, Any] | None]:
    from psycopg import sql

    tables = [row[0] for row in conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1")]
    counts = {table: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(
        sql.Identifier(table))).fetchone()[0] for table in tables}
    head = None
    if "ledger_ledgerhead" in counts:
        row = conn.execute("SELECT sequence, hash FROM ledger_ledgerhead WHERE id = 1").fetchone()
        head = {"sequence": int(row[0]), "hash": row[1]} if row else None
    return counts, head


def _pg_dump(dest: Path) -> tuple[dict[str, int], dict[str, Any] | None]:
    import psycopg

    settings_dict = connection.settings_dict
    with psycopg.connect(**_pg_params(settings_dict)) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.transaction():
            # One snapshot for the counts and for pg_dump: the manifest describes exactly
            # the rows in the dump, even while the site keeps writing.
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            counts, head = _pg_counts(conn)
            _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                  f"--snapshot={snapshot}", f"--file={dest}", f"--dbname={settings_dict['NAME']}"],
                 env=_pg_env(settings_dict))
    return counts, head


# --- SQLite helpers ---------------------------------------------------------------------------

def _sqlite_counts(conn: sqlite3.Connection) -> tuple[dict[str, int], dict[str, Any] | None]:
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    counts = {}
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        counts[table] = conn.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]  # noqa: S608
    head = None
    if "ledger_ledgerhead" in counts:
        row = conn.execute("SELECT sequence, hash FROM ledger_ledgerhead WHERE id = 1").fetchone()
        head = {"sequence": int(row[0]), "hash": row[1]} if row else None
    return counts, head


def _sqlite_dump(dest: Path) -> tuple[dict[str, int], dict[str, Any] | None]:
    connection.ensure_connection()
    target = sqlite3.connect(dest)
    try:
        # The online backup API: a consistent copy while the site keeps running.
        connection.connection.backup(target)
        return _sqlite_counts(target)
    finally:
        target.close()


# --- backup -----------------------------------------------------------------------------------

def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> None:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    with path.open("rb") as handle:
        tar.addfile(info, handle)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o600
    tar.addfile(info, _BytesReader(data))


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self._data, self._pos = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._pos + size
        chunk = self._data[self._pos:end]
        self._pos += len(chunk)
        return chunk


def create_backup(destination: Path, *, keys: str | None) -> dict[str, Any]:
    """Write one encrypted archive of the database and every stored file; return its manifest.

    The archive is written beside the destination and renamed into place only when complete,
    so a crash never leaves a half archive under the final name.
    """
    vendor = _vendor()
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".part")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="balai-backup-") as workdir:
        dump = Path(workdir) / Path(DATABASE_MEMBERS[vendor]).name
        counts, head = _sqlite_dump(dump) if vendor == "sqlite" else _pg_dump(dump)
        storage = raw_storage()
        files = {"count": 0, "bytes": 0, "missing": []}
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            writer = EncryptingWriter(out, keys=keys)
            with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                _add_file(tar, DATABASE_MEMBERS[vendor], dump)
                for name in stored_files(storage):
                    if name.startswith(PROBE_PREFIX):
                        continue
                    try:
                        size = storage.size(name)
                        handle = storage.open(name, "rb")
                    except FileNotFoundError:
                        # Deleted between the listing and now (a key rotation moved it).
                        files["missing"].append(name)
                        continue
                    with handle:
                        info = tarfile.TarInfo(FILES_PREFIX + name)
                        info.size = size
                        info.mtime = int(time.time())
                        info.mode = 0o600
                        tar.addfile(info, handle)
                    files["count"] += 1
                    files["bytes"] += size
                manifest = {
                    "format": FORMAT,
                    "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "database": {"vendor": vendor, "member": DATABASE_MEMBERS[vendor],
                                 "tables": counts, "ledger_head": head},
                    "files": files,
                }
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
            writer.close()
            out.flush()
            os.fsync(out.fileno())
        partial.replace(destination)
    manifest["seconds"] = round(time.monotonic() - started, 2)
    manifest["archive_bytes"] = destination.stat().st_size
    return manifest


def write_metrics_file(path: Path, manifest: dict[str, Any]) -> None:
    """The last successful backup for the node exporter's textfile collector (the BalaiBackup
    alert of docs/deployment.md), written whole and renamed so it is never read half-written."""
    lines = [
        "# HELP balai_backup_last_success_timestamp_seconds When the last backup finished.",
        "# TYPE balai_backup_last_success_timestamp_seconds gauge",
        f"balai_backup_last_success_timestamp_seconds {time.time():.0f}",
        "# HELP balai_backup_last_size_bytes Size of the last backup archive.",
        "# TYPE balai_backup_last_size_bytes gauge",
        f"balai_backup_last_size_bytes {manifest['archive_bytes']}",
        "# HELP balai_backup_last_duration_seconds How long the last backup took.",
        "# TYPE balai_backup_last_duration_seconds gauge",
        f"balai_backup_last_duration_seconds {manifest['seconds']}",
    ]
    partial = path.with_name(path.name + ".part")
    partial.write_text("\n".join(lines) + "\n")
    partial.replace(path)


# --- reading an archive -----------------------------------------------------------------------

@dataclass
class ArchiveContents:
    manifest: dict[str, Any]
    dump: Path
    files: dict[str, int] = field(default_factory=dict)
    unreadable_files: list[str] = field(default_factory=list)


@contextlib.contextmanager
def _archive_tar(path: Path, *, keys: str | None) -> Iterator[tarfile.TarFile]:
    try:
        source: BinaryIO = path.open("rb")
    except OSError as exc:
        raise BackupError(f"Arsip {path} tidak dapat dibuka: {exc.strerror}") from None
    with source:
        reader = DecryptingReader(source, keys=keys)
        try:
            with tarfile.open(fileobj=reader, mode="r|") as tar:
                yield tar
                # Read to the very end: only then is the last chunk authenticated.
                while reader.read(1024 * 1024):
                    pass
        except tarfile.TarError as exc:
            raise ArchiveError(f"Isi arsip tidak dapat dibaca: {exc}") from None


def read_archive(path: Path, workdir: Path, *, keys: str | None,
                 check_files: bool = False) -> ArchiveContents:
    """Authenticate the whole archive, extract its database copy into `workdir` and return its
    manifest and file list. Nothing outside `workdir` is touched, so a tampered archive or a
    wrong key stops a restore before it changes anything.

    With `check_files`, every stored file is also decrypted with the current data keys
    (BALAI_DATA_KEYS): a restore with these keys can read every file.
    """
    manifest = None
    dump = None
    files: dict[str, int] = {}
    unreadable: list[str] = []
    with _archive_tar(path, keys=keys) as tar:
        for member in tar:
            if not member.isfile():
                raise ArchiveError(f"Isi arsip tidak sah: {member.name!r} bukan berkas.")
            handle = tar.extractfile(member)
            assert handle is not None
            if member.name == MANIFEST:
                manifest = json.loads(handle.read())
            elif member.name in DATABASE_MEMBERS.values():
                dump = workdir / Path(member.name).name
                with dump.open("wb") as out:
                    shutil.copyfileobj(handle, out, 1024 * 1024)
            elif member.name.startswith(FILES_PREFIX):
                name = member.name[len(FILES_PREFIX):]
                if not name or name.startswith("/") or ".." in name.split("/"):
                    raise ArchiveError(f"Isi arsip tidak sah: nama berkas {name!r}.")
                files[name] = member.size
                if check_files:
                    try:
                        unseal(handle.read())
                    except FileDecryptionError:
                        unreadable.append(name)
            else:
                raise ArchiveError(f"Isi arsip tidak dikenal: {member.name!r}.")
    if manifest is None or dump is None or manifest.get("format") != FORMAT:
        raise ArchiveError("Arsip tidak lengkap: manifes atau salinan basis data tidak ada.")
    return ArchiveContents(manifest=manifest, dump=dump, files=files, unreadable_files=unreadable)


# --- restore ----------------------------------------------------------------------------------

def database_holds_data() -> bool:
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in CONTENT_TABLES:
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return True
    return False


def _check_vendor(manifest: dict[str, Any]) -> str:
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"Arsip ini berisi basis data {manifest['database']['vendor']}, sedangkan basis "
            f"data yang dikonfigurasi adalah {vendor}.")
    return vendor


@dataclass
class RestoreResult:
    tables: int
    rows: int
    files: int


def restore_backup(path: Path, *, keys: str | None, force: bool) -> RestoreResult:
    """Restore the archive into the configured database and the default storage.

    Refuses a database that already holds users or ledger entries, and files that already
    exist under an archived name, unless `force`.
    """
    with tempfile.TemporaryDirectory(prefix="balai-restore-") as workdir:
        contents = read_archive(path, Path(workdir), keys=keys)
        vendor = _check_vendor(contents.manifest)
        storage = raw_storage()
        if not force:
            if database_holds_data():
                raise BackupError(
                    "Basis data yang dikonfigurasi sudah berisi data (pengguna atau entri buku "
                    "besar). Pemulihan dibatalkan; pakai --force untuk menimpanya.")
            existing = [name for name in contents.files if storage.exists(name)]
            if existing:
                raise BackupError(
                    f"{len(existing)} berkas arsip sudah ada di penyimpanan (misalnya "
                    f"{existing[0]!r}). Pemulihan dibatalkan; pakai --force untuk menimpanya.")
        if vendor == "sqlite":
            _restore_sqlite(contents.dump)
        else:
            _restore_postgresql(contents.dump)
        ContentType.objects.clear_cache()
    restored = 0
    with _archive_tar(path, keys=keys) as tar:
        for member in tar:
            if not member.name.startswith(FILES_PREFIX):
                continue
            name = member.name[len(FILES_PREFIX):]
            handle = tar.extractfile(member)
            assert handle is not None
            # A seekable copy (in memory up to 8 MiB, then on disk): storages may read the size
            # or rewind, which a tar stream cannot.
            with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spooled:
                shutil.copyfileobj(handle, spooled, 1024 * 1024)
                spooled.seek(0)
                if storage.exists(name):
                    storage.delete(name)
                saved = storage.save(name, File(spooled, name=name))
            if saved != name:
                raise BackupError(f"Berkas {name!r} tersimpan dengan nama lain ({saved!r}).")
            restored += 1
    tables = contents.manifest["database"]["tables"]
    return RestoreResult(tables=len(tables), rows=sum(tables.values()), files=restored)


def _restore_sqlite(dump: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        # Page by page into the open database: schema, triggers and rows replace what was there.
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_postgresql(dump: Path) -> None:
    settings_dict = connection.settings_dict
    connections.close_all()
    _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", f"--dbname={settings_dict['NAME']}",
          str(dump)], env=_pg_env(settings_dict))


# --- restore drill ----------------------------------------------------------------------------

@dataclass
class DrillReport:
    scratch: str
    expected: dict[str, int]
    actual: dict[str, int]
    ledger_ok: bool
    ledger_checked: int
    ledger_reason: str
    head_matches: bool
    files_expected: int
    files_found: int
    unreadable_files: list[str]

    @property
    def mismatches(self) -> list[tuple[str, int | None, int | None]]:
        return [(table, self.expected.get(table), self.actual.get(table))
                for table in sorted(set(self.expected) | set(self.actual))
                if self.expected.get(table) != self.actual.get(table)]

    @property
    def ok(self) -> bool:
        return (self.ledger_ok and self.head_matches and not self.mismatches
                and self.files_expected == self.files_found and not self.unreadable_files)


@contextlib.contextmanager
def _default_database(name: str) -> Iterator[None]:
    """Point the ORM's default connection at another database of the same server for a while
    (the scratch copy), so that the ledger's own verification reads the restored rows."""
    original = connections[DEFAULT_DB_ALIAS]
    scratch = original.__class__({**original.settings_dict, "NAME": name}, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = scratch
    try:
        yield
    finally:
        scratch.close()
        connections[DEFAULT_DB_ALIAS] = original


def restore_drill(path: Path, *, keys: str | None) -> DrillReport:
    """Restore the archive into a scratch database, verify the ledger there and compare every
    table's row count with the manifest. The configured database and storage are not touched;
    the scratch database is removed afterwards."""
    from balai.ledger.queries import verify_chain

    with tempfile.TemporaryDirectory(prefix="balai-drill-") as workdir:
        contents = read_archive(path, Path(workdir), keys=keys, check_files=True)
        vendor = _check_vendor(contents.manifest)
        database = contents.manifest["database"]
        with _scratch_database(vendor, contents.dump) as (scratch, counts):
            actual, head = counts()
            with _default_database(scratch):
                result = verify_chain()
        return DrillReport(
            scratch=scratch, expected=database["tables"], actual=actual,
            ledger_ok=result.ok, ledger_checked=result.checked, ledger_reason=result.reason,
            head_matches=head == database["ledger_head"],
            files_expected=contents.manifest["files"]["count"], files_found=len(contents.files),
            unreadable_files=contents.unreadable_files)


@contextlib.contextmanager
def _scratch_database(vendor: str, dump: Path) -> Iterator[tuple[str, Any]]:
    if vendor == "sqlite":
        # The SQLite copy is itself a database file: the scratch database is the copy.
        def sqlite_counts() -> tuple[dict[str, int], dict[str, Any] | None]:
            conn = sqlite3.connect(dump)
            try:
                return _sqlite_counts(conn)
            finally:
                conn.close()

        yield str(dump), sqlite_counts
        return

    import psycopg
    from psycopg import sql

    settings_dict = connection.settings_dict
    scratch = f"{settings_dict['NAME'][:40]}_drill_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**_pg_params(settings_dict), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(
            sql.Identifier(scratch)))
        try:
            _run([_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
                  f"--dbname={scratch}", str(dump)], env=_pg_env(settings_dict))

            def pg_counts() -> tuple[dict[str, int], dict[str, Any] | None]:
                with psycopg.connect(**_pg_params(settings_dict, scratch)) as conn:
                    return _pg_counts(conn)

            yield scratch, pg_counts
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(scratch)))
