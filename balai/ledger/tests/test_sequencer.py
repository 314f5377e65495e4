"""Appends without the head lock, the sequencer, sealed Merkle batches and inclusion proofs."""

from __future__ import annotations

import base64
import hashlib
import re
import threading
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from balai.core.testing import sign_in
from balai.ledger import actions, merkle, queries, signing
from balai.ledger.actions import record_event, sequence_all, sequence_pending
from balai.ledger.models import LedgerBatch, LedgerEntry, LedgerHead

pytestmark = pytest.mark.django_db

# The Merkle tree test vectors of RFC 6962's reference implementation (certificate-transparency,
# merkle_tree_test.cc): eight leaves, the root of every prefix, two audit paths.
CT_LEAVES = [bytes.fromhex(h) for h in (
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
    "606162636465666768696a6b6c6d6e6f")]
CT_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_PATHS = {
    (0, 8): ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
    (5, 8): ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
}


@pytest.fixture(autouse=True)
def _signing_key(settings):
    settings.BALAI_LEDGER_SIGNING_KEY = base64.b64encode(bytes(range(32))).decode()


# --- the Merkle tree -------------------------------------------------------------------------

def test_roots_match_the_rfc_6962_reference_vectors():
    assert [merkle.root(CT_LEAVES[:n]).hex() for n in range(9)] == CT_ROOTS


def test_audit_paths_match_the_reference_vectors_and_verify():
    for (index, size), path in CT_PATHS.items():
        assert [h.hex() for h in merkle.inclusion_proof(index, CT_LEAVES[:size])] == path
        assert merkle.verify_inclusion(item=CT_LEAVES[index], index=index, tree_size=size,
                                       path=[bytes.fromhex(h) for h in path],
                                       expected_root=bytes.fromhex(CT_ROOTS[size]))


def test_every_leaf_of_every_small_tree_proves_and_nothing_else_does():
    items = [hashlib.sha256(bytes([i])).digest() for i in range(17)]
    for size in range(1, 18):
        tree, root = items[:size], merkle.root(items[:size])
        for index in range(size):
            path = merkle.inclusion_proof(index, tree)
            assert merkle.verify_inclusion(item=tree[index], index=index, tree_size=size,
                                           path=path, expected_root=root)
            other = items[(index + 1) % 17]
            assert not merkle.verify_inclusion(item=other, index=index, tree_size=size,
                                               path=path, expected_root=root)
            if size > 1:
                assert not merkle.verify_inclusion(item=tree[index], index=(index + 1) % size,
                                                   tree_size=size, path=path,
                                                   expected_root=root)
                assert not merkle.verify_inclusion(item=tree[index], index=index,
                                                   tree_size=size, path=path[:-1],
                                                   expected_root=root)


# --- appending and sequencing ----------------------------------------------------------------

def test_record_event_inserts_an_unsequenced_entry_and_leaves_the_head_alone():
    entry = record_event(actor=None, action="uji.tindakan", payload={"n": 1})
    assert (entry.sequence, entry.prev_hash, entry.hash) == (None, None, None)
    assert LedgerHead.objects.get().sequence == 0
    assert queries.pending_count() == 1


def test_sequencer_chains_pending_entries_and_seals_a_signed_batch():
    written = [record_event(actor=None, action="uji.tindakan", payload={"n": i})
               for i in range(5)]
    batch = sequence_pending()
    entries = list(LedgerEntry.objects.order_by("id"))
    assert [e.sequence for e in entries] == [1, 2, 3, 4, 5]
    assert [e.pk for e in entries] == [e.pk for e in written]
    assert (batch.first_sequence, batch.last_sequence, batch.head_hash) == (1, 5, entries[-1].hash)
    assert batch.root_hash == merkle.root([bytes.fromhex(e.hash) for e in entries]).hex()
    assert queries.batch_is_signed(batch)
    assert (LedgerHead.objects.get().sequence, queries.pending_count()) == (5, 0)
    assert sequence_pending() is None  # nothing waits


def test_batches_are_capped_and_the_chain_runs_across_them(settings):
    settings.BALAI_LEDGER_BATCH_MAX = 3
    for i in range(7):
        record_event(actor=None, action="uji.tindakan", payload={"n": i})
    assert sequence_all() == 7
    assert list(LedgerBatch.objects.values_list("first_sequence", "last_sequence")) == [
        (1, 3), (4, 6), (7, 7)]
    result = queries.verify_chain()
    assert result.ok and (result.checked, result.batches) == (7, 3)


