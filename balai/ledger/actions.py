"""Appending to the audit ledger, and the sequencer that chains and seals what was appended.

`record_event` inserts an unsequenced entry in the caller's transaction and locks nothing that
other writers share. After the transaction commits, the sequencer is asked to run
(`tasks.sequence_ledger`, debounced; a periodic sweep catches anything missed). One sequencer at
a time holds the chain head (SELECT ... FOR UPDATE SKIP LOCKED: a second one simply leaves),
numbers the committed pending entries in insertion order, chains their hashes and seals them as
one signed Merkle batch, all in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models, transaction
from django.utils import timezone

from balai.ledger import hashing, merkle
from balai.ledger.models import LedgerBatch, LedgerEntry, LedgerHead
from balai.operations.metrics import LEDGER_APPEND

SEQUENCER_QUEUED_KEY = "balai:ledger:sequencer-queued"


def _actor_fields(actor: Any) -> tuple[int | None, str]:
    if actor is None:
        return None, "sistem"
    if isinstance(actor, str):
        return None, actor[:150]
    if not getattr(actor, "is_authenticated", False):
        return None, "anonim"
    return actor.pk, actor.get_username()[:150]


def record_event(*, actor: Any, action: str, obj: models.Model | None = None,
                 payload: dict[str, Any] | None = None) -> LedgerEntry:
    """Append one entry to the ledger, in the caller's transaction.

    `actor` is a user, None for the system, or a label such as "bank:bpd-kalbar". The payload
    itself is not stored, only its digest: the ledger proves what happened without holding
    personal data. The entry is inserted unsequenced (`sequence`, `prev_hash` and `hash` are
    None): concurrent writers do not wait for each other. Once the caller's transaction
    commits, the sequencer chains it; if the transaction rolls back, the entry never existed.
    """
    actor_id, actor_label = _actor_fields(actor)
    object_type = f"{obj._meta.app_label}.{obj._meta.model_name}" if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    digest = hashing.payload_digest(payload or {})
    with LEDGER_APPEND.time():
        entry = LedgerEntry(
            created_at=timezone.now(), actor_id=actor_id, actor_label=actor_label,
            action=action, object_type=object_type, object_id=object_id, payload_digest=digest,
        )
        entry.save()
        if not any(func is request_sequencing for _sids, func, _robust in connection.run_on_commit):
            transaction.on_commit(request_sequencing, robust=True)
    return entry


def request_sequencing() -> None:
    """Enqueue the sequencer, at most once per BALAI_LEDGER_SEQUENCE_DEBOUNCE seconds (the run
    that starts takes every entry committed by then; 0 enqueues after every commit)."""
    from balai.ledger.tasks import sequence_ledger

    debounce = int(getattr(settings, "BALAI_LEDGER_SEQUENCE_DEBOUNCE", 1))
    if debounce and not cache.add(SEQUENCER_QUEUED_KEY, 1, timeout=debounce):
        return
    sequence_ledger.enqueue()


def sequence_pending(*, limit: int | None = None, now: Any = None) -> LedgerBatch | None:
    """Chain and seal the oldest committed unsequenced entries (at most `limit`, by default
    BALAI_LEDGER_BATCH_MAX) as one signed batch. None when nothing waits, or when another
    sequencer holds the head (it will take these entries too, or the next run will)."""
    from balai.ledger import signing

    limit = limit or int(getattr(settings, "BALAI_LEDGER_BATCH_MAX", 1000))
    with transaction.atomic():
        head = LedgerHead.objects.select_for_update(skip_locked=True).filter(pk=1).first()
        if head is None:
            return None
        pending = list(LedgerEntry.objects.filter(sequence__isnull=True).order_by("id")[:limit])
        if not pending:
            return None
        prev_hash = head.hash
        for offset, entry in enumerate(pending, start=1):
            entry.sequence = head.sequence + offset
            entry.prev_hash = prev_hash
            entry.hash = hashing.entry_hash(
                sequence=entry.sequence, created_at=entry.created_at, actor_id=entry.actor_id,
                actor_label=entry.actor_label, action=entry.action,
                object_type=entry.object_type, object_id=entry.object_id,
                payload_digest=entry.payload_digest, prev_hash=prev_hash,
            )
            prev_hash = entry.hash
        LedgerEntry.objects.bulk_update(pending, ["sequence", "prev_hash", "hash"],
                                        batch_size=250)
        first, last = pending[0].sequence, pending[-1].sequence
        root_hash = merkle.root([bytes.fromhex(entry.hash) for entry in pending]).hex()
        sealed_at = (now or timezone.now()).replace(microsecond=0)
        signature, public_hex = signing.sign(signing.batch_message(
            first_sequence=first, last_sequence=last, root_hash=root_hash, head_hash=prev_hash,
            sealed_at_iso=sealed_at.astimezone(dt.UTC).isoformat()))
        batch = LedgerBatch.objects.create(
            first_sequence=first, last_sequence=last, root_hash=root_hash, head_hash=prev_hash,
            sealed_at=sealed_at, key_id=signing.key_id(public_hex), public_key=public_hex,
            signature=signature)
        head.sequence, head.hash = last, prev_hash
        head.save(update_fields=["sequence", "hash"])
    return batch


def sequence_all(*, max_batches: int = 1000) -> int:
    """Run the sequencer until nothing waits (or `max_batches` batches); entries sequenced."""
    sequenced = 0
    for _ in range(max_batches):
        batch = sequence_pending()
        if batch is None:
            break
        sequenced += batch.size
    return sequenced


@transaction.atomic
def sign_checkpoint(*, now: Any = None) -> Any:
    """Sign the chain's current head and publish it as a checkpoint; None when the head has
    not moved since the last checkpoint (or the chain is empty)."""
    from balai.ledger import signing
    from balai.ledger.models import Checkpoint

    head = LedgerHead.objects.select_for_update().get(pk=1)
    if head.sequence == 0 or Checkpoint.objects.filter(sequence=head.sequence).exists():
        return None
    signed_at = (now or timezone.now()).replace(microsecond=0)
    message = signing.checkpoint_message(sequence=head.sequence, head_hash=head.hash,
                                         signed_at_iso=signed_at.astimezone(dt.UTC).isoformat())
    signature, public_hex = signing.sign(message)
    return Checkpoint.objects.create(sequence=head.sequence, head_hash=head.hash,
                                     signed_at=signed_at, key_id=signing.key_id(public_hex),
                                     public_key=public_hex, signature=signature)


def run_verification(*, actor: Any) -> Any:
    """Recompute the whole chain and keep the result (VerificationRun). A person's run is
    also recorded in the ledger itself; the nightly task's and the command's are not, so that
    checking the chain does not keep lengthening it."""
    from balai.ledger.models import VerificationRun
    from balai.ledger.queries import verify_chain

    started_at = timezone.now()
    result = verify_chain()
    _actor_id, label = _actor_fields(actor)
    with transaction.atomic():
        run = VerificationRun.objects.create(
            started_at=started_at, finished_at=timezone.now(), ok=result.ok,
            checked=result.checked, broken_sequence=result.broken_sequence,
            reason=result.reason[:200], triggered_by=label)
        if getattr(actor, "is_authenticated", False):
            record_event(actor=actor, action="buku_besar.diverifikasi", obj=run,
                         payload={"ok": result.ok, "checked": result.checked,
                                  "broken_sequence": result.broken_sequence})
    return run
