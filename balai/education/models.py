"""School admission (SPMB, Sistem Penerimaan Murid Baru) under Permendikdasmen No. 3 Tahun
2025: schools with their zones and seats, the tracks and quotas of each year, registrations by
parents, the selection runs and their rankings, and the waiting room of opening day."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.fields import EncryptedDateField, EncryptedTextField


class Level(models.TextChoices):
    SD = "sd", _("SD")
    SMP = "smp", _("SMP")


class Track(models.TextChoices):
    DOMISILI = "domisili", _("Domisili")
    AFIRMASI = "afirmasi", _("Afirmasi")
    MUTASI = "mutasi", _("Mutasi")
    PRESTASI = "prestasi", _("Prestasi")


class AdmissionYear(models.Model):
    """One year's rules, loaded from a file (balai/education/data/spmb-<year>.json) and
    checked against the bounds of the regulation before they are saved."""

    year = models.PositiveSmallIntegerField(_("tahun ajaran"), unique=True)
    opens_at = models.DateTimeField(_("pendaftaran dibuka"))
    closes_at = models.DateTimeField(_("pendaftaran ditutup"))
    # The reference date of the age rule (SD) and of the age tie-break.
    age_reference_date = models.DateField(_("tanggal acuan usia"))
    reregistration_days = models.PositiveSmallIntegerField(_("lama daftar ulang (hari)"))
    max_choices = models.PositiveSmallIntegerField(_("pilihan sekolah paling banyak"))
    # {"sd": {"domisili": 70, ...}, "smp": {...}}: whole percentages of a school's seats.
    quotas = models.JSONField(_("kuota jalur"))
    source_digest = models.CharField(max_length=64, editable=False)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tahun SPMB")
        verbose_name_plural = _("tahun SPMB")
        ordering = ["-year"]
        constraints = [models.CheckConstraint(
            condition=models.Q(closes_at__gt=models.F("opens_at")),
            name="education_year_closes_after_opening")]

    def __str__(self) -> str:
        return f"SPMB {self.year}"


class School(models.Model):
    npsn = models.CharField(_("NPSN"), max_length=8, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    level = models.CharField(_("jenjang"), max_length=3, choices=Level.choices)
    kecamatan = models.ForeignKey("regions.Region", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("kecamatan"))
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    latitude = models.FloatField(_("lintang"))
    longitude = models.FloatField(_("bujur"))
    capacity = models.PositiveIntegerField(_("daya tampung"))
    # The desa of the domisili zone; an empty zone takes every desa of the regency.
    zone = models.ManyToManyField("regions.Region", blank=True, related_name="+",
                                  verbose_name=_("zona domisili"))

    class Meta:
        verbose_name = _("sekolah")
        verbose_name_plural = _("sekolah")
        ordering = ["level", "name"]
        constraints = [models.CheckConstraint(condition=models.Q(capacity__gt=0),
                                              name="education_school_capacity_positive")]

    def __str__(self) -> str:
        return self.name


class SchoolOperator(models.Model):
    """An officer who verifies the registrations of one school, and only of that school."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="school_operator_roles", verbose_name=_("pengguna"))
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="operators",
                               verbose_name=_("sekolah"))

    class Meta:
        verbose_name = _("operator sekolah")
        verbose_name_plural = _("operator sekolah")
        constraints = [models.UniqueConstraint(fields=["user", "school"],
                                               name="education_operator_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.school}"


class Registration(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "diajukan", _("Menunggu verifikasi")
        VERIFIED = "terverifikasi", _("Terverifikasi")
        REJECTED = "ditolak", _("Ditolak")

    class AgeBand(models.IntegerChoices):
        # SD: age 7 first, then 6, then 5 years 6 months with a recommendation letter.
        SEVEN = 0, _("7 tahun atau lebih")
        SIX = 1, _("6 tahun")
        FIVE_HALF = 2, _("5 tahun 6 bulan (dengan surat rekomendasi)")

    number = models.CharField(_("nomor pendaftaran"), max_length=24, unique=True)
    year = models.ForeignKey(AdmissionYear, on_delete=models.PROTECT,
                             related_name="registrations", verbose_name=_("tahun"))
    parent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="spmb_registrations", verbose_name=_("orang tua"))
    level = models.CharField(_("jenjang"), max_length=3, choices=Level.choices)
    track = models.CharField(_("jalur"), max_length=10, choices=Track.choices)
    child_name = EncryptedTextField(_("nama anak"))
    child_nik = EncryptedTextField(_("NIK anak"))
    # One registration per child and year, found without decrypting (balai.core.crypto).
    child_nik_index = models.CharField(max_length=64, editable=False)
    child_birth_date = EncryptedDateField(_("tanggal lahir anak"))
    # Age in days on the year's reference date: ranking needs the order, not the date.
    age_days = models.PositiveIntegerField(_("usia (hari)"))
    age_band = models.PositiveSmallIntegerField(choices=AgeBand.choices, null=True, blank=True)
    home_village = models.ForeignKey("regions.Region", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("desa domisili"))
    home_latitude = models.FloatField(_("lintang rumah"))
    home_longitude = models.FloatField(_("bujur rumah"))
    kk_issued_on = models.DateField(_("tanggal terbit Kartu Keluarga"))
    transfer_letter_date = models.DateField(_("tanggal surat mutasi"), null=True, blank=True)
    score = models.DecimalField(_("nilai prestasi"), max_digits=5, decimal_places=2,
                                null=True, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices,
                              default=Status.SUBMITTED)
    verification_note = models.TextField(_("catatan verifikasi"), blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=64)
    submitted_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("pendaftaran SPMB")
        verbose_name_plural = _("pendaftaran SPMB")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "idempotency_key"],
                                    name="education_registration_idempotent"),
            models.UniqueConstraint(fields=["year", "child_nik_index"],
                                    name="education_registration_one_per_child"),
        ]
        indexes = [models.Index(fields=["year", "level", "status"],
                                name="education_reg_year_idx")]

    def __str__(self) -> str:
        return self.number


