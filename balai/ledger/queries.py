"""Reading and verifying the audit ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from balai.ledger import hashing, merkle, signing
from balai.ledger.models import (
    GENESIS_HASH,
    Checkpoint,
    LedgerBatch,
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
    batches: int = 0
    pending: int = 0


def entries_for_object(obj: models.Model) -> QuerySet[LedgerEntry]:
    """The object's entries in the order they were written (sequenced or still waiting)."""
    return LedgerEntry.objects.filter(
        object_type=f"{obj._meta.app_label}.{obj._meta.model_name}", object_id=str(obj.pk)
    ).order_by("id")


def pending_count() -> int:
    """Entries written but not yet chained by the sequencer."""
    return LedgerEntry.objects.filter(sequence__isnull=True).count()


def trusted_public_keys() -> set[str]:
    """The keys a sealed batch may be signed with: today's signing key and the retired ones
    (BALAI_LEDGER_RETIRED_PUBLIC_KEYS). They come from the configuration, not the database, so
    whoever rewrites the tables cannot re-sign batches with a key of their own."""
    retired = getattr(settings, "BALAI_LEDGER_RETIRED_PUBLIC_KEYS", []) or []
    return {signing.public_key_hex(), *(key.strip().lower() for key in retired)}


def batch_is_signed(batch: LedgerBatch) -> bool:
    """Whether the batch's signature holds for its own public key."""
    message = signing.batch_message(
        first_sequence=batch.first_sequence, last_sequence=batch.last_sequence,
        root_hash=batch.root_hash, head_hash=batch.head_hash,
        sealed_at_iso=batch.sealed_at.astimezone(dt.UTC).isoformat())
    return signing.verify(message=message, signature_hex=batch.signature,
                          public_hex=batch.public_key)


class _BatchChecker:
    """Follows the sealed batches alongside the chain walk: every batch must start right after
    the previous one, its Merkle root must recompute from its entries' hashes, its head hash
    must be its last entry's hash, and its signature must hold. Entries before the first batch
    were chained before batches existed and are covered by the chain alone."""

    def __init__(self) -> None:
        self._batches = LedgerBatch.objects.order_by("first_sequence").iterator(chunk_size=500)
        self.current: LedgerBatch | None = next(self._batches, None)
        self.first_start = self.current.first_sequence if self.current else None
        self.hashes: list[bytes] = []
        self.sealed = 0
        self.trusted_keys = trusted_public_keys() if self.current else set()

    def feed(self, entry: LedgerEntry) -> str:
        """An empty string, or why the batch that `entry` closes does not hold."""
        batch = self.current
        if batch is None or entry.sequence < batch.first_sequence:
            if self.first_start is not None and entry.sequence >= self.first_start:
                return "entri berurutan tanpa kelompok tersegel"
            return ""
        self.hashes.append(bytes.fromhex(entry.hash))
        if entry.sequence < batch.last_sequence:
            return ""
        problem = ""
        if len(self.hashes) != batch.size:
            problem = f"kelompok #{batch.first_sequence}-{batch.last_sequence} tidak lengkap"
        elif merkle.root(self.hashes).hex() != batch.root_hash:
            problem = (f"akar Merkle kelompok #{batch.first_sequence}-{batch.last_sequence} "
                       "tidak cocok dengan entrinya")
        elif batch.head_hash != entry.hash:
            problem = (f"hash kepala kelompok #{batch.first_sequence}-{batch.last_sequence} "
                       "tidak cocok")
        elif batch.public_key not in self.trusted_keys:
            problem = (f"kelompok #{batch.first_sequence}-{batch.last_sequence} ditandatangani "
                       "kunci yang tidak dikenal")
        elif not batch_is_signed(batch):
            problem = (f"tanda tangan kelompok #{batch.first_sequence}-{batch.last_sequence} "
                       "tidak sah")
        self.hashes = []
        self.sealed += 1
        following = next(self._batches, None)
        if not problem and following is not None and (
                following.first_sequence != batch.last_sequence + 1):
            problem = f"kelompok setelah #{batch.last_sequence} tidak bersambung"
        self.current = following
        return problem

    def finish(self, last_sequence: int) -> str:
        if self.current is not None:
            return (f"kelompok #{self.current.first_sequence}-{self.current.last_sequence} "
                    "melampaui entri yang ada")
        if self.hashes:
            return "entri berurutan tanpa kelompok tersegel"
        return ""


