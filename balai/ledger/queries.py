"""Reading and verifying the audit ledger."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet

from balai.ledger import hashing
from balai.ledger.models import GENESIS_HASH, LedgerEntry, LedgerHead


@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    checked: int
    broken_sequence: int | None = None
    reason: str = ""


def entries_for_object(obj: models.Model) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(
        object_type=f"{obj._meta.app_label}.{obj._meta.model_name}", object_id=str(obj.pk)
    ).order_by("sequence")


def verify_chain(*, batch_size: int = 5000,
                 progress: Callable[[int], None] | None = None) -> VerificationResult:
    """Recompute every hash from the first entry and name the first one that does not hold."""
    expected_sequence = 1
    prev_hash = GENESIS_HASH
    checked = 0
    last_sequence = 0
    while True:
        batch = list(LedgerEntry.objects.filter(sequence__gt=last_sequence)
                     .order_by("sequence")[:batch_size])
        if not batch:
            break
        for entry in batch:
            if entry.sequence != expected_sequence:
                return VerificationResult(False, checked, expected_sequence,
                                          f"entri #{expected_sequence} hilang")
            if entry.prev_hash != prev_hash:
                return VerificationResult(False, checked, entry.sequence,
                                          "hash sebelumnya tidak cocok")
            recomputed = hashing.entry_hash(
                sequence=entry.sequence, created_at=entry.created_at, actor_id=entry.actor_id,
                actor_label=entry.actor_label, action=entry.action,
                object_type=entry.object_type, object_id=entry.object_id,
                payload_digest=entry.payload_digest, prev_hash=entry.prev_hash,
            )
            if recomputed != entry.hash:
                return VerificationResult(False, checked, entry.sequence,
                                          "isi entri tidak cocok dengan hash-nya")
            prev_hash = entry.hash
            expected_sequence += 1
            checked += 1
        last_sequence = batch[-1].sequence
        if progress:
            progress(checked)
    head = LedgerHead.objects.filter(pk=1).first()
    if head and (head.sequence != checked or head.hash != prev_hash):
        broken = checked + 1 if head.sequence > checked else checked
        return VerificationResult(False, checked, broken,
                                  "kepala rantai tidak cocok dengan entri terakhir "
                                  "(entri di akhir rantai dihapus?)")
    return VerificationResult(True, checked)