def test_the_commit_asks_for_the_sequencer_once_per_transaction(
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for i in range(3):
            record_event(actor=None, action="uji.tindakan", payload={"n": i})
    assert len(callbacks) == 1
    # The (immediate, in tests) task ran after the commit: one batch of three.
    assert list(LedgerBatch.objects.values_list("first_sequence", "last_sequence")) == [(1, 3)]


def test_a_rolled_back_entry_is_never_sequenced(django_capture_on_commit_callbacks):
    with (django_capture_on_commit_callbacks(execute=True) as callbacks,
          pytest.raises(RuntimeError), transaction.atomic()):
        record_event(actor=None, action="uji.tindakan")
        raise RuntimeError("the change failed")
    assert callbacks == [] and LedgerEntry.objects.count() == 0
    assert sequence_pending() is None and LedgerHead.objects.get().sequence == 0


def test_the_debounce_enqueues_one_run_for_many_commits(settings,
                                                        django_capture_on_commit_callbacks):
    from django.core.cache import cache

    settings.BALAI_LEDGER_SEQUENCE_DEBOUNCE = 60
    cache.delete(actions.SEQUENCER_QUEUED_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        record_event(actor=None, action="uji.satu")
    with django_capture_on_commit_callbacks(execute=True):
        record_event(actor=None, action="uji.dua")
    cache.delete(actions.SEQUENCER_QUEUED_KEY)
    # The first commit's run sealed its entry; the second waits for the next run (or sweep).
    assert LedgerBatch.objects.count() == 1 and queries.pending_count() == 1
    assert sequence_all() == 1


# --- the database keeps it append-only ---------------------------------------------------------

def test_the_database_lets_the_sequencer_step_through_and_nothing_else():
    entry = record_event(actor=None, action="uji.tindakan")
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(action="dipalsukan")
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(sequence=1, action="dipalsukan")
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk)._raw_delete(connection.alias)
    sequence_all()
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(sequence=None, hash=None)
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(hash="0" * 64)
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerBatch.objects.update(root_hash="0" * 64)
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerBatch.objects.all()._raw_delete(connection.alias)


# --- verification finds tampered batches -------------------------------------------------------

def _batch_sql(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE ledger_ledgerbatch DISABLE TRIGGER USER")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE ledger_ledgerbatch ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS ledger_batch_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS ledger_batch_no_delete")
            cursor.execute(sql, params)


def _three_batches(settings) -> None:
    settings.BALAI_LEDGER_BATCH_MAX = 2
    for i in range(6):
        record_event(actor=None, action="uji.tindakan", payload={"n": i})
    sequence_all()
    assert queries.verify_chain().ok


def test_verify_finds_a_forged_batch_root(settings):
    _three_batches(settings)
    _batch_sql("UPDATE ledger_ledgerbatch SET root_hash = %s WHERE first_sequence = 3",
               ["ab" * 32])
    result = queries.verify_chain()
    assert not result.ok and "akar Merkle kelompok #3-4" in result.reason


def test_verify_finds_a_removed_batch(settings):
    _three_batches(settings)
    _batch_sql("DELETE FROM ledger_ledgerbatch WHERE first_sequence = 3", [])
    result = queries.verify_chain()
    assert not result.ok and "tidak bersambung" in result.reason


def test_verify_refuses_a_batch_re_signed_with_another_key(settings):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    _three_batches(settings)
    batch = LedgerBatch.objects.get(first_sequence=3)
    forger = Ed25519PrivateKey.generate()
    forged_root = "cd" * 32
    message = signing.batch_message(first_sequence=3, last_sequence=4, root_hash=forged_root,
                                    head_hash=batch.head_hash,
                                    sealed_at_iso=batch.sealed_at.isoformat())
    _batch_sql("UPDATE ledger_ledgerbatch SET signature = %s, public_key = %s "
               "WHERE first_sequence = 3",
               [forger.sign(message).hex(), signing.public_key_hex(forger)])
    result = queries.verify_chain()
    assert not result.ok and "kunci yang tidak dikenal" in result.reason


def test_verify_finds_a_sequenced_entry_outside_every_batch(settings):
    _three_batches(settings)
    _batch_sql("DELETE FROM ledger_ledgerbatch WHERE first_sequence = 5", [])
    result = queries.verify_chain()
    assert not result.ok and "tanpa kelompok" in result.reason


def test_verify_counts_pending_entries_without_failing():
    record_event(actor=None, action="uji.satu")
    sequence_all()
    record_event(actor=None, action="uji.dua")
    result = queries.verify_chain()
    assert result.ok and (result.checked, result.pending) == (1, 1)


def test_a_tampered_pending_entry_is_sealed_as_it_is_but_stays_unmodifiable():
    # Before the sequencer runs nobody can change it either (the trigger), so what gets
    # chained is what was written.
    entry = record_event(actor=None, action="uji.asli")
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(action="uji.palsu")
    sequence_all()
    assert LedgerEntry.objects.get(pk=entry.pk).action == "uji.asli"


# --- inclusion proofs: the page, the API, and the documented check -----------------------------

def _sealed(n: int = 5) -> list[LedgerEntry]:
    for i in range(n):
        record_event(actor=None, action="uji.tindakan", payload={"n": i})
    sequence_all()
    return list(LedgerEntry.objects.order_by("sequence"))


def test_inclusion_proof_of_each_entry_holds():
    entries = _sealed(5)
    for entry in entries:
        proof = queries.inclusion_proof(entry.hash.upper())
        assert (proof.sequence, proof.index, proof.tree_size) == (
            entry.sequence, entry.sequence - 1, 5)
        assert queries.proof_holds(proof)
    assert queries.inclusion_proof("0" * 64) is None


def test_proof_page_gives_the_audit_path_and_no_content(client):
    entry = _sealed(3)[1]
    response = client.get(f"/buku-besar/bukti/?hash={entry.hash}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Diperiksa di server ini" in body and entry.hash in body
    assert "uji.tindakan" not in body and entry.payload_digest not in body


def test_proof_page_explains_an_unknown_hash_and_a_malformed_one(client):
    _sealed(1)
    unknown = client.get("/buku-besar/bukti/?hash=" + "a" * 64)
    malformed = client.get("/buku-besar/bukti/?hash=../../etc")
    assert unknown.status_code == 404 and "tidak ada dalam kelompok" in unknown.content.decode()
    assert malformed.status_code == 200
    assert "64 angka heksadesimal" in malformed.content.decode()


def test_my_entries_page_shows_waiting_and_sequenced_entries(client, citizen):
    sign_in(client, citizen.user)
    sequence_all()
    record_event(actor=citizen.user, action="uji.urut")
    sequence_all()
    record_event(actor=citizen.user, action="uji.menunggu")
    record_event(actor="sistem", action="uji.orang_lain")
    body = client.get("/buku-besar/jejak-saya/").content.decode()
    sequenced = LedgerEntry.objects.get(action="uji.urut")
    assert "menunggu diurutkan" in body and "uji.menunggu" in body
    assert f"?hash={sequenced.hash}" in body and "uji.orang_lain" not in body


def test_public_page_shows_the_latest_batch_and_the_waiting_count(client):
    _sealed(2)
    record_event(actor=None, action="uji.menunggu")
    body = client.get("/buku-besar/").content.decode()
    latest = LedgerBatch.objects.get()
    assert latest.root_hash in body and "Entri menunggu diurutkan" in body


def _documented_verifier() -> str:
    """The Python check printed in docs/howto/ledger-proofs.md, exactly as a citizen copies it."""
    doc = (Path(__file__).resolve().parents[3] / "docs" / "howto" / "ledger-proofs.md").read_text()
    return re.search(r"```python\n(.*?)```", doc, re.DOTALL).group(1)


def test_the_documented_verifier_accepts_the_api_proof_and_rejects_a_forged_one(client):
    entries = _sealed(6)
    namespace: dict = {}
    exec(_documented_verifier(), namespace)  # noqa: S102 - our own documentation's code
    check = namespace["check_proof"]
    public_key = signing.public_key_hex()
    for entry in entries:
        answer = client.get(f"/api/v1/ledger/proof?hash={entry.hash}")
        assert answer.status_code == 200
        assert check(answer.json(), entry.hash, public_key)
    proof = client.get(f"/api/v1/ledger/proof?hash={entries[2].hash}").json()
    assert not check(proof, entries[3].hash, public_key)  # another entry's hash
    forged = {**proof, "audit_path": ["00" * 32, *proof["audit_path"][1:]]}
    assert not check(forged, entries[2].hash, public_key)
    assert not check(proof, entries[2].hash, "11" * 32)  # not the published key
    assert client.get("/api/v1/ledger/proof?hash=" + "a" * 64).status_code == 404
    assert client.get("/api/v1/ledger/proof?hash=xyz").status_code == 422


# --- writers do not wait for each other ----------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_queue_on_the_head():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time by design")
    from django.db import connections

    inside, release, errors = threading.Event(), threading.Event(), []

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                record_event(actor=None, action="uji.lambat")
                inside.set()
                release.wait(10)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    try:
        assert inside.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '1s'")
            record_event(actor=None, action="uji.cepat")  # would time out behind a head lock
        # The sequencer ran after this commit (immediately, in tests) and took what was
        # committed; the slow writer's entry is not committed yet.
        assert LedgerEntry.objects.get(action="uji.cepat").sequence == 1
        assert LedgerEntry.objects.filter(action="uji.lambat").count() == 0
    finally:
        release.set()
        thread.join()
    assert errors == []
    assert LedgerEntry.objects.get(action="uji.lambat").sequence == 2
    assert queries.verify_chain().ok


def test_my_entries_and_the_proof_page_take_a_fixed_number_of_queries(
        client, citizen, settings):
    from django.test.utils import CaptureQueriesContext

    settings.BALAI_LEDGER_BATCH_MAX = 100
    sign_in(client, citizen.user)
    for i in range(60):
        record_event(actor=citizen.user, action="uji.milik", payload={"i": i})
        if i == 29:
            sequence_all()
    with CaptureQueriesContext(connection) as first:
        page_one = client.get("/buku-besar/jejak-saya/")
    with CaptureQueriesContext(connection) as second:
        page_two = client.get("/buku-besar/jejak-saya/?page=2")
    assert len(page_one.context["page_obj"].object_list) == 50
    assert len(first.captured_queries) == len(second.captured_queries)
    assert "menunggu diurutkan" in page_one.content.decode()
    entry = LedgerEntry.objects.filter(action="uji.milik").exclude(sequence=None).first()
    with CaptureQueriesContext(connection) as proof_queries:
        assert client.get(f"/buku-besar/bukti/?hash={entry.hash}").status_code == 200
    assert len(proof_queries.captured_queries) <= 10
    assert page_two.status_code == 200
