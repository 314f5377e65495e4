"""Personal data at rest: encrypted fields and files, key rotation, and a look at the raw
database (the SQLite file, and a pg_dump on PostgreSQL) that finds no plaintext NIK, phone or
address."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, models
from django.db.models.functions import Cast
from django.test import override_settings

from balai.accounts.models import Citizen
from balai.core import crypto
from balai.core.storage import MAGIC, EncryptedStorage, FileDecryptionError
from balai.core.testing import make_citizen
from balai.ledger.models import LedgerEntry

PG_DUMP_CANDIDATES = ["/usr/lib/postgresql/15/bin/pg_dump", "/usr/bin/pg_dump"]
NEW_KEY = "baru:" + base64.b64encode(b"k" * 32).decode()


def _raw(model: type[models.Model], field: str) -> list[str]:
    return list(model.objects.annotate(raw=Cast(field, models.TextField()))
                .order_by("pk").values_list("raw", flat=True))


def _inner_bytes(name: str) -> bytes:
    with default_storage.inner.open(name, "rb") as handle:
        return handle.read()


def test_default_storage_encrypts_whatever_storage_it_wraps():
    assert isinstance(default_storage, EncryptedStorage)
    assert type(default_storage.inner).__name__ == "InMemoryStorage"


def test_files_are_encrypted_in_the_inner_storage_and_read_back_in_clear(db):
    content = b"KTP 6112015708900003 Jl. Arteri Supadio No. 12"
    name = default_storage.save("uji/ktp.txt", ContentFile(content))
    raw = _inner_bytes(name)
    assert raw.startswith(MAGIC) and b"6112015708900003" not in raw
    assert crypto.current_key_id().encode() in raw[:40]
    with default_storage.open(name) as handle:
        assert handle.read() == content
    assert default_storage.size(name) == len(content)


def test_a_tampered_file_does_not_decrypt(db):
    name = default_storage.save("uji/rusak.txt", ContentFile(b"rahasia"))
    raw = bytearray(_inner_bytes(name))
    raw[-1] ^= 1
    default_storage.inner.delete(name)
    default_storage.inner.save(name, ContentFile(bytes(raw)))
    with pytest.raises(FileDecryptionError):
        default_storage.open(name)


def test_every_ciphertext_names_its_key(db):
    citizen = make_citizen()
    for field in ["nik", "phone", "address", "birth_date"]:
        (raw,) = _raw(Citizen, field)[-1:]
        assert raw.startswith(f"{crypto.current_key_id()}:")
        assert citizen.nik not in raw


def test_rotate_keys_re_encrypts_fields_and_files_under_the_new_key(db):
    from balai.applications.models import Application, Upload
    from balai.applications.tests.helpers import akta_definition, make_submitted
    from balai.core.testing import make_office

    citizen = make_citizen(address="Jl. Rotasi No. 1")
    application = make_submitted(citizen.user, akta_definition(make_office()))
    upload = Upload.objects.filter(application=application).first()
    with default_storage.open(upload.file.name) as handle:
        content = handle.read()
    old_key = crypto.current_key_id()
    with override_settings(BALAI_DATA_KEYS=f"{NEW_KEY},{settings.BALAI_DATA_KEYS}"):
        assert any(v.startswith(f"{old_key}:") for v in _raw(Citizen, "nik"))
        out = _run_rotate("--batch-size", "1")
        assert "[##############################]" in out
        for model, field in [(Citizen, "nik"), (Citizen, "phone"), (Citizen, "address"),
                             (Citizen, "birth_date"), (Application, "data_json")]:
            assert all(v.startswith("baru:") for v in _raw(model, field) if v), field
        fresh = Citizen.objects.get(pk=citizen.pk)
        assert (fresh.nik, fresh.address) == (citizen.nik, "Jl. Rotasi No. 1")
        assert Application.objects.get(pk=application.pk).data_json == application.data_json
        rotated = Upload.objects.get(pk=upload.pk)
        assert default_storage.stored_key_id(rotated.file.name) == "baru"
        with default_storage.open(rotated.file.name) as handle:
            assert handle.read() == content
        assert not default_storage.exists(upload.file.name)  # the old copy is gone
        # Resumable and idempotent: a second run finds nothing left.
        assert "0 values and 0 files re-encrypted" in _run_rotate()
    assert LedgerEntry.objects.filter(action="keamanan.rotasi_kunci").count() == 1


def test_rotate_keys_dry_run_changes_nothing(db):
    make_citizen()
    with override_settings(BALAI_DATA_KEYS=f"{NEW_KEY},{settings.BALAI_DATA_KEYS}"):
        before = _raw(Citizen, "nik")
        out = _run_rotate("--dry-run")
        assert "to re-encrypt" in out
        assert _raw(Citizen, "nik") == before


def _run_rotate(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("rotate_keys", *args, stdout=out)
    return out.getvalue()


# --- the raw database -------------------------------------------------------------------

def _raw_database_bytes(tmp_path: Path) -> bytes:
    if connection.vendor == "sqlite":
        copy = tmp_path / "kopi.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM INTO '{copy}'")
        return copy.read_bytes()
    if connection.vendor == "postgresql":
        pg_dump = next((p for p in PG_DUMP_CANDIDATES if Path(p).exists()),
                       shutil.which("pg_dump"))
        assert pg_dump, "pg_dump is needed to inspect the PostgreSQL test database"
        db = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
        dump = subprocess.run(  # noqa: S603 - fixed arguments
            [pg_dump, "--data-only", "-h", db.get("HOST") or "127.0.0.1",
             "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres",
             db["NAME"]], capture_output=True, check=True, env=env)
        return dump.stdout
    pytest.skip(f"no raw view of a {connection.vendor} database")


@pytest.mark.django_db(transaction=True)
def test_the_raw_database_holds_no_plaintext_nik_phone_or_address(tmp_path, client):
    from balai.accounts.tests.helpers import registration_data
    from balai.regions.actions import load_regions
    from balai.regions.management.commands.load_regions import DEFAULT_FILE

    load_regions(path=DEFAULT_FILE)
    # One citizen registered through the page (codes, outbox, ledger), one at the counter.
    client.post("/akun/daftar/", registration_data(
        nik="6112015708900077", phone="0812-7777-6655", address="Jl. Kenanga Rahasia No. 7"))
    make_citizen(nik="6112015708900088", phone="081288884433",
                 address="Jl. Melati Tersembunyi No. 8", full_name="Warga Mentah")
    raw = _raw_database_bytes(tmp_path)
    assert b"Warga Mentah" in raw  # the dump holds the data (names are not encrypted)
    for secret in ["6112015708900077", "6112015708900088", "081277776655", "6281277776655",
                   "0812-7777-6655", "081288884433", "6281288884433", "Kenanga Rahasia",
                   "Melati Tersembunyi", "1990-08-17"]:
        assert secret.encode() not in raw, f"{secret} found in clear in the database"
