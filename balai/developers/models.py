"""The developer portal: registered apps, their keys, usage counters, webhook endpoints and
deliveries, and the sandbox that test keys act on.

Keys read `balai_test_<prefix>_<secret>` or `balai_live_<prefix>_<secret>`; like personal tokens,
only the SHA-256 digest and the prefix are stored. A test key acts only on the sandbox
(`SandboxApplication` rows owned by its app), never on real citizens' records; a live key acts
as the app's owner once the regency has approved the app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core.fields import EncryptedTextField

KEY_PREFIX_LENGTH = 10


class DeveloperApp(models.Model):
    class Status(models.TextChoices):
        SANDBOX = "sandbox", _("Hanya sandbox")
        PENDING = "pending", _("Menunggu persetujuan")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="developer_apps", verbose_name=_("pemilik"))
    name = models.CharField(_("nama aplikasi"), max_length=80)
    description = models.TextField(_("deskripsi"), max_length=2000)
    contact_email = models.EmailField(_("email kontak"))
    callback_urls = models.TextField(_("alamat callback"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.SANDBOX)
    review_note = models.TextField(_("catatan peninjauan"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("ditinjau oleh"))
    reviewed_at = models.DateTimeField(_("ditinjau pada"), null=True, blank=True)
    receiver_token = models.CharField(_("token penerima uji"), max_length=43, unique=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("aplikasi pengembang")
        verbose_name_plural = _("aplikasi pengembang")
        indexes = [models.Index(fields=["owner", "-created_at"], name="devapp_owner_idx"),
                   models.Index(fields=["status", "created_at"], name="devapp_status_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def callback_list(self) -> list[str]:
        return [line.strip() for line in self.callback_urls.splitlines() if line.strip()]


class AppKey(models.Model):
    class Kind(models.TextChoices):
        TEST = "test", _("Uji (sandbox)")
        LIVE = "live", _("Langsung")

    class Scopes(models.TextChoices):
        READ = "read", _("Baca saja")
        READ_WRITE = "read write", _("Baca dan tulis")

    app = models.ForeignKey(DeveloperApp, on_delete=models.CASCADE, related_name="keys",
                            verbose_name=_("aplikasi"))
    kind = models.CharField(_("jenis"), max_length=4, choices=Kind.choices)
    name = models.CharField(_("nama"), max_length=80)
    prefix = models.CharField(_("awalan"), max_length=KEY_PREFIX_LENGTH, unique=True)
    secret_hash = models.CharField(_("sidik SHA-256"), max_length=64)
    scopes = models.CharField(_("cakupan"), max_length=20, choices=Scopes.choices,
                              default=Scopes.READ)
    rate_per_minute = models.PositiveIntegerField(_("batas permintaan per menit"), default=120)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    replaced_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("diganti oleh"))

    class Meta:
        verbose_name = _("kunci API aplikasi")
        verbose_name_plural = _("kunci API aplikasi")
        indexes = [models.Index(fields=["app", "-created_at"], name="appkey_app_idx")]

    def __str__(self) -> str:
        return f"{self.name} (balai_{self.kind}_{self.prefix}_…)"

    @property
    def is_test(self) -> bool:
        return self.kind == self.Kind.TEST

    @property
    def can_write(self) -> bool:
        return "write" in self.scopes.split()

    def is_usable(self, now: object = None) -> bool:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > now  # type: ignore[operator]


class KeyUsage(models.Model):
    """Requests and errors of one key on one endpoint on one day: one row, counted up with F()."""

    key = models.ForeignKey(AppKey, on_delete=models.CASCADE, related_name="usage",
                            verbose_name=_("kunci"))
    endpoint = models.CharField(_("endpoint"), max_length=160)
    day = models.DateField(_("tanggal"))
    requests = models.PositiveIntegerField(_("permintaan"), default=0)
    errors = models.PositiveIntegerField(_("galat"), default=0)

    class Meta:
        verbose_name = _("pemakaian kunci")
        verbose_name_plural = _("pemakaian kunci")
        constraints = [models.UniqueConstraint(fields=["key", "endpoint", "day"],
                                               name="keyusage_unique_day")]

    def __str__(self) -> str:
        return f"{self.key_id} {self.endpoint} {self.day}"


class WebhookEndpoint(models.Model):
    class Mode(models.TextChoices):
        TEST = "test", _("Uji (sandbox)")
        LIVE = "live", _("Langsung")

    app = models.ForeignKey(DeveloperApp, on_delete=models.CASCADE, related_name="endpoints",
                            verbose_name=_("aplikasi"))
    url = models.URLField(_("alamat"), max_length=500)
    mode = models.CharField(_("mode"), max_length=4, choices=Mode.choices)
    secret = EncryptedTextField(_("rahasia"))
    previous_secret = EncryptedTextField(_("rahasia sebelumnya"), blank=True)
    previous_secret_until = models.DateTimeField(_("rahasia sebelumnya berlaku sampai"),
                                                 null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    disabled_at = models.DateTimeField(_("dinonaktifkan pada"), null=True, blank=True)
    disabled_reason = models.CharField(_("alasan dinonaktifkan"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("endpoint webhook")
        verbose_name_plural = _("endpoint webhook")
        indexes = [models.Index(fields=["app", "mode", "is_active"], name="whendpoint_app_idx")]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one endpoint, with its retries."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        SUCCEEDED = "succeeded", _("Terkirim")
        FAILED = "failed", _("Gagal")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE,
                                 related_name="deliveries", verbose_name=_("endpoint"))
    message_id = models.CharField(_("id pesan"), max_length=40)
    event_type = models.CharField(_("jenis peristiwa"), max_length=60)
    body = models.TextField(_("isi"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("kode status terakhir"), null=True,
                                                   blank=True)
    last_error = models.CharField(_("galat terakhir"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengiriman webhook")
        verbose_name_plural = _("pengiriman webhook")
        indexes = [models.Index(fields=["endpoint", "-created_at"], name="whdelivery_ep_idx"),
                   models.Index(fields=["status", "next_attempt_at"], name="whdelivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.event_type})"


class WebhookAttempt(models.Model):
    """One HTTP attempt of a delivery: the endpoint's delivery log."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE,
                                 related_name="log", verbose_name=_("pengiriman"))
    attempted_at = models.DateTimeField(_("waktu"), default=timezone.now)
    status_code = models.PositiveIntegerField(_("kode status"), null=True, blank=True)
    error = models.CharField(_("galat"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("durasi (ms)"), default=0)
    replay = models.BooleanField(_("kirim ulang"), default=False)

    class Meta:
        verbose_name = _("percobaan webhook")
        verbose_name_plural = _("percobaan webhook")
        indexes = [models.Index(fields=["delivery", "-attempted_at"], name="whattempt_idx")]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.attempted_at:%Y-%m-%d %H:%M} {self.status_code}"


