"""Backups and their restore, through the management commands, on the database the suite runs
on (SQLite, or PostgreSQL with DATABASE_URL)."""

import base64
import os
import re
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connection

from balai.applications.models import Application, Upload
from balai.applications.tests.helpers import PDF, akta_definition, make_submitted
from balai.ledger.models import LedgerEntry
from balai.operations.archive import CHUNK_BYTES

# pg_dump and pg_restore see committed rows only: these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _storage_of_its_own(monkeypatch):
    """An empty file store for each test: the suite's in-memory store is shared by the tests
    of one process, and files other tests left there (some under rotated keys) would be
    archived and counted too."""
    from django.core.files.storage import InMemoryStorage

    monkeypatch.setattr(storages["default"], "inner", InMemoryStorage())


def _key(key_id: str = "b1") -> str:
    return f"{key_id}:{base64.b64encode(os.urandom(32)).decode()}"


@pytest.fixture
def backup_key(settings):
    settings.BALAI_BACKUP_KEYS = _key()
    return settings.BALAI_BACKUP_KEYS


@pytest.fixture
def world(citizen, office_a):
    """Real data: a published service, two submitted applications with uploaded (encrypted)
    files, their ledger entries, a citizen with an encrypted NIK."""
    definition = akta_definition(office_a)
    applications = [make_submitted(citizen.user, definition) for _ in range(2)]
    return {"applications": applications, "citizen": citizen}


def _backup(path: Path) -> str:
    out = StringIO()
    call_command("backup", "--output", str(path), stdout=out)
    return out.getvalue()


def _drill(path: Path) -> str:
    out = StringIO()
    call_command("restore_drill", str(path), stdout=out)
    return out.getvalue()


def test_backup_then_restore_drill_matches_every_table(world, backup_key, tmp_path):
    archive = tmp_path / "balai.balai-backup"
    said = _backup(archive)
    assert "Cadangan ditulis" in said
    raw = archive.read_bytes()
    assert raw.startswith(b"BALAIBAK")
    # Encrypted: neither the stored files' bytes nor table names are readable.
    assert b"ledger_ledgerentry" not in raw and b"applications_upload" not in raw
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    report = _drill(archive)
    assert "Latihan pemulihan berhasil" in report
    entries = LedgerEntry.objects.count()
    assert entries > 0
    assert f"Buku besar: utuh ({entries} entri); kepala rantai cocok" in report
    uploads = Upload.objects.count()
    assert uploads > 0
    files = re.search(r"Berkas: (\d+) dari (\d+); tidak dapat didekripsi: 0\.", report)
    assert files and files.group(1) == files.group(2) and int(files.group(1)) >= uploads
    print(report)
    for line in report.splitlines():
        if line.startswith(("ledger_ledgerentry ", "applications_application ")):
            table, expected, restored = line.split()
            assert expected == restored
    assert "BEDA" not in report


def test_backup_writes_its_figures_for_the_textfile_collector(backup_key, tmp_path):
    from prometheus_client.parser import text_string_to_metric_families

    archive, prom = tmp_path / "balai.balai-backup", tmp_path / "balai_backup.prom"
    call_command("backup", "--output", str(archive), "--metrics-file", str(prom),
                 stdout=StringIO())
    values = {sample.name: sample.value
              for family in text_string_to_metric_families(prom.read_text())
              for sample in family.samples}
    assert values["balai_backup_last_size_bytes"] == archive.stat().st_size
    assert abs(values["balai_backup_last_success_timestamp_seconds"] - time.time()) < 60
    assert not (tmp_path / "balai_backup.prom.part").exists()


def test_restore_drill_fails_when_the_data_keys_cannot_read_the_files(world, backup_key,
                                                                      tmp_path, settings):
    archive = tmp_path / "balai.balai-backup"
    _backup(archive)
    settings.BALAI_DATA_KEYS = _key("k9")  # the old data keys were lost
    with pytest.raises(CommandError, match="berkas tidak dapat didekripsi"):
        _drill(archive)


