"""Bills, the partner banks that collect them, and the payments those banks post.

Every amount owed to the regency (a PBB-P2 SPPT, a self-assessed return, a service fee of an
application) is a Bill with a unique payment code. A bank posts a payment for a code over the
host-to-host API; the database, not the code path, guarantees a bill is credited at most once:
a BankRequest is unique per (bank, X-EXTERNAL-ID) and a Payment in state "credited" is unique
per bill. Amounts are whole rupiah.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.fields import EncryptedTextField


class BillCounter(models.Model):
    """The last payment-code serial of a year for bills issued one at a time (returns, fees).
    PBB-P2 bills take the tax object's id as serial instead (one per object and year)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("penghitung kode bayar")
        verbose_name_plural = _("penghitung kode bayar")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Bill(models.Model):
    class Kind(models.TextChoices):
        PBB_P2 = "pbb_p2", _("PBB-P2")
        PBJT = "pbjt", _("PBJT")
        REKLAME = "reklame", _("Pajak reklame")
        AIR_TANAH = "air_tanah", _("Pajak air tanah")
        RETRIBUSI = "retribusi", _("Retribusi layanan")

    class Status(models.TextChoices):
        UNPAID = "belum_bayar", _("Belum dibayar")
        PAID = "lunas", _("Lunas")

    payment_code = models.CharField(_("kode bayar"), max_length=20, unique=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="bills",
                               verbose_name=_("kantor penerima"))
    # The source: exactly one of these.
    sppt = models.OneToOneField("taxes.Sppt", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="bill", verbose_name=_("SPPT"))
    tax_return = models.OneToOneField("taxes.TaxReturn", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="bill", verbose_name=_("SPTPD"))
    application = models.OneToOneField("applications.Application", on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="fee_bill",
                                       verbose_name=_("permohonan"))
    # Denormalized for the public look-up by NOP and the payer's own list.
    nop = models.CharField(_("NOP"), max_length=18, blank=True)
    payer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="bills", verbose_name=_("pembayar"))
    description = models.CharField(_("uraian"), max_length=200)
    principal = models.BigIntegerField(_("pokok"))
    due_date = models.DateField(_("jatuh tempo"))
    # Interest rule copied from the tariff table at issue, so later changes do not alter it.
    interest_bp_per_month = models.PositiveIntegerField(_("bunga per bulan (basis poin)"))
    interest_max_months = models.PositiveSmallIntegerField(_("bunga paling lama (bulan)"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.UNPAID)
    paid_at = models.DateTimeField(_("dibayar pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("diterbitkan"), auto_now_add=True)

    class Meta:
        verbose_name = _("tagihan")
        verbose_name_plural = _("tagihan")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(sppt__isnull=False, tax_return__isnull=True,
                                    application__isnull=True)
                           | models.Q(sppt__isnull=True, tax_return__isnull=False,
                                      application__isnull=True)
                           | models.Q(sppt__isnull=True, tax_return__isnull=True,
                                      application__isnull=False)),
                name="bill_exactly_one_source"),
            models.CheckConstraint(condition=models.Q(principal__gte=0),
                                   name="bill_principal_not_negative"),
        ]
        indexes = [
            models.Index(fields=["nop", "-due_date"], name="bill_nop_idx"),
            models.Index(fields=["payer", "status", "-due_date"], name="bill_payer_idx"),
            models.Index(fields=["kind", "status", "due_date"], name="bill_kind_status_idx"),
        ]

    def __str__(self) -> str:
        return self.payment_code

    @property
    def is_paid(self) -> bool:
        return self.status == self.Status.PAID