class SandboxApplication(models.Model):
    """An application made with a test key: lives only here, seen only by its app's keys and
    the developer's portal; officers, the public pages and the dashboard never read this table."""

    app = models.ForeignKey(DeveloperApp, on_delete=models.CASCADE,
                            related_name="sandbox_applications", verbose_name=_("aplikasi"))
    definition = models.ForeignKey("catalogue.ServiceDefinition", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("definisi layanan"))
    number = models.CharField(_("nomor"), max_length=40, null=True, blank=True, unique=True)
    state = models.CharField(_("status"), max_length=40, blank=True)
    data = models.JSONField(_("isian"), default=dict)
    version = models.PositiveIntegerField(_("versi"), default=1)
    timeline = models.JSONField(_("riwayat"), default=list)
    idempotency_key = models.CharField(_("kunci idempotensi"), max_length=64)
    submit_key = models.CharField(_("kunci idempotensi pengajuan"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    closed_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("permohonan sandbox")
        verbose_name_plural = _("permohonan sandbox")
        constraints = [models.UniqueConstraint(fields=["app", "idempotency_key"],
                                               name="sandboxapp_unique_key")]

    def __str__(self) -> str:
        return self.number or f"draf sandbox {self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.submitted_at is None


class ReceivedWebhook(models.Model):
    """A request the sandbox test receiver got: what a developer's server would have seen."""

    app = models.ForeignKey(DeveloperApp, on_delete=models.CASCADE, related_name="received",
                            verbose_name=_("aplikasi"))
    headers = models.JSONField(_("header"), default=dict)
    body = models.TextField(_("isi"))
    received_at = models.DateTimeField(_("diterima"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook diterima (uji)")
        verbose_name_plural = _("webhook diterima (uji)")
        indexes = [models.Index(fields=["app", "-received_at"], name="whreceived_app_idx")]

    def __str__(self) -> str:
        return f"{self.app_id} {self.received_at:%Y-%m-%d %H:%M:%S}"
