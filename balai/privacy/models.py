"""UU PDP 27/2022: purpose-specific consent, the citizen's requests (correction, erasure), and
the log of which officer opened whose personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.fields import EncryptedTextField


class Purpose(models.TextChoices):
    """What a citizen is asked to agree to, one purpose at a time (Pasal 20-22).

    Processing for the public service itself rests on a public-interest task, not on consent;
    the citizen acknowledges the privacy notice that says so (PEMBERITAHUAN)."""

    PEMBERITAHUAN = "pemberitahuan_privasi", _("Pemberitahuan privasi dibaca dan dipahami")
    SURVEI = "survei_kepuasan", _("Undangan Survei Kepuasan Masyarakat")
    INFORMASI = "informasi_layanan", _("Kabar tentang layanan baru dan pengumuman")


class Consent(models.Model):
    """One decision of one citizen about one purpose. A change adds a row; nothing is edited,
    so the history of what was agreed, when and how stays provable."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="consents", verbose_name=_("warga"))
    purpose = models.CharField(_("tujuan"), max_length=40, choices=Purpose.choices)
    granted = models.BooleanField(_("disetujui"))
    notice_version = models.CharField(_("versi pemberitahuan"), max_length=20)
    channel = models.CharField(_("lewat"), max_length=30)
    recorded_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("persetujuan")
        verbose_name_plural = _("persetujuan")
        indexes = [models.Index(fields=["user", "purpose", "-recorded_at"],
                                name="consent_user_purpose_idx")]

    def __str__(self) -> str:
        return f"{self.user} {self.purpose} {'ya' if self.granted else 'tidak'}"


class DataRequest(models.Model):
    """A citizen asks to correct or to erase their data; answered within 3×24 hours."""

    class Kind(models.TextChoices):
        KOREKSI = "koreksi", _("Perbaikan data")
        HAPUS = "hapus", _("Penghapusan data")

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", _("Diajukan")
        SELESAI = "selesai", _("Selesai")
        DITOLAK = "ditolak", _("Ditolak")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="data_requests", verbose_name=_("warga"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    details = EncryptedTextField(_("rincian"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DIAJUKAN)
    response = models.TextField(_("jawaban"), blank=True)
    created_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)
    due_at = models.DateTimeField(_("batas jawaban"))
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("ditangani oleh"))
    handled_at = models.DateTimeField(_("ditangani pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("permintaan data pribadi")
        verbose_name_plural = _("permintaan data pribadi")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_at"], name="datarequest_open_idx"),
                   models.Index(fields=["user", "-created_at"], name="datarequest_user_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.user} ({self.get_status_display()})"


class AccessLogEntry(models.Model):
    """An officer opened a citizen's personal data (an application, a look-up by NIK)."""

    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="personal_data_accesses",
                                verbose_name=_("warga"))
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("petugas"))
    officer_name = models.CharField(_("nama petugas"), max_length=150)
    office_name = models.CharField(_("kantor"), max_length=200, blank=True)
    what = models.CharField(_("data yang dibuka"), max_length=200)
    object_type = models.CharField(_("jenis objek"), max_length=100, blank=True)
    object_id = models.CharField(_("ID objek"), max_length=64, blank=True)
    accessed_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("akses data pribadi")
        verbose_name_plural = _("akses data pribadi")
        ordering = ["-accessed_at", "-pk"]
        indexes = [models.Index(fields=["citizen", "-accessed_at"], name="accesslog_citizen_idx"),
                   models.Index(fields=["accessed_at"], name="accesslog_time_idx")]

    def __str__(self) -> str:
        return f"{self.officer_name} → {self.citizen} ({self.what})"
