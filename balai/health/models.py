"""Health facilities (puskesmas, pustu, RSUD), their polyclinics and doctors' schedules, and the
visits booked in each polyclinic's daily queue with the timestamps of every stage."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.fields import EncryptedTextField
from balai.core.models import Weekday


class Facility(models.Model):
    class Kind(models.TextChoices):
        PUSKESMAS = "puskesmas", _("Puskesmas")
        PUSTU = "pustu", _("Puskesmas pembantu")
        RSUD = "rsud", _("Rumah sakit umum daerah")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    # The office whose officers run the facility's desk (a UPT under Dinas Kesehatan).
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT,
                               related_name="health_facilities", verbose_name=_("kantor"))
    kecamatan = models.ForeignKey("regions.Region", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("kecamatan"))
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    # BPJS Kesehatan's Antrean Online web service: task times are sent when configured.
    bpjs_url = models.URLField(_("alamat layanan Antrean BPJS"), blank=True)
    bpjs_cons_id = models.CharField(_("cons id BPJS"), max_length=40, blank=True)
    bpjs_secret = EncryptedTextField(_("kunci rahasia BPJS"), blank=True)
    bpjs_user_key = EncryptedTextField(_("user key BPJS"), blank=True)

    class Meta:
        verbose_name = _("fasilitas kesehatan")
        verbose_name_plural = _("fasilitas kesehatan")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def sends_to_bpjs(self) -> bool:
        return bool(self.bpjs_url and self.bpjs_cons_id and self.bpjs_secret)


class Polyclinic(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="polyclinics",
                                 verbose_name=_("fasilitas"))
    # Unique across the regency: citizens type it in an SMS ("ANTRI SRY-UMUM 12-01").
    code = models.CharField(_("kode poli"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    service_minutes = models.PositiveSmallIntegerField(_("standar waktu layanan (menit)"),
                                                       default=10)
    walk_in_percent = models.PositiveSmallIntegerField(
        _("bagian kuota untuk pasien datang langsung (%)"), default=30)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("poliklinik")
        verbose_name_plural = _("poliklinik")
        ordering = ["facility", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(walk_in_percent__lte=100),
                                   name="health_walk_in_percent_max_100"),
            models.CheckConstraint(condition=models.Q(service_minutes__gt=0),
                                   name="health_service_minutes_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.facility.name}"


class DoctorSchedule(models.Model):
    """A doctor's practice hours in a polyclinic on one weekday, with that day's quota."""

    Weekday = Weekday

    polyclinic = models.ForeignKey(Polyclinic, on_delete=models.CASCADE,
                                   related_name="schedules", verbose_name=_("poliklinik"))
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices)
    doctor_name = models.CharField(_("nama dokter"), max_length=120)
    starts_at = models.TimeField(_("mulai"))
    ends_at = models.TimeField(_("selesai"))
    quota = models.PositiveSmallIntegerField(_("kuota pasien"))

    class Meta:
        verbose_name = _("jadwal dokter")
        verbose_name_plural = _("jadwal dokter")
        ordering = ["polyclinic", "weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="health_schedule_ends_after_start"),
            models.CheckConstraint(condition=models.Q(quota__gt=0),
                                   name="health_schedule_quota_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.polyclinic.code} {self.get_weekday_display()} {self.doctor_name}"


class Task(models.IntegerChoices):
    """The stages of a visit, numbered as BPJS Kesehatan's Antrean Online "updatewaktu"."""

    WAIT_ADMISSION = 1, _("Mulai menunggu pendaftaran")
    ADMISSION = 2, _("Mulai dilayani pendaftaran")
    WAIT_POLI = 3, _("Menunggu di poli")
    POLI = 4, _("Dilayani di poli")
    WAIT_PHARMACY = 5, _("Selesai di poli, menunggu farmasi")
    PHARMACY = 6, _("Dilayani farmasi")
    DONE_PHARMACY = 7, _("Obat diserahkan")
    NO_SHOW = 99, _("Tidak hadir atau batal")


