"""Complaints (pengaduan) in the manner of SP4N-LAPOR!: categories routed to offices, the
complaint with its location and photos, its timeline, the anonymous reporter's sealed link, and
per-month counters that the analytics read instead of scanning complaints.

Anonymous complaints (Perpres 76/2013: the complainant's identity is kept confidential) have
no reporter on the Complaint row. The only link to the reporter is SealedReporter: a keyed
digest of the user id that only the reporter's own session can match; no officer page, API,
export, admin page or ledger payload reads it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.fields import EncryptedTextField

NUMBER_PREFIX = "ADU"
DESCRIPTION_MIN = 20
DESCRIPTION_MAX = 4000
MEDIA_URL_MAX = 500  # a photo the reporter's own application hosts (Open311 media_url)


class ComplaintCategory(models.Model):
    """A kind of complaint, routed to the office that handles it (Open311: a service)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    description = models.CharField(_("keterangan"), max_length=300, blank=True)
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT,
                               related_name="complaint_categories",
                               verbose_name=_("kantor penanggung jawab"))
    # Working days to resolve after filing (SP4N tiers: 2, 5, 14 or 60 working days).
    resolution_days = models.PositiveSmallIntegerField(_("batas penyelesaian (hari kerja)"),
                                                       default=14)
    keywords = models.CharField(_("kata kunci"), max_length=200, blank=True)
    # Open311 service definition attributes: [{"code", "description", "datatype",
    # "required", "values": [{"key", "name"}]}]; their answers are kept in Complaint.attributes.
    attributes = models.JSONField(_("atribut tambahan"), default=list, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kategori pengaduan")
        verbose_name_plural = _("kategori pengaduan")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ComplaintCounter(models.Model):
    """The last tracking sequence of a year, locked on each filing (never reused)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penghitung nomor pengaduan")
        verbose_name_plural = _("penghitung nomor pengaduan")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Status(models.TextChoices):
    BARU = "baru", _("Menunggu verifikasi")
    DIPROSES = "diproses", _("Sedang ditindaklanjuti")
    SELESAI = "selesai", _("Selesai, menunggu konfirmasi pelapor")
    DIKONFIRMASI = "dikonfirmasi", _("Selesai")
    DITOLAK = "ditolak", _("Ditolak (bukan kewenangan)")
    DIGABUNG = "digabung", _("Digabung dengan laporan lain")



class Complaint(models.Model):
    number = models.CharField(_("nomor pelacakan"), max_length=20, unique=True)
    category = models.ForeignKey(ComplaintCategory, on_delete=models.PROTECT,
                                 related_name="complaints", verbose_name=_("kategori"))
    # The office handling it now (the category's office, or the one it was forwarded to).
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT,
                               related_name="complaints", verbose_name=_("kantor"))
    description = models.TextField(_("uraian"), max_length=DESCRIPTION_MAX)
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+", verbose_name=_("desa/kelurahan"))
    # Denormalized from the village, for the public list's filter and the counters.
    kecamatan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("kecamatan"))
    location_note = models.CharField(_("keterangan lokasi"), max_length=200, blank=True)
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)
    # Null for anonymous complaints: see SealedReporter.
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="complaints",
                                 verbose_name=_("pelapor"))
    is_anonymous = models.BooleanField(_("anonim"), default=False)
    is_confidential = models.BooleanField(_("rahasia"), default=False)
    # Shown in the public list: not confidential and not merged into another.
    is_listed = models.BooleanField(_("tampil di daftar publik"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.BARU)
    is_open = models.BooleanField(_("masih ditangani"), default=True)
    attributes = models.JSONField(_("isian tambahan"), default=dict, blank=True)
    channel = models.CharField(_("kanal"), max_length=20, default="web")
    # Open311: the URL of a photo the reporting application hosts (http or https), and the
    # unguessable token the POST answered with, by which GET tokens/{token} finds the number.
    media_url = models.URLField(_("tautan foto dari aplikasi pelapor"), max_length=MEDIA_URL_MAX,
                                blank=True)
    request_token = models.CharField(_("token Open311"), max_length=64, unique=True, null=True,
                                     blank=True, editable=False)
    created_at = models.DateTimeField(_("dilaporkan pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    # The deadline of the current stage, and of the whole complaint.
    due_date = models.DateField(_("batas tahap ini"), null=True, blank=True)
    resolution_due = models.DateField(_("batas penyelesaian"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("dieskalasi pada"), null=True, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("tanggapan pertama"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)
    reject_reason = models.TextField(_("alasan penolakan"), blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="duplicates", verbose_name=_("digabung ke"))
    rating = models.PositiveSmallIntegerField(_("penilaian"), null=True, blank=True)
    rating_comment = models.CharField(_("komentar penilaian"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1)

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        constraints = [
            models.CheckConstraint(condition=models.Q(rating__isnull=True)
                                   | models.Q(rating__gte=1, rating__lte=5),
                                   name="complaint_rating_range"),
            models.CheckConstraint(condition=~models.Q(is_anonymous=True,
                                                       reporter__isnull=False),
                                   name="complaint_anonymous_without_reporter"),
        ]
        indexes = [
            # The public list, newest first, and its filters (partial: listed rows only).
            models.Index(fields=["-id"], condition=models.Q(is_listed=True),
                         name="complaint_public_idx"),
            models.Index(fields=["category", "-id"], condition=models.Q(is_listed=True),
                         name="complaint_public_cat_idx"),
            models.Index(fields=["kecamatan", "-id"], condition=models.Q(is_listed=True),
                         name="complaint_public_kec_idx"),
            models.Index(fields=["status", "-id"], condition=models.Q(is_listed=True),
                         name="complaint_public_status_idx"),
            # The officers' queue: open complaints of an office by deadline.
            models.Index(fields=["office", "due_date", "id"], condition=models.Q(is_open=True),
                         name="complaint_queue_idx"),
            models.Index(fields=["office", "status", "-id"], name="complaint_office_idx"),
            models.Index(fields=["due_date"],
                         condition=models.Q(is_open=True, escalated_at__isnull=True),
                         name="complaint_escalation_idx"),
            models.Index(fields=["closed_at"], condition=models.Q(status="selesai"),
                         name="complaint_autoconfirm_idx"),
            models.Index(fields=["reporter", "-id"], name="complaint_reporter_idx"),
            models.Index(fields=["created_at"], name="complaint_created_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def coordinates(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return float(self.latitude), float(self.longitude)


class SealedReporter(models.Model):
    """The reporter of an anonymous complaint: a keyed digest of their user id (a blind index)
    by which their own session finds their complaints, and the id encrypted for the system to
    notify them. No page, API, export or admin page reads this table."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, primary_key=True,
                                     related_name="sealed_reporter")
    reporter_digest = models.CharField(max_length=64, db_index=True)
    # The user id, encrypted: only the system reads it, to notify the reporter.
    reporter_ref = EncryptedTextField()

    class Meta:
        verbose_name = _("pelapor tersegel")
        verbose_name_plural = _("pelapor tersegel")

    def __str__(self) -> str:
        return str(self.complaint_id)


