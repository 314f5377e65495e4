"""Signed checkpoints: published on a page and in the API, and provable against later."""

from __future__ import annotations

import base64
import datetime as dt
import stat
from io import StringIO

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from balai.ledger import actions, queries, signing
from balai.ledger.models import Checkpoint, LedgerEntry
from balai.ledger.tests.test_ledger import _append

pytestmark = pytest.mark.django_db

def _without_triggers(sql: str, params: list) -> None:
    """Tamper as an attacker with database access would: around the append-only triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE ledger_ledgerentry DISABLE TRIGGER USER")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE ledger_ledgerentry ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS ledger_entry_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS ledger_entry_no_delete")
            cursor.execute(sql, params)


SEED = base64.b64encode(bytes(range(32))).decode()


@pytest.fixture(autouse=True)
def _signing_key(settings):
    settings.BALAI_LEDGER_SIGNING_KEY = SEED


def test_no_checkpoint_and_no_verification_before_the_first():
    assert queries.latest_checkpoint() is None
    assert queries.last_verification() is None
    assert actions.sign_checkpoint() is None  # an empty chain has nothing to sign


def test_checkpoint_signs_the_head_with_ed25519():
    entries = _append(3)

    checkpoint = actions.sign_checkpoint()

    assert (checkpoint.sequence, checkpoint.head_hash) == (3, entries[-1].hash)
    message = signing.checkpoint_message(
        sequence=3, head_hash=entries[-1].hash,
        signed_at_iso=checkpoint.signed_at.astimezone(dt.UTC).isoformat())
    # Anyone can check it with the published public key and a standard Ed25519 library.
    Ed25519PublicKey.from_public_bytes(bytes.fromhex(checkpoint.public_key)).verify(
        bytes.fromhex(checkpoint.signature), message)
    assert queries.checkpoint_is_signed(checkpoint)
    assert queries.latest_checkpoint() == checkpoint


def test_checkpoint_is_not_repeated_while_the_head_stays():
    _append(2)
    assert actions.sign_checkpoint() is not None
    assert actions.sign_checkpoint() is None
    _append(1)
    assert actions.sign_checkpoint().sequence == 3
    assert Checkpoint.objects.count() == 2


def test_a_forged_checkpoint_does_not_verify():
    _append(2)
    checkpoint = actions.sign_checkpoint()
    checkpoint.head_hash = "f" * 64
    assert not queries.checkpoint_is_signed(checkpoint)


def test_periodic_task_signs_a_checkpoint(settings):
    from balai.ledger.tasks import sign_checkpoint

    assert ("balai.ledger.tasks.sign_checkpoint", {"every": 3600}) in \
        settings.BALAI_PERIODIC_TASKS
    _append(2)
    assert sign_checkpoint.call() == 2


def test_development_key_is_generated_once_into_var(settings, tmp_path):
    settings.BALAI_LEDGER_SIGNING_KEY = None
    settings.VAR_DIR = tmp_path

    first = signing.public_key_hex()

    path = tmp_path / "ledger-signing.key"
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert signing.public_key_hex() == first


def test_production_refuses_to_sign_without_a_key(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.BALAI_LEDGER_SIGNING_KEY = None
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        signing.private_key()


# --- consistency ---------------------------------------------------------------------------

def test_old_checkpoint_stays_consistent_as_the_chain_grows():
    _append(3)
    old = actions.sign_checkpoint()
    _append(4)

    result = queries.consistency_with(sequence=old.sequence, head_hash=old.head_hash)

    assert result.consistent and result.head_sequence == 7
    out = StringIO()
    call_command("verify_checkpoint", str(old.sequence), old.head_hash, "--signature",
                 old.signature, "--public-key", old.public_key, "--signed-at",
                 old.signed_at.astimezone(dt.UTC).isoformat(), stdout=out)
    assert "Tanda tangan titik periksa sah" in out.getvalue()
    assert "Riwayat konsisten" in out.getvalue()


def test_rewritten_history_breaks_an_old_checkpoint():
    _append(3)
    old = actions.sign_checkpoint()
    _append(2)
    # Rewrite entry 2 and recompute every hash after it, so the chain itself looks intact.
    from balai.ledger import hashing

    _without_triggers("UPDATE ledger_ledgerentry SET action = %s WHERE sequence = %s",
                      ["dipalsukan", 2])
    prev = LedgerEntry.objects.get(sequence=1).hash
    for entry in LedgerEntry.objects.filter(sequence__gte=2).order_by("sequence"):
        new_hash = hashing.entry_hash(
            sequence=entry.sequence, created_at=entry.created_at, actor_id=entry.actor_id,
            actor_label=entry.actor_label, action=entry.action, object_type=entry.object_type,
            object_id=entry.object_id, payload_digest=entry.payload_digest, prev_hash=prev)
        _without_triggers("UPDATE ledger_ledgerentry SET prev_hash = %s, hash = %s "
                          "WHERE sequence = %s", [prev, new_hash, entry.sequence])
        prev = new_hash
    _without_triggers("UPDATE ledger_ledgerhead SET hash = %s WHERE id = 1", [prev])
    # The hash links all hold again, but the signed Merkle roots of the batches do not: the
    # attacker cannot re-sign them without the key.
    chain = queries.verify_chain()
    assert not chain.ok and "akar Merkle kelompok #1-3" in chain.reason

    result = queries.consistency_with(sequence=old.sequence, head_hash=old.head_hash)

    assert not result.consistent and "ditulis ulang" in result.reason  # nor the checkpoint
    with pytest.raises(CommandError, match="TIDAK konsisten"):
        call_command("verify_checkpoint", str(old.sequence), old.head_hash)


def test_verify_checkpoint_refuses_a_bad_signature():
    _append(2)
    old = actions.sign_checkpoint()
    with pytest.raises(CommandError, match="TIDAK sah"):
        call_command("verify_checkpoint", str(old.sequence), old.head_hash, "--signature",
                     "00" * 64, "--public-key", old.public_key, "--signed-at", "2026-01-01")


def test_consistency_refuses_a_sequence_beyond_the_head():
    _append(2)
    result = queries.consistency_with(sequence=9, head_hash="a" * 64)
    assert not result.consistent


# --- the database itself -------------------------------------------------------------------

@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_update_delete_and_truncate():
    _append(2)
    for sql in ("UPDATE ledger_ledgerentry SET action = 'x' WHERE sequence = 1",
                "DELETE FROM ledger_ledgerentry WHERE sequence = 2",
                "TRUNCATE ledger_ledgerentry"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute(sql)
    assert LedgerEntry.objects.count() == 2


def test_sqlite_refuses_update_and_delete():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite triggers")
    _append(1)
    for sql in ("UPDATE ledger_ledgerentry SET action = 'x' WHERE sequence = 1",
                "DELETE FROM ledger_ledgerentry"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute(sql)
    assert LedgerEntry.objects.count() == 1
