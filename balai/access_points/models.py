"""Public internet access points, citizens' reports of outages, mobile coverage observations
per desa, and the desa figures the digital-divide plan needs (population, centre, BAKTI plan).

Coverage is history: an observation is never changed; the current state of a desa for an
operator and a technology is its latest observation (docs/howto/access-points.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    KANTOR_DESA = "kantor_desa", _("Kantor desa")
    KANTOR_KECAMATAN = "kantor_kecamatan", _("Kantor kecamatan")
    MPP = "mpp", _("Mal pelayanan publik")
    SEKOLAH = "sekolah", _("Sekolah")
    PERPUSTAKAAN = "perpustakaan", _("Perpustakaan")
    PUSKESMAS = "puskesmas", _("Puskesmas")


class Status(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    GANGGUAN = "gangguan", _("Gangguan")
    TIDAK_AKTIF = "tidak_aktif", _("Tidak aktif")


class AccessPoint(models.Model):
    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(_("jenis tempat"), max_length=20, choices=Kind.choices)
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("desa/kelurahan"))
    address = models.CharField(_("alamat"), max_length=200, blank=True)
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6)
    opening_hours = models.CharField(_("jam buka"), max_length=150)
    bandwidth_mbps = models.PositiveIntegerField(_("bandwidth (Mbps)"))
    provider = models.CharField(_("penyedia"), max_length=100)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.AKTIF)
    last_seen_alive = models.DateField(_("terakhir terpantau hidup"), null=True, blank=True)
    is_demo = models.BooleanField(_("data demo"), default=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("titik akses internet")
        verbose_name_plural = _("titik akses internet")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["status", "name"], name="accesspoint_status_idx"),
                   models.Index(fields=["kind", "name"], name="accesspoint_kind_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(latitude__gte=-90, latitude__lte=90)
                                   & models.Q(longitude__gte=-180, longitude__lte=180),
                                   name="accesspoint_coordinates_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class OutageReport(models.Model):
    class Problem(models.TextChoices):
        MATI = "mati", _("Tidak bisa tersambung")
        LAMBAT = "lambat", _("Sangat lambat")

    class Decision(models.TextChoices):
        BARU = "baru", _("Menunggu pemeriksaan")
        DIKONFIRMASI = "dikonfirmasi", _("Dikonfirmasi")
        DITOLAK = "ditolak", _("Tidak terbukti")

    access_point = models.ForeignKey(AccessPoint, on_delete=models.CASCADE,
                                     related_name="reports", verbose_name=_("titik akses"))
    problem = models.CharField(_("masalah"), max_length=10, choices=Problem.choices)
    description = models.TextField(_("keterangan"), max_length=1000, blank=True)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("pelapor"))
    decision = models.CharField(_("hasil pemeriksaan"), max_length=12, choices=Decision.choices,
                                default=Decision.BARU)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("diperiksa oleh"))
    decided_at = models.DateTimeField(_("diperiksa pada"), null=True, blank=True)
    decision_note = models.CharField(_("catatan pemeriksaan"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("dilaporkan"), auto_now_add=True)

    class Meta:
        verbose_name = _("laporan gangguan")
        verbose_name_plural = _("laporan gangguan")
        ordering = ["-id"]
        indexes = [models.Index(fields=["decision", "-id"], name="outage_decision_idx")]

    def __str__(self) -> str:
        return f"{self.access_point} ({self.get_problem_display()})"


class Operator(models.Model):
    """A mobile operator, as data: the regency adds one in admin when a new one arrives."""

    code = models.SlugField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=60)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("operator seluler")
        verbose_name_plural = _("operator seluler")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Technology(models.TextChoices):
    G2 = "2g", "2G"
    G3 = "3g", "3G"
    G4 = "4g", "4G"


class Signal(models.TextChoices):
    # The classes of BPS Podes (Potensi Desa): sinyal kuat, sinyal lemah, tidak ada sinyal.
    NONE = "tidak_ada", _("Tidak ada sinyal")
    WEAK = "lemah", _("Lemah")
    STRONG = "kuat", _("Kuat")


class Source(models.TextChoices):
    PODES = "podes", _("BPS Podes")
    SURVEI = "survei", _("Survei lapangan")
    OPERATOR = "operator", _("Laporan operator")
    LAINNYA = "lainnya", _("Lainnya")


class CoverageObservation(models.Model):
    """One observation of one operator's signal of one technology in a desa (never changed)."""

    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("desa/kelurahan"))
    dusun = models.CharField(_("dusun"), max_length=100, blank=True)
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("operator"))
    technology = models.CharField(_("teknologi"), max_length=2, choices=Technology.choices)
    signal = models.CharField(_("sinyal"), max_length=10, choices=Signal.choices)
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    source_note = models.CharField(_("keterangan sumber"), max_length=150, blank=True)
    observed_on = models.DateField(_("tanggal pengamatan"))
    is_demo = models.BooleanField(_("data demo"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("dicatat oleh"))
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("pengamatan sinyal")
        verbose_name_plural = _("pengamatan sinyal")
        ordering = ["-observed_on", "-id"]
        indexes = [models.Index(fields=["desa", "operator", "technology", "-observed_on", "-id"],
                                name="coverage_latest_idx")]

    def __str__(self) -> str:
        return f"{self.desa_id} {self.operator_id} {self.technology}: {self.signal}"


class DesaProfile(models.Model):
    """What the plan needs of a desa beyond its Kemendagri code: population, a centre point
    for distances, and whether a BAKTI (Kominfo) base station is planned there."""

    desa = models.OneToOneField("regions.Region", on_delete=models.PROTECT, primary_key=True,
                                related_name="+", verbose_name=_("desa/kelurahan"))
    population = models.PositiveIntegerField(_("jumlah penduduk"), null=True, blank=True)
    population_source = models.CharField(_("sumber data penduduk"), max_length=100, blank=True)
    latitude = models.DecimalField(_("lintang pusat desa"), max_digits=9, decimal_places=6,
                                   null=True, blank=True)
    longitude = models.DecimalField(_("bujur pusat desa"), max_digits=9, decimal_places=6,
                                    null=True, blank=True)
    bakti_tower_planned = models.BooleanField(_("rencana BTS BAKTI"), default=False)
    bakti_plan_year = models.PositiveSmallIntegerField(_("tahun rencana BAKTI"), null=True,
                                                       blank=True)
    is_demo = models.BooleanField(_("data demo"), default=False)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("profil desa")
        verbose_name_plural = _("profil desa")

    def __str__(self) -> str:
        return str(self.desa_id)
