"""The tamper-evident audit ledger: an append-only chain of hashed entries.

Each entry's hash covers its own fields and the previous entry's hash, so rewriting or removing
any entry breaks every hash after it. Database triggers (see migration 0002) refuse UPDATE and
DELETE on the entries table on both SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class LedgerEntry(models.Model):
    sequence = models.PositiveBigIntegerField(_("urutan"), primary_key=True)
    created_at = models.DateTimeField(_("waktu"))
    actor_id = models.BigIntegerField(_("ID pelaku"), null=True, blank=True)
    actor_label = models.CharField(_("pelaku"), max_length=150)
    action = models.CharField(_("tindakan"), max_length=80)
    object_type = models.CharField(_("jenis objek"), max_length=100, blank=True)
    object_id = models.CharField(_("ID objek"), max_length=64, blank=True)
    payload_digest = models.CharField(_("digest muatan"), max_length=64)
    prev_hash = models.CharField(_("hash sebelumnya"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("entri buku besar")
        verbose_name_plural = _("entri buku besar")
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "sequence"], name="ledger_object_idx"),
            models.Index(fields=["actor_id", "sequence"], name="ledger_actor_idx"),
            models.Index(fields=["action", "sequence"], name="ledger_action_idx"),
            models.Index(fields=["created_at"], name="ledger_created_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("Ledger entries are append-only")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("Ledger entries are append-only")


class LedgerHead(models.Model):
    """The single row that appends lock on, so that the chain never forks."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("kepala rantai")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="ledger_single_head")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.hash[:12]}"


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