class Choice(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE,
                                     related_name="choices")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="choices",
                               verbose_name=_("sekolah"))
    rank = models.PositiveSmallIntegerField(_("urutan pilihan"))
    distance_m = models.PositiveIntegerField(_("jarak (m)"))
    in_zone = models.BooleanField(_("dalam zona"))

    class Meta:
        ordering = ["registration", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "rank"],
                                    name="education_choice_rank_unique"),
            models.UniqueConstraint(fields=["registration", "school"],
                                    name="education_choice_school_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.registration} #{self.rank}"


class DocumentKind(models.TextChoices):
    KK = "kk", _("Kartu Keluarga")
    AKTA = "akta", _("Akta kelahiran")
    AFIRMASI = "afirmasi", _("Kartu bantuan (KIP/PKH) atau keterangan disabilitas")
    MUTASI = "mutasi", _("Surat penugasan/mutasi orang tua")
    PRESTASI = "prestasi", _("Rapor atau sertifikat prestasi")
    REKOMENDASI = "rekomendasi", _("Surat rekomendasi psikolog")


def document_path(instance: RegistrationDocument, filename: str) -> str:
    return f"spmb/{instance.registration.year.year}/{filename}"


class RegistrationDocument(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE,
                                     related_name="documents")
    kind = models.CharField(_("jenis"), max_length=12, choices=DocumentKind.choices)
    file = models.FileField(_("berkas"), upload_to=document_path, max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["registration", "kind"]
        constraints = [models.UniqueConstraint(fields=["registration", "kind"],
                                               name="education_document_kind_unique")]

    def __str__(self) -> str:
        return f"{self.registration} {self.kind}"


class SelectionRun(models.Model):
    """One selection of a year and level, with the seed of its tie-break. Each track is a step
    committed on its own; `done_tracks` says where a crashed run resumes."""

    class Status(models.TextChoices):
        RUNNING = "berjalan", _("Berjalan")
        DONE = "selesai", _("Selesai")
        PUBLISHED = "diumumkan", _("Diumumkan")

    year = models.ForeignKey(AdmissionYear, on_delete=models.PROTECT, related_name="runs")
    level = models.CharField(_("jenjang"), max_length=3, choices=Level.choices)
    seed = models.CharField(_("benih"), max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    done_tracks = models.JSONField(default=list)
    # Seats left over by the tracks done so far, per school id, for the domisili step.
    carried_seats = models.JSONField(default=dict)
    input_digest = models.CharField(max_length=64)
    result_digest = models.CharField(max_length=64, blank=True)
    reregistration_deadline = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("seleksi SPMB")
        verbose_name_plural = _("seleksi SPMB")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.year} {self.level} #{self.pk}"


class RankEntry(models.Model):
    """A registration's place in the ranking of one school and track: accepted, or waiting
    (it asked for this school and was ranked below its seats)."""

    class Status(models.TextChoices):
        ACCEPTED = "diterima", _("Diterima")
        WAITING = "cadangan", _("Cadangan")
        CONFIRMED = "daftar_ulang", _("Sudah daftar ulang")
        FORFEITED = "gugur", _("Gugur (tidak daftar ulang)")
        RELEASED = "dilepas", _("Dilepas (diterima di pilihan lebih tinggi)")

    run = models.ForeignKey(SelectionRun, on_delete=models.CASCADE, related_name="entries")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE,
                                     related_name="rank_entries")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="rank_entries")
    track = models.CharField(max_length=10, choices=Track.choices)
    choice_rank = models.PositiveSmallIntegerField()
    position = models.PositiveIntegerField(_("peringkat"))
    status = models.CharField(max_length=15, choices=Status.choices)
    confirm_by = models.DateTimeField(_("batas daftar ulang"), null=True, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["run", "school", "track", "position"]
        constraints = [models.UniqueConstraint(fields=["run", "registration", "school"],
                                               name="education_entry_unique")]
        indexes = [models.Index(fields=["run", "school", "track", "position"],
                                name="education_entry_rank_idx"),
                   models.Index(fields=["status", "confirm_by"],
                                name="education_entry_due_idx")]

    def __str__(self) -> str:
        return f"{self.registration} @ {self.school} ({self.position})"


class QueueTicket(models.Model):
    """A place in the opening-day waiting room. At most SPMB_WAITING_ROOM_SLOTS tickets are
    admitted at a time; an admission lasts SPMB_ADMISSION_MINUTES or until the form is sent."""

    token = models.CharField(max_length=43, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField()
    admitted_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["admitted_at", "expires_at"],
                                name="education_ticket_state_idx")]

    def __str__(self) -> str:
        return f"#{self.pk}"