def verify_chain(*, batch_size: int = 5000,
                 progress: Callable[[int], None] | None = None) -> VerificationResult:
    """Recompute every hash from the first entry and every sealed batch's Merkle root, and
    name the first entry that does not hold. Entries still waiting for the sequencer are not
    part of the chain yet; they are counted in `pending`."""
    expected_sequence = 1
    prev_hash = GENESIS_HASH
    checked = 0
    last_sequence = 0
    batches = _BatchChecker()
    while True:
        batch = list(LedgerEntry.objects.filter(sequence__gt=last_sequence)
                     .order_by("sequence")[:batch_size])
        if not batch:
            break
        for entry in batch:
            if entry.sequence != expected_sequence:
                return VerificationResult(False, checked, expected_sequence,
                                          f"entri #{expected_sequence} hilang", batches.sealed)
            if entry.prev_hash != prev_hash:
                return VerificationResult(False, checked, entry.sequence,
                                          "hash sebelumnya tidak cocok", batches.sealed)
            if _recomputed(entry) != entry.hash:
                return VerificationResult(False, checked, entry.sequence,
                                          "isi entri tidak cocok dengan hash-nya", batches.sealed)
            problem = batches.feed(entry)
            if problem:
                broken = (batches.current.first_sequence if batches.current and
                          "tidak bersambung" in problem else entry.sequence)
                return VerificationResult(False, checked, broken, problem, batches.sealed)
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
                                  "(entri di akhir rantai dihapus?)", batches.sealed)
    problem = batches.finish(checked)
    if problem:
        return VerificationResult(False, checked, checked + 1, problem, batches.sealed)
    return VerificationResult(True, checked, batches=batches.sealed, pending=pending_count())


# --- checkpoints and verification runs -----------------------------------------------------

def latest_checkpoint() -> Checkpoint | None:
    """The newest signed checkpoint, or None before the first one."""
    return Checkpoint.objects.order_by("-sequence").first()


def latest_batch() -> LedgerBatch | None:
    return LedgerBatch.objects.order_by("-first_sequence").first()


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
    """The auditor's view of the ledger, newest written first (entries still waiting for the
    sequencer included), filtered."""
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
    return entries.order_by("-id")


# --- inclusion proofs ----------------------------------------------------------------------

@dataclass(frozen=True)
class InclusionProof:
    """Everything needed to check, without trusting this server, that the entry with hash
    `entry_hash` is leaf `index` of the signed batch: the audit path leads from the leaf to
    `batch.root_hash`, and the batch signature covers that root (see merkle.py)."""

    entry_hash: str
    sequence: int
    batch: LedgerBatch
    index: int
    tree_size: int
    path: list[str]

    @property
    def signed_message(self) -> str:
        return signing.batch_message(
            first_sequence=self.batch.first_sequence, last_sequence=self.batch.last_sequence,
            root_hash=self.batch.root_hash, head_hash=self.batch.head_hash,
            sealed_at_iso=self.batch.sealed_at.astimezone(dt.UTC).isoformat()).decode()


def inclusion_proof(entry_hash: str) -> InclusionProof | None:
    """The proof for a sequenced entry's hash; None for an unknown hash, an entry still waiting
    for the sequencer, or an entry chained before batches existed. Three queries."""
    entry = (LedgerEntry.objects.filter(hash=entry_hash.lower())
             .values("sequence", "hash").first())
    if entry is None:
        return None
    batch = (LedgerBatch.objects.filter(first_sequence__lte=entry["sequence"],
                                        last_sequence__gte=entry["sequence"])
             .order_by("first_sequence").first())
    if batch is None:
        return None
    hashes = [bytes.fromhex(h) for h in LedgerEntry.objects.filter(
        sequence__gte=batch.first_sequence, sequence__lte=batch.last_sequence,
    ).order_by("sequence").values_list("hash", flat=True)]
    index = entry["sequence"] - batch.first_sequence
    return InclusionProof(entry_hash=entry["hash"], sequence=entry["sequence"], batch=batch,
                          index=index, tree_size=len(hashes),
                          path=[h.hex() for h in merkle.inclusion_proof(index, hashes)])


def proof_holds(proof: InclusionProof) -> bool:
    """The check anyone can repeat: the audit path leads from the entry hash to the batch
    root, and the batch signature over that root holds."""
    return merkle.verify_inclusion(
        item=bytes.fromhex(proof.entry_hash), index=proof.index, tree_size=proof.tree_size,
        path=[bytes.fromhex(node) for node in proof.path],
        expected_root=bytes.fromhex(proof.batch.root_hash),
    ) and batch_is_signed(proof.batch)


def entries_of_actor(user_id: int) -> QuerySet[LedgerEntry]:
    """What a person did, as the ledger recorded it, newest first."""
    return LedgerEntry.objects.filter(actor_id=user_id).order_by("-id")
