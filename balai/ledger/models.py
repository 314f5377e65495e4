"""The tamper-evident audit ledger: an append-only chain of hashed entries, sealed in batches.

Writing and ordering are two steps. `record_event` only inserts an entry, in the caller's
transaction and without any shared lock. One sequencer at a time (`actions.sequence_pending`)
then takes the committed, unsequenced entries, numbers them, chains each one to the previous
entry's hash, and seals the group as a `LedgerBatch`: the root of a Merkle tree over the
batch's entry hashes (RFC 9162 hashing), signed with the checkpoint key. Anyone holding an
entry's hash can ask for its inclusion proof (`merkle.py`) and check it against the signed root.

Each entry's hash covers its own fields, its sequence and the previous entry's hash, so
rewriting or removing any sequenced entry breaks every hash after it. Database triggers (see
migrations 0002 and 0004) refuse DELETE on the entries table, and refuse UPDATE except the
sequencer's single step of giving an unsequenced entry its sequence and hashes, content unchanged.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class LedgerEntry(models.Model):
    id = models.BigAutoField(primary_key=True)
    # The three fields below stay NULL until the sequencer chains the entry.
    sequence = models.PositiveBigIntegerField(_("urutan"), null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("waktu"))
    actor_id = models.BigIntegerField(_("ID pelaku"), null=True, blank=True)
    actor_label = models.CharField(_("pelaku"), max_length=150)
    action = models.CharField(_("tindakan"), max_length=80)
    object_type = models.CharField(_("jenis objek"), max_length=100, blank=True)
    object_id = models.CharField(_("ID objek"), max_length=64, blank=True)
    payload_digest = models.CharField(_("digest muatan"), max_length=64)
    prev_hash = models.CharField(_("hash sebelumnya"), max_length=64, null=True, blank=True)
    hash = models.CharField(_("hash"), max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("entri buku besar")
        verbose_name_plural = _("entri buku besar")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "id"], name="ledger_object_idx"),
            models.Index(fields=["actor_id", "id"], name="ledger_actor_idx"),
            models.Index(fields=["action", "id"], name="ledger_action_idx"),
            models.Index(fields=["created_at"], name="ledger_created_idx"),
            # The sequencer's queue: small, since entries leave it within seconds.
            models.Index(fields=["id"], condition=models.Q(sequence__isnull=True),
                         name="ledger_pending_idx"),
        ]

    def __str__(self) -> str:
        where = f"#{self.sequence}" if self.sequence is not None else f"(menunggu, id {self.pk})"
        return f"{where} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("Ledger entries are append-only")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("Ledger entries are append-only")

    @property
    def is_sequenced(self) -> bool:
        return self.sequence is not None


class LedgerHead(models.Model):
    """The chain's last sequence and hash. Only the sequencer locks and moves it (appends do
    not touch it), so the chain never forks and writers never queue on it."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("kepala rantai")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="ledger_single_head")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.hash[:12]}"


class LedgerBatch(models.Model):
    """Entries first_sequence..last_sequence, sealed by one sequencer run: the Merkle tree
    root over their entry hashes (in sequence order) and the chain hash of the last one,
    signed together. Append-only like the entries (migration 0004)."""

    first_sequence = models.PositiveBigIntegerField(_("urutan pertama"), unique=True)
    last_sequence = models.PositiveBigIntegerField(_("urutan terakhir"), unique=True)
    root_hash = models.CharField(_("akar pohon Merkle"), max_length=64)
    head_hash = models.CharField(_("hash kepala"), max_length=64)
    sealed_at = models.DateTimeField(_("disegel pada"))
    key_id = models.CharField(_("ID kunci"), max_length=16)
    public_key = models.CharField(_("kunci publik (hex)"), max_length=64)
    signature = models.CharField(_("tanda tangan (hex)"), max_length=128)

    class Meta:
        verbose_name = _("kelompok buku besar")
        verbose_name_plural = _("kelompok buku besar")
        ordering = ["first_sequence"]
        constraints = [models.CheckConstraint(
            condition=models.Q(last_sequence__gte=models.F("first_sequence")),
            name="ledger_batch_range")]

    def __str__(self) -> str:
        return f"#{self.first_sequence}-{self.last_sequence} {self.root_hash[:12]}"

    @property
    def size(self) -> int:
        return self.last_sequence - self.first_sequence + 1


class Checkpoint(models.Model):
    """A signed statement "the chain had this head at this sequence", published for anyone.

    Whoever keeps a copy can later ask whether today's chain still passes through that head:
    rewriting any entry up to `sequence` changes `head_hash` and so breaks the old checkpoint.
    """

    sequence = models.PositiveBigIntegerField(_("urutan kepala"), unique=True)
    head_hash = models.CharField(_("hash kepala"), max_length=64)
    signed_at = models.DateTimeField(_("ditandatangani pada"))
    key_id = models.CharField(_("ID kunci"), max_length=16)
    public_key = models.CharField(_("kunci publik (hex)"), max_length=64)
    signature = models.CharField(_("tanda tangan (hex)"), max_length=128)

    class Meta:
        verbose_name = _("titik periksa buku besar")
        verbose_name_plural = _("titik periksa buku besar")
        ordering = ["-sequence"]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.head_hash[:12]}"


class VerificationRun(models.Model):
    """One recomputation of the whole chain (manage.py verify_ledger, the nightly task, or an
    auditor's button) and what it found."""

    started_at = models.DateTimeField(_("mulai"))
    finished_at = models.DateTimeField(_("selesai"))
    ok = models.BooleanField(_("utuh"))
    checked = models.PositiveBigIntegerField(_("entri diperiksa"))
    broken_sequence = models.PositiveBigIntegerField(_("entri rusak"), null=True, blank=True)
    reason = models.CharField(_("keterangan"), max_length=200, blank=True)
    triggered_by = models.CharField(_("dijalankan oleh"), max_length=150)

    class Meta:
        verbose_name = _("verifikasi buku besar")
        verbose_name_plural = _("verifikasi buku besar")
        ordering = ["-finished_at", "-pk"]
        indexes = [models.Index(fields=["-finished_at"], name="ledger_verification_recent_idx")]

    def __str__(self) -> str:
        return f"{self.finished_at:%Y-%m-%d %H:%M} {'utuh' if self.ok else 'RUSAK'}"
