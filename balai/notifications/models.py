"""The outbox: every message to a person is written here in the same transaction as the change
that caused it, then delivered by a background task with retries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.fields import EncryptedTextField


class Message(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")
        IN_APP = "in_app", _("Dalam aplikasi")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Antre")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")
        # An SMS to a number that sent STOP: never handed to the provider.
        OPTED_OUT = "opted_out", _("Tidak dikirim (nomor berhenti berlangganan)")

    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="messages",
                                  verbose_name=_("penerima"))
    # Phone number or email address, encrypted: it is personal data.
    address = EncryptedTextField(_("alamat tujuan"), blank=True)
    subject = models.CharField(_("subjek"), max_length=200, blank=True)
    body = models.TextField(_("isi"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    # Only the answer to STOP or MULAI itself goes to a number that has opted out.
    ignore_opt_out = models.BooleanField(_("abaikan berhenti berlangganan"), default=False)
    provider_id = models.CharField(_("ID penyedia"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("pesan")
        verbose_name_plural = _("pesan")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_queue_idx"),
            models.Index(fields=["recipient", "channel", "-created_at"], name="message_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.subject or self.body[:40]}"
