"""The regency's tax register: taxpayers, PBB-P2 objects with their NOP, businesses that file
self-assessed taxes, the tariff tables (data, loaded from YAML), the yearly PBB-P2 assessment
(SPPT) with its resumable run, and the monthly self-assessed returns (SPTPD).

Amounts are whole rupiah (integers). Bills and payments are in balai.payments.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.fields import EncryptedTextField


class TariffTable(models.Model):
    """A regency's tax tariffs from a tax year on: NJOPTKP, PBB-P2 rate bands, self-assessed
    rates, due dates and late-payment interest. Loaded from balai/taxes/data/<code>.yaml by
    `manage.py load_tax_tariffs`; the code reads it, it holds no rates of its own."""

    regency_code = models.CharField(_("kode kabupaten"), max_length=13)
    valid_from_year = models.PositiveSmallIntegerField(_("berlaku mulai tahun pajak"))
    data = models.JSONField(_("tarif"))
    source_sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(_("dimuat pada"), auto_now=True)

    class Meta:
        verbose_name = _("tabel tarif pajak")
        verbose_name_plural = _("tabel tarif pajak")
        constraints = [models.UniqueConstraint(fields=["regency_code", "valid_from_year"],
                                               name="tariff_unique_regency_year")]

    def __str__(self) -> str:
        return f"{self.regency_code} ≥ {self.valid_from_year}"


class Taxpayer(models.Model):
    """A person or business liable for regency taxes. Linked to a citizen's account by NIK
    when the NIK is known and registered."""

    name = EncryptedTextField(_("nama wajib pajak"))
    address = EncryptedTextField(_("alamat"), blank=True)
    nik_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Nomor Pokok Wajib Pajak Daerah, for self-assessed taxes; PBB-P2 needs none.
    npwpd = models.CharField(_("NPWPD"), max_length=30, null=True, blank=True, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="taxpayers", verbose_name=_("akun warga"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("wajib pajak")
        verbose_name_plural = _("wajib pajak")

    def __str__(self) -> str:
        return self.npwpd or f"WP #{self.pk}"


class TaxObject(models.Model):
    """A PBB-P2 object (land, with or without a building), identified by its 18-digit NOP."""

    class LandUse(models.TextChoices):
        GENERAL = "umum", _("Umum")
        # UU 1/2022 Pasal 41(3): land for food production and livestock gets a lower rate.
        FOOD = "pangan", _("Lahan produksi pangan/ternak")

    nop = models.CharField(_("NOP"), max_length=18, unique=True)
    taxpayer = models.ForeignKey(Taxpayer, on_delete=models.PROTECT, related_name="objects_owned",
                                 verbose_name=_("wajib pajak"))
    kecamatan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("kecamatan"))
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("desa"))
    address = models.CharField(_("letak objek"), max_length=200)
    land_area = models.PositiveIntegerField(_("luas bumi (m²)"))
    building_area = models.PositiveIntegerField(_("luas bangunan (m²)"), default=0)
    land_njop_per_m2 = models.PositiveIntegerField(_("NJOP bumi per m²"))
    building_njop_per_m2 = models.PositiveIntegerField(_("NJOP bangunan per m²"), default=0)
    land_use = models.CharField(_("penggunaan"), max_length=10, choices=LandUse.choices,
                                default=LandUse.GENERAL)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("objek pajak PBB-P2")
        verbose_name_plural = _("objek pajak PBB-P2")
        indexes = [models.Index(fields=["taxpayer", "nop"], name="taxobject_taxpayer_idx"),
                   models.Index(fields=["desa", "nop"], name="taxobject_desa_idx")]

    def __str__(self) -> str:
        return format_nop(self.nop)

    @property
    def njop(self) -> int:
        return (self.land_area * self.land_njop_per_m2
                + self.building_area * self.building_njop_per_m2)


def format_nop(nop: str) -> str:
    """61.12.010.001.001.0001.0, as printed on an SPPT."""
    if len(nop) != 18:
        return nop
    return f"{nop[:2]}.{nop[2:4]}.{nop[4:7]}.{nop[7:10]}.{nop[10:13]}.{nop[13:17]}.{nop[17]}"


class Business(models.Model):
    """A business that files a self-assessed tax (PBJT, reklame, air tanah) each month."""

    class Kind(models.TextChoices):
        PBJT_FOOD = "pbjt_makan", _("PBJT makanan dan/atau minuman (restoran)")
        PBJT_HOTEL = "pbjt_hotel", _("PBJT jasa perhotelan")
        PBJT_PARKING = "pbjt_parkir", _("PBJT jasa parkir")
        PBJT_ENTERTAINMENT = "pbjt_hiburan", _("PBJT jasa kesenian dan hiburan")
        REKLAME = "reklame", _("Pajak reklame")
        AIR_TANAH = "air_tanah", _("Pajak air tanah")

    taxpayer = models.ForeignKey(Taxpayer, on_delete=models.PROTECT, related_name="businesses",
                                 verbose_name=_("wajib pajak"))
    name = models.CharField(_("nama usaha"), max_length=150)
    kind = models.CharField(_("jenis pajak"), max_length=20, choices=Kind.choices)
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                             null=True, blank=True, verbose_name=_("desa"))
    address = models.CharField(_("alamat usaha"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("usaha wajib pajak")
        verbose_name_plural = _("usaha wajib pajak")
        indexes = [models.Index(fields=["taxpayer", "name"], name="business_taxpayer_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def revenue_kind(self) -> str:
        return "pbjt" if self.kind.startswith("pbjt") else self.kind


class AssessmentRun(models.Model):
    """One PBB-P2 assessment of a tax year, processed in batches of objects by ascending id.
    `cursor` is the last object id done: a stopped run continues from there."""

    class Status(models.TextChoices):
        RUNNING = "berjalan", _("Berjalan")
        DONE = "selesai", _("Selesai")

    year = models.PositiveSmallIntegerField(_("tahun pajak"), unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.RUNNING)
    cursor = models.BigIntegerField(_("objek terakhir"), default=0)
    total = models.PositiveIntegerField(_("jumlah objek"), default=0)
    processed = models.PositiveIntegerField(_("objek diproses"), default=0)
    created = models.PositiveIntegerField(_("SPPT dibuat"), default=0)
    due_date = models.DateField(_("jatuh tempo"))
    started_at = models.DateTimeField(_("mulai"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("penetapan PBB-P2")
        verbose_name_plural = _("penetapan PBB-P2")

    def __str__(self) -> str:
        return f"PBB-P2 {self.year}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.processed * 100 // self.total)


class Sppt(models.Model):
    """Surat Pemberitahuan Pajak Terutang: the PBB-P2 assessed on one object for one year."""

    tax_object = models.ForeignKey(TaxObject, on_delete=models.PROTECT, related_name="sppts",
                                   verbose_name=_("objek pajak"))
    year = models.PositiveSmallIntegerField(_("tahun pajak"))
    run = models.ForeignKey(AssessmentRun, on_delete=models.PROTECT, related_name="+",
                            null=True, blank=True)
    njop_land = models.BigIntegerField(_("NJOP bumi"))
    njop_building = models.BigIntegerField(_("NJOP bangunan"))
    njoptkp = models.BigIntegerField(_("NJOPTKP"))
    njkp = models.BigIntegerField(_("dasar pengenaan"))
    rate_ppm = models.PositiveIntegerField(_("tarif (per sejuta)"))
    amount = models.BigIntegerField(_("PBB terutang"))
    due_date = models.DateField(_("jatuh tempo"))
    issued_at = models.DateTimeField(_("diterbitkan"))

    class Meta:
        verbose_name = _("SPPT PBB-P2")
        verbose_name_plural = _("SPPT PBB-P2")
        constraints = [models.UniqueConstraint(fields=["tax_object", "year"],
                                               name="sppt_unique_object_year")]
        indexes = [models.Index(fields=["year", "id"], name="sppt_year_idx")]

    def __str__(self) -> str:
        return f"SPPT {self.year} {self.tax_object_id}"

    @property
    def njop_total(self) -> int:
        return self.njop_land + self.njop_building

    @property
    def rate_percent(self) -> str:
        return f"{self.rate_ppm / 10000:.3f}".replace(".", ",")


class TaxReturn(models.Model):
    """A monthly self-assessed return (SPTPD): the tax base declared by the taxpayer and the tax
    computed from the tariff table."""

    business = models.ForeignKey(Business, on_delete=models.PROTECT, related_name="returns",
                                 verbose_name=_("usaha"))
    period = models.DateField(_("masa pajak"))  # the first day of the month
    base_amount = models.BigIntegerField(_("dasar pengenaan"))
    rate_bp = models.PositiveIntegerField(_("tarif (basis poin)"))
    tax_amount = models.BigIntegerField(_("pajak terutang"))
    filing_deadline = models.DateField(_("batas lapor"))
    due_date = models.DateField(_("jatuh tempo bayar"))
    filed_late = models.BooleanField(_("terlambat lapor"), default=False)
    filed_at = models.DateTimeField(_("dilaporkan pada"), auto_now_add=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("dilaporkan oleh"))

    class Meta:
        verbose_name = _("SPTPD")
        verbose_name_plural = _("SPTPD")
        constraints = [models.UniqueConstraint(fields=["business", "period"],
                                               name="taxreturn_unique_business_period")]
        ordering = ["-period"]

    def __str__(self) -> str:
        return f"SPTPD {self.business_id} {self.period:%Y-%m}"

    @property
    def rate_percent(self) -> str:
        return f"{self.rate_bp / 100:g}".replace(".", ",")

