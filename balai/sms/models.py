"""The SMS channel: messages received from the gateway, the numbers that sent STOP, and bulk
runs sent by officers. Phone numbers are kept only as keyed blind indexes
(balai.accounts.queries.phone_index), the same digest as Citizen.phone_index."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Command(models.TextChoices):
    CEK = "cek", _("CEK status")
    PAJAK = "pajak", _("PAJAK tagihan PBB")
    ANTRI = "antri", _("ANTRI antrean poli")
    INFO = "info", _("INFO/BANTUAN")
    STOP = "stop", _("STOP")
    MULAI = "mulai", _("MULAI")
    UNKNOWN = "unknown", _("Tidak dikenal")


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("Dijawab")
    NOT_SHOWN = "not_shown", _("Data tidak ditampilkan")
    INVALID = "invalid", _("Format salah")
    OPTED_OUT = "opted_out", _("Berhenti berlangganan")
    OPTED_IN = "opted_in", _("Berlangganan lagi")
    THROTTLED = "throttled", _("Terlalu sering, diberi tahu")
    SILENCED = "silenced", _("Terlalu sering, tidak dijawab")


class InboundSms(models.Model):
    """One SMS received from the gateway. The gateway's message id is unique, so a retried
    delivery of the same SMS is recognised and answered once."""

    gateway_id = models.CharField(_("ID pesan gateway"), max_length=100, unique=True)
    # Blind index of the sender's number: lets STOP and rate limits find the number without
    # keeping it. The text itself is not kept (it may hold a PIN).
    phone_index = models.CharField(max_length=64, db_index=True, editable=False)
    command = models.CharField(_("perintah"), max_length=10, choices=Command.choices)
    outcome = models.CharField(_("hasil"), max_length=10, choices=Outcome.choices)
    reply = models.ForeignKey("notifications.Message", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("balasan"))
    received_at = models.DateTimeField(_("diterima pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("SMS masuk")
        verbose_name_plural = _("SMS masuk")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.gateway_id} ({self.get_command_display()})"


class OptOut(models.Model):
    """A number that sent STOP and has not sent MULAI since: no SMS is delivered to it."""

    phone_index = models.CharField(max_length=64, unique=True, editable=False)
    opted_out_at = models.DateTimeField(_("berhenti pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("nomor berhenti berlangganan")
        verbose_name_plural = _("nomor berhenti berlangganan")

    def __str__(self) -> str:
        return f"{self.phone_index[:12]}…"


class BulkSms(models.Model):
    """An SMS sent by an officer to an audience, with the cost that was shown and confirmed."""

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("pengirim"))
    kecamatan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("kecamatan"))
    body = models.TextField(_("isi"))
    recipients = models.PositiveIntegerField(_("jumlah penerima"))
    segments = models.PositiveSmallIntegerField(_("jumlah segmen"))
    price_per_segment = models.PositiveIntegerField(_("harga per segmen (Rp)"))
    cost = models.PositiveBigIntegerField(_("biaya (Rp)"))
    created_at = models.DateTimeField(_("dikirim pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("SMS massal")
        verbose_name_plural = _("SMS massal")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kecamatan_id}: {self.body[:40]}"
