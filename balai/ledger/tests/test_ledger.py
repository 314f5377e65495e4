from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from balai.ledger.actions import record_event, sequence_all
from balai.ledger.models import LedgerEntry, LedgerHead
from balai.ledger.queries import verify_chain

pytestmark = pytest.mark.django_db


def _append(n: int) -> list[LedgerEntry]:
    """n entries, chained by the sequencer as the task after the commit would."""
    written = [record_event(actor=None, action="uji.tindakan", payload={"n": i})
               for i in range(n)]
    sequence_all()
    return list(LedgerEntry.objects.filter(pk__in=[e.pk for e in written]).order_by("id"))


def _without_triggers(sql: str, params: list) -> None:
    """Tamper as an attacker with database access would: around the append-only triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE ledger_ledgerentry DISABLE TRIGGER USER")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE ledger_ledgerentry ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER ledger_entry_no_update")
            cursor.execute("DROP TRIGGER ledger_entry_no_delete")
            cursor.execute(sql, params)


def test_record_event_chains_each_entry_to_the_previous_one():
    first, second, third = _append(3)
    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    head = LedgerHead.objects.get()
    assert (head.sequence, head.hash) == (3, third.hash)


def test_record_event_keeps_only_a_digest_of_the_payload():
    entry = record_event(actor=None, action="uji", payload={"nik": "6112015708900003"})
    assert "6112015708900003" not in str(entry.__dict__)
    assert len(entry.payload_digest) == 64


def test_record_event_names_the_actor(django_user_model):
    user = django_user_model.objects.create_user("petugas1", "x", full_name="Petugas Satu")
    entry = record_event(actor=user, action="uji", obj=user)
    assert (entry.actor_id, entry.actor_label) == (user.pk, "petugas1")
    assert (entry.object_type, entry.object_id) == ("accounts.user", str(user.pk))


def test_record_event_is_rolled_back_with_the_change_it_records():
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(actor=None, action="uji")
        raise RuntimeError("the change failed")
    assert LedgerEntry.objects.count() == 0
    assert LedgerHead.objects.get().sequence == 0


def test_database_refuses_to_update_or_delete_an_entry():
    _append(1)
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(sequence=1).update(action="dipalsukan")
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(sequence=1)._raw_delete(connection.alias)


def test_model_refuses_to_save_an_existing_entry_again():
    entry = _append(1)[0]
    entry.action = "dipalsukan"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_verify_ledger_passes_on_an_intact_chain():
    _append(5)
    out = StringIO()
    call_command("verify_ledger", stdout=out)
    assert "5 entri terverifikasi" in out.getvalue()
    assert verify_chain(batch_size=2).ok


def test_verify_ledger_names_the_first_rewritten_entry():
    _append(5)
    _without_triggers("UPDATE ledger_ledgerentry SET action = %s WHERE sequence = %s",
                      ["dipalsukan", 3])
    with pytest.raises(CommandError, match="entri #3"):
        call_command("verify_ledger")


def test_verify_ledger_finds_a_removed_entry_in_the_middle():
    _append(5)
    _without_triggers("DELETE FROM ledger_ledgerentry WHERE sequence = %s", [2])
    result = verify_chain()
    assert not result.ok and result.broken_sequence == 2


def test_verify_ledger_finds_entries_cut_off_the_end():
    _append(5)
    _without_triggers("DELETE FROM ledger_ledgerentry WHERE sequence >= %s", [4])
    result = verify_chain()
    assert not result.ok and "kepala rantai" in result.reason


def test_verify_ledger_finds_a_rehashed_entry_whose_successor_still_points_back():
    entries = _append(3)
    # An attacker rewrites entry 2 and recomputes its hash; entry 3 still holds the old one.
    from balai.ledger import hashing

    e = entries[1]
    forged = hashing.entry_hash(sequence=2, created_at=e.created_at, actor_id=None,
                                actor_label="sistem", action="dipalsukan", object_type="",
                                object_id="", payload_digest=e.payload_digest,
                                prev_hash=e.prev_hash)
    _without_triggers("UPDATE ledger_ledgerentry SET action = %s, hash = %s WHERE sequence = %s",
                      ["dipalsukan", forged, 2])
    result = verify_chain()
    assert not result.ok and result.broken_sequence == 3


def test_verify_ledger_command_keeps_each_result():
    from balai.ledger.models import VerificationRun

    _append(5)
    call_command("verify_ledger", stdout=StringIO())
    _without_triggers("UPDATE ledger_ledgerentry SET payload_digest = %s WHERE sequence = %s",
                      ["0" * 64, 2])
    with pytest.raises(CommandError, match="entri #2"):
        call_command("verify_ledger")

    newest, oldest = VerificationRun.objects.order_by("-pk")
    assert (oldest.ok, oldest.checked) == (True, 5)
    assert (newest.ok, newest.broken_sequence, newest.triggered_by) == (
        False, 2, "sistem:verify_ledger")