def test_a_tampered_archive_fails_authentication(world, backup_key, tmp_path):
    archive = tmp_path / "balai.balai-backup"
    _backup(archive)
    raw = bytearray(archive.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    tampered = tmp_path / "tampered.balai-backup"
    tampered.write_bytes(bytes(raw))
    with pytest.raises(CommandError, match="Arsip telah diubah atau rusak: bagian ke-"):
        _drill(tampered)
    with pytest.raises(CommandError, match="Arsip telah diubah atau rusak"):
        call_command("restore", str(tampered), "--force")
    # Nothing was changed by the refused restore.
    assert Application.objects.count() == 2


def test_a_cut_off_archive_fails_authentication(world, backup_key, tmp_path):
    archive = tmp_path / "balai.balai-backup"
    _backup(archive)
    raw = archive.read_bytes()
    assert len(raw) > 200
    cut = tmp_path / "cut.balai-backup"
    # Cut at a chunk boundary too: the missing last chunk is noticed.
    cut.write_bytes(raw[:-50])
    with pytest.raises(CommandError, match="terpotong|diubah"):
        _drill(cut)


def test_the_wrong_key_is_named_as_such(world, backup_key, tmp_path, settings):
    archive = tmp_path / "balai.balai-backup"
    _backup(archive)
    settings.BALAI_BACKUP_KEYS = _key("b1")
    with pytest.raises(CommandError, match="Kunci cadangan 'b1' salah"):
        _drill(archive)
    settings.BALAI_BACKUP_KEYS = _key("b2")
    with pytest.raises(CommandError, match="kunci cadangan 'b1', yang tidak ada"):
        _drill(archive)
    settings.BALAI_BACKUP_KEYS = ""
    with pytest.raises(CommandError, match="BALAI_BACKUP_KEYS belum diisi"):
        _drill(archive)


def test_a_rotated_key_ring_still_opens_old_archives(world, backup_key, tmp_path, settings):
    archive = tmp_path / "balai.balai-backup"
    _backup(archive)
    settings.BALAI_BACKUP_KEYS = f"{_key('b2')},{backup_key}"
    assert "Latihan pemulihan berhasil" in _drill(archive)


def test_something_else_is_not_taken_for_an_archive(backup_key, tmp_path):
    other = tmp_path / "notes.txt"
    other.write_bytes(b"not a backup at all")
    with pytest.raises(CommandError, match="bukan arsip cadangan Balai"):
        _drill(other)


def test_restore_refuses_a_database_that_holds_data_without_force(world, backup_key, tmp_path):
    archive = tmp_path / "balai.balai-backup"
    _backup(archive)
    with pytest.raises(CommandError, match="sudah berisi data.*--force"):
        call_command("restore", str(archive))
    assert Application.objects.count() == 2


def test_restore_with_force_brings_back_the_database_and_the_files(world, backup_key,
                                                                   tmp_path, office_a):
    archive = tmp_path / "balai.balai-backup"
    _backup(archive)
    entries = LedgerEntry.objects.count()
    upload = Upload.objects.order_by("pk").first()
    names = list(Upload.objects.values_list("file", flat=True))
    # After the backup: one more application, and a stored file lost.
    make_submitted(world["citizen"].user, akta_definition(office_a, code="akta-lain"))
    assert LedgerEntry.objects.count() > entries
    storages["default"].delete(upload.file.name)

    out = StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    assert "Dipulihkan" in out.getvalue()
    assert Application.objects.count() == 2
    assert LedgerEntry.objects.count() == entries
    assert sorted(Upload.objects.values_list("file", flat=True)) == sorted(names)
    with storages["default"].open(upload.file.name) as handle:
        assert handle.read() == PDF
    # The restored ledger still verifies and still refuses changes.
    call_command("verify_ledger", stdout=StringIO())
    with pytest.raises(Exception, match="append-only"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_ledgerentry")


def test_an_archive_larger_than_a_chunk_round_trips(backup_key, tmp_path, citizen):
    from django.core.files.base import ContentFile

    big = os.urandom(CHUNK_BYTES * 2 + 123)
    name = storages["default"].save("uji/besar.bin", ContentFile(big))
    archive = tmp_path / "balai.balai-backup"
    _backup(archive)
    assert archive.stat().st_size > CHUNK_BYTES * 2
    assert "Latihan pemulihan berhasil" in _drill(archive)
    storages["default"].delete(name)
    call_command("restore", str(archive), "--force", stdout=StringIO())
    with storages["default"].open(name) as handle:
        assert handle.read() == big


def _rewrite_manifest(source: Path, target: Path, keys: str, change) -> None:
    """What a faulty backup would produce: the same contents with another manifest, sealed
    with the right key (so that only the drill's comparison can notice)."""
    import io
    import json
    import tarfile

    from balai.operations.archive import DecryptingReader, EncryptingWriter

    with source.open("rb") as raw, target.open("wb") as out:
        writer = EncryptingWriter(out, keys=keys)
        with tarfile.open(fileobj=DecryptingReader(raw, keys=keys), mode="r|") as old, \
                tarfile.open(fileobj=writer, mode="w|") as new:
            for member in old:
                data = old.extractfile(member).read()
                if member.name == "manifest.json":
                    manifest = json.loads(data)
                    change(manifest)
                    data = json.dumps(manifest).encode()
                    member.size = len(data)
                new.addfile(member, io.BytesIO(data))
        writer.close()


def test_restore_drill_exits_non_zero_when_a_count_differs(world, backup_key, tmp_path):
    archive = tmp_path / "balai.balai-backup"
    _backup(archive)
    faulty = tmp_path / "faulty.balai-backup"

    def one_entry_more(manifest):
        manifest["database"]["tables"]["ledger_ledgerentry"] += 1

    _rewrite_manifest(archive, faulty, backup_key, one_entry_more)
    out = StringIO()
    with pytest.raises(CommandError, match="Latihan pemulihan GAGAL: 1 tabel berbeda"):
        call_command("restore_drill", str(faulty), stdout=out)
    assert "ledger_ledgerentry" in [line.split()[0] for line in out.getvalue().splitlines()
                                    if line.endswith("<-- BEDA")]


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database on the same engine, as on a new machine; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield str(tmp_path / "fresh.sqlite3")
        return
    import psycopg
    from psycopg import sql

    from balai.operations.backup import _pg_params

    name = f"{connection.settings_dict['NAME']}_fresh"
    with psycopg.connect(**_pg_params(connection.settings_dict), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield name
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))


def test_restore_onto_a_new_machine_needs_no_force(world, backup_key, tmp_path,
                                                   fresh_database):
    from balai.operations.backup import _default_database, raw_storage, stored_files

    archive = tmp_path / "balai.balai-backup"
    _backup(archive)
    entries = LedgerEntry.objects.count()
    upload = Upload.objects.order_by("pk").first()
    storage = raw_storage()
    for name in list(stored_files(storage)):
        storage.delete(name)

    with _default_database(fresh_database):
        out = StringIO()
        call_command("restore", str(archive), stdout=out)
        assert "Dipulihkan" in out.getvalue()
        assert LedgerEntry.objects.count() == entries
        assert Application.objects.count() == 2
        call_command("verify_ledger", stdout=StringIO())
        with storages["default"].open(upload.file.name) as handle:
            assert handle.read() == PDF
        # A second restore would overwrite what is now there.
        with pytest.raises(CommandError, match="sudah berisi data"):
            call_command("restore", str(archive))


def test_restore_refuses_an_archive_of_another_database_engine(world, backup_key, tmp_path):
    archive = tmp_path / "balai.balai-backup"
    _backup(archive)
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[connection.vendor]
    foreign = tmp_path / "foreign.balai-backup"

    def from_another_engine(manifest):
        manifest["database"]["vendor"] = other

    _rewrite_manifest(archive, foreign, backup_key, from_another_engine)
    with pytest.raises(CommandError, match=f"berisi basis data {other}, sedangkan"):
        call_command("restore", str(foreign), "--force")
    assert Application.objects.count() == 2