class BankClient(models.Model):
    """A partner bank (or the built-in sandbox) allowed to collect bills over the host-to-host
    API. Its RSA public key verifies access-token requests; its client secret keys the
    HMAC-SHA512 signatures of transactions, as BI SNAP specifies."""

    code = models.SlugField(_("kode (X-PARTNER-ID)"), max_length=40, unique=True)
    # The biller (company) code this bank gave the regency: SNAP's partnerServiceId, the first
    # 8 characters (left-padded with spaces) of every virtual account number it sends.
    partner_service_id = models.CharField(
        _("kode biller (partnerServiceId)"), max_length=8,
        validators=[RegexValidator(r"^\d{1,8}$", _("Kode biller terdiri atas 1-8 angka."))])
    name = models.CharField(_("nama bank"), max_length=120)
    client_key = models.CharField(_("client key (X-CLIENT-KEY)"), max_length=64, unique=True)
    client_secret = EncryptedTextField(_("client secret"))
    public_key_pem = models.TextField(_("kunci publik RSA bank (PEM)"))
    # Only the sandbox keeps its private key here: it signs as the bank on the sandbox page.
    sandbox_private_key_pem = EncryptedTextField(_("kunci privat sandbox"), blank=True)
    is_sandbox = models.BooleanField(_("sandbox"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bank mitra")
        verbose_name_plural = _("bank mitra")

    def __str__(self) -> str:
        return self.name


class BankAccessToken(models.Model):
    """A B2B access token issued to a bank; only its SHA-256 is stored."""

    client = models.ForeignKey(BankClient, on_delete=models.CASCADE, related_name="tokens")
    token_sha256 = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("token akses bank")
        verbose_name_plural = _("token akses bank")

    def __str__(self) -> str:
        return f"{self.client_id} {self.expires_at:%Y-%m-%d %H:%M}"


class Payment(models.Model):
    """A payment a bank posted for a bill. At most one credited payment per bill; a same-day
    reversal marks it reversed and the bill unpaid again."""

    class Status(models.TextChoices):
        CREDITED = "dibukukan", _("Dibukukan")
        REVERSED = "dibatalkan", _("Dibatalkan (reversal)")

    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="payments",
                             verbose_name=_("tagihan"))
    client = models.ForeignKey(BankClient, on_delete=models.PROTECT, related_name="payments",
                               verbose_name=_("bank"))
    external_id = models.CharField(_("X-EXTERNAL-ID"), max_length=36)
    # SNAP's paymentRequestId (the inquiryRequestId when the payment follows an inquiry).
    bank_reference = models.CharField(_("referensi bank"), max_length=128)
    channel = models.CharField(_("kanal"), max_length=10, blank=True)
    principal = models.BigIntegerField(_("pokok"))
    interest = models.BigIntegerField(_("bunga"))
    amount = models.BigIntegerField(_("jumlah dibayar"))
    paid_at = models.DateTimeField(_("waktu bayar"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.CREDITED)
    reversed_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)
    receipt_code = models.CharField(_("kode verifikasi bukti bayar"), max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pembayaran")
        verbose_name_plural = _("pembayaran")
        constraints = [
            models.UniqueConstraint(fields=["bill"], condition=models.Q(status="dibukukan"),
                                    name="payment_one_credit_per_bill"),
        ]
        # X-EXTERNAL-ID is unique per bank and day (SNAP), through the BankRequest stored with
        # each payment in the same transaction.
        indexes = [models.Index(fields=["client", "paid_at"], name="payment_client_day_idx"),
                   models.Index(fields=["client", "bank_reference"], name="payment_ref_idx"),
                   models.Index(fields=["client", "external_id"], name="payment_external_id_idx")]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.external_id}"


class BankRequest(models.Model):
    """The answer given to a bank's successful request, kept under its X-EXTERNAL-ID for the
    day (SNAP: an X-EXTERNAL-ID is unique per partner and day): the same request again that
    day gets exactly this answer, whatever happened in between (a timeout, a crash after
    commit); another request under the same id gets 409."""

    client = models.ForeignKey(BankClient, on_delete=models.PROTECT, related_name="requests")
    day = models.DateField()  # the local day the request was answered
    external_id = models.CharField(max_length=36)
    service = models.CharField(max_length=2)
    request_sha256 = models.CharField(max_length=64)
    http_status = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("permintaan bank")
        verbose_name_plural = _("permintaan bank")
        constraints = [models.UniqueConstraint(fields=["client", "day", "external_id"],
                                               name="bankrequest_unique_external_id_day")]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.external_id}"
