"""Reading and verifying the audit ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from balai.ledger import hashing, signing
from balai.ledger.models import (
    GENESIS_HASH,
    Checkpoint,
    LedgerEntry,
    LedgerHead,
    VerificationRun,
)


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


# --- checkpoints and verification runs -----------------------------------------------------

def latest_checkpoint() -> Checkpoint | None:
    """The newest signed checkpoint, or None before the first one."""
    return Checkpoint.objects.order_by("-sequence").first()


def last_verification() -> VerificationRun | None:
    """The most recent verification run (any trigger), or None if the chain was never checked."""
    return VerificationRun.objects.order_by("-finished_at", "-pk").first()


def checkpoints() -> QuerySet[Checkpoint]:
    return Checkpoint.objects.order_by("-sequence")


def verification_runs() -> QuerySet[VerificationRun]:
    return VerificationRun.objects.order_by("-finished_at", "-pk")


def checkpoint_is_signed(checkpoint: Checkpoint) -> bool:
    """Whether the checkpoint's signature holds for its own public key."""
    message = signing.checkpoint_message(
        sequence=checkpoint.sequence, head_hash=checkpoint.head_hash,
        signed_at_iso=checkpoint.signed_at.astimezone(dt.UTC).isoformat())
    return signing.verify(message=message, signature_hex=checkpoint.signature,
                          public_hex=checkpoint.public_key)


@dataclass(frozen=True)
class Consistency:
    """Whether today's chain still passes through an old checkpoint's head."""

    consistent: bool
    sequence: int
    head_sequence: int
    head_hash: str
    reason: str = ""


def consistency_with(*, sequence: int, head_hash: str) -> Consistency:
    """Prove the history up to an old checkpoint (sequence, head_hash) was not rewritten: the
    entry at `sequence` still has that hash, every later entry links to the one before, and
    every hash recomputes from the entry's content up to today's head."""
    head = LedgerHead.objects.get(pk=1)

    def answer(ok: bool, reason: str = "") -> Consistency:
        return Consistency(ok, sequence, head.sequence, head.hash, reason)

    if sequence < 1 or sequence > head.sequence:
        return answer(False, "urutan di luar rantai saat ini")
    anchor = LedgerEntry.objects.filter(sequence=sequence).first()
    if anchor is None:
        return answer(False, f"entri #{sequence} tidak ada lagi")
    if anchor.hash != head_hash.lower():
        return answer(False, f"entri #{sequence} kini punya hash lain: riwayat ditulis ulang")
    prev_hash = anchor.hash
    expected = sequence + 1
    for entry in LedgerEntry.objects.filter(sequence__gt=sequence).order_by("sequence").iterator(
            chunk_size=2000):
        if entry.sequence != expected:
            return answer(False, f"entri #{expected} hilang")
        if entry.prev_hash != prev_hash or _recomputed(entry) != entry.hash:
            return answer(False, f"entri #{entry.sequence} tidak tersambung")
        prev_hash = entry.hash
        expected += 1
    if prev_hash != head.hash:
        return answer(False, "kepala rantai tidak cocok dengan entri terakhir")
    return answer(True)


def _recomputed(entry: LedgerEntry) -> str:
    return hashing.entry_hash(
        sequence=entry.sequence, created_at=entry.created_at, actor_id=entry.actor_id,
        actor_label=entry.actor_label, action=entry.action, object_type=entry.object_type,
        object_id=entry.object_id, payload_digest=entry.payload_digest,
        prev_hash=entry.prev_hash)


def entry_links(*, after: int, limit: int) -> list[tuple[int, str, str]]:
    """(sequence, prev_hash, hash) of the entries after `after`: enough for anyone to check
    that the chain links, without any entry's content."""
    return list(LedgerEntry.objects.filter(sequence__gt=after).order_by("sequence")
                .values_list("sequence", "prev_hash", "hash")[:limit])


def filtered_entries(*, action: str = "", actor: str = "", object_type: str = "",
                     object_id: str = "", date_from: dt.date | None = None,
                     date_to: dt.date | None = None) -> QuerySet[LedgerEntry]:
    """The auditor's view of the ledger, newest first, filtered."""
    entries = LedgerEntry.objects.all()
    if action:
        entries = entries.filter(action=action) if "." in action else entries.filter(
            action__startswith=action)
    if actor:
        entries = (entries.filter(actor_id=int(actor)) if actor.isdigit()
                   else entries.filter(actor_label=actor))
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    zone = timezone.get_current_timezone()
    if date_from:
        entries = entries.filter(
            created_at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=zone))
    if date_to:
        entries = entries.filter(
            created_at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min,
                                               tzinfo=zone))
    return entries.order_by("-sequence")