class Visit(models.Model):
    class Status(models.TextChoices):
        BOOKED = "terdaftar", _("Terdaftar")
        ARRIVED = "hadir", _("Hadir, di pendaftaran")
        WAITING = "menunggu", _("Menunggu dipanggil")
        CALLED = "dipanggil", _("Dipanggil ke poli")
        PHARMACY = "farmasi", _("Di farmasi")
        DONE = "selesai", _("Selesai")
        NO_SHOW = "tidak_hadir", _("Tidak hadir")
        CANCELLED = "batal", _("Dibatalkan")

    class Channel(models.TextChoices):
        ONLINE = "daring", _("Daring")
        DESK = "loket", _("Loket (datang langsung)")
        PHONE = "telepon", _("Telepon")
        SMS = "sms", _("SMS")

    polyclinic = models.ForeignKey(Polyclinic, on_delete=models.PROTECT, related_name="visits",
                                   verbose_name=_("poliklinik"))
    date = models.DateField(_("tanggal"))
    number = models.PositiveSmallIntegerField(_("nomor antrean"))
    # The booking code BPJS's Antrean Online knows the visit by.
    booking_code = models.CharField(_("kode booking"), max_length=40, unique=True)
    walk_in = models.BooleanField(_("datang langsung"), default=False)
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.BOOKED)
    stage = models.PositiveSmallIntegerField(_("tahap terakhir"), null=True, blank=True,
                                             choices=Task.choices)
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                blank=True, related_name="health_visits",
                                verbose_name=_("pasien"))
    patient_name = EncryptedTextField(_("nama pasien"), blank=True)
    phone = EncryptedTextField(_("nomor HP"), blank=True)
    # Blind index of the phone: a second SMS from the same number finds the first booking.
    phone_index = models.CharField(max_length=64, blank=True, editable=False)
    bpjs_number = EncryptedTextField(_("nomor kartu BPJS"), blank=True)
    estimated_at = models.DateTimeField(_("perkiraan dilayani"))
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("dicatat oleh"))
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    waiting_since = models.DateTimeField(_("mulai menunggu poli"), null=True, blank=True)
    called_at = models.DateTimeField(_("dipanggil pada"), null=True, blank=True)
    # Seconds between waiting at the poli and being called: the waiting-time statistic.
    waited_seconds = models.PositiveIntegerField(_("lama menunggu (detik)"), null=True,
                                                 blank=True)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("diingatkan pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("kunjungan")
        verbose_name_plural = _("kunjungan")
        ordering = ["date", "polyclinic", "number"]
        constraints = [
            models.UniqueConstraint(fields=["polyclinic", "date", "number"],
                                    name="health_one_number_per_day"),
        ]
        indexes = [models.Index(fields=["polyclinic", "date", "status"],
                                name="health_visit_day_idx"),
                   models.Index(fields=["date", "status"], name="health_visit_date_idx"),
                   models.Index(fields=["phone_index", "date"], name="health_visit_phone_idx")]

    def __str__(self) -> str:
        return f"{self.polyclinic.code} {self.date:%d-%m-%Y} no. {self.number}"

    @property
    def ticket(self) -> str:
        """The number as called out and shown on the board: "UMUM-005"."""
        return f"{self.polyclinic.code.rsplit('-', 1)[-1]}-{self.number:03d}"

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.DONE, self.Status.NO_SHOW,
                                   self.Status.CANCELLED)


class VisitTask(models.Model):
    """When a visit reached one stage; sent to BPJS when the facility is configured for it."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="tasks",
                              verbose_name=_("kunjungan"))
    task = models.PositiveSmallIntegerField(_("task id"), choices=Task.choices)
    at = models.DateTimeField(_("waktu"))
    sent_at = models.DateTimeField(_("terkirim ke BPJS pada"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan kirim"), default=0)
    last_error = models.CharField(_("galat terakhir"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("waktu tahap kunjungan")
        verbose_name_plural = _("waktu tahap kunjungan")
        ordering = ["visit", "at", "task"]
        constraints = [models.UniqueConstraint(fields=["visit", "task"],
                                               name="health_one_time_per_task")]

    def __str__(self) -> str:
        return f"{self.visit.booking_code} task {self.task}"