class ComplaintUpdate(models.Model):
    """One entry of a complaint's timeline. Public entries are the official answers and the
    status changes; internal notes are for the handling officers only."""

    class Kind(models.TextChoices):
        FILED = "dilaporkan", _("Dilaporkan")
        VERIFIED = "diverifikasi", _("Diverifikasi")
        FORWARDED = "diteruskan", _("Diteruskan ke kantor lain")
        REJECTED = "ditolak", _("Ditolak")
        MERGED = "digabung", _("Digabung")
        RESPONSE = "tanggapan", _("Tanggapan resmi")
        NOTE = "catatan", _("Catatan internal")
        CLOSED = "ditutup", _("Ditutup")
        CONFIRMED = "dikonfirmasi", _("Dikonfirmasi pelapor")
        REOPENED = "dibuka_kembali", _("Dibuka kembali oleh pelapor")
        RATED = "dinilai", _("Dinilai pelapor")
        ESCALATED = "dieskalasi", _("Dieskalasi ke kepala kantor")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="updates",
                                  verbose_name=_("pengaduan"))
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    public = models.BooleanField(_("publik"), default=True)
    note = models.TextField(_("catatan"), blank=True)
    # The officer; None for the reporter (never linked, so anonymity holds) and the system.
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+", verbose_name=_("petugas"))
    office = models.ForeignKey("accounts.Office", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("kantor"))
    by_reporter = models.BooleanField(_("oleh pelapor"), default=False)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat pengaduan")
        verbose_name_plural = _("riwayat pengaduan")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["complaint", "created_at", "id"],
                                name="complaintupdate_timeline_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"


def photo_path(instance: ComplaintPhoto, filename: str) -> str:
    return f"pengaduan/{instance.sha256[:2]}/{filename}"


class ComplaintPhoto(models.Model):
    """A photo of the reported problem, or an officer's proof of follow-up. Served only
    through a permission-checked view; the stored name is random."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="photos",
                                  verbose_name=_("pengaduan"))
    update = models.ForeignKey(ComplaintUpdate, on_delete=models.CASCADE, null=True,
                               blank=True, related_name="photos",
                               verbose_name=_("bukti untuk tanggapan"))
    is_proof = models.BooleanField(_("bukti tindak lanjut"), default=False)
    file = models.FileField(_("berkas"), upload_to=photo_path, max_length=200)
    content_type = models.CharField(_("jenis isi"), max_length=40)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("foto pengaduan")
        verbose_name_plural = _("foto pengaduan")
        indexes = [models.Index(fields=["complaint", "id"], name="complaintphoto_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} foto {self.pk}"


class ComplaintStat(models.Model):
    """Per-month counters of complaints by office, category and kecamatan, kept by the actions
    so that analytics at a million complaints read a few hundred rows, not a million."""

    month = models.DateField(_("bulan"))  # the first day of the month the complaint was filed
    office = models.ForeignKey("accounts.Office", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(ComplaintCategory, on_delete=models.CASCADE, related_name="+")
    kecamatan_code = models.CharField(max_length=13, blank=True)  # "" when not given
    filed = models.PositiveIntegerField(default=0)
    responded = models.PositiveIntegerField(default=0)
    response_days = models.PositiveIntegerField(default=0)  # sum, working days
    resolved = models.PositiveIntegerField(default=0)
    resolved_on_time = models.PositiveIntegerField(default=0)
    resolution_days = models.PositiveIntegerField(default=0)  # sum, working days
    rejected = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rekap pengaduan bulanan")
        verbose_name_plural = _("rekap pengaduan bulanan")
        constraints = [models.UniqueConstraint(
            fields=["month", "office", "category", "kecamatan_code"],
            name="complaintstat_unique")]
        indexes = [models.Index(fields=["office", "month"], name="complaintstat_office_idx"),
                   models.Index(fields=["month"], name="complaintstat_month_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.category_id} {self.kecamatan_code}"
