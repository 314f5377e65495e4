"""The regional innovation catalogue (Indeks Inovasi Daerah): innovations of the regency's
offices, their stage history (kept as rows, never overwritten) and their evidence files.

Innovations come from offices, or from a technology competition (`origin = kompetisi`); a
competition's winning team points to its innovation (`competitions.Team.innovation`), so the
catalogue needs no column of its own for it.

Evidence is public, but is stored like every other upload through the default storage
(balai.core.storage.EncryptedStorage): one storage means one backup, one key rotation and one
way of serving files; the cost of sealing a few public files is negligible. Evidence is served
by `innovation:evidence`, which answers for any innovation of the public catalogue.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The stages of the Indeks Inovasi Daerah, in order."""

    INISIATIF = "inisiatif", _("Inisiatif")
    UJI_COBA = "uji_coba", _("Uji coba")
    PENERAPAN = "penerapan", _("Penerapan")


STAGE_ORDER = [Stage.INISIATIF, Stage.UJI_COBA, Stage.PENERAPAN]


class Form(models.TextChoices):
    DIGITAL = "digital", _("Digital")
    NON_DIGITAL = "non_digital", _("Non-digital")


class Category(models.TextChoices):
    """The kinds of regional innovation of the IID (PP 38/2017)."""

    TATA_KELOLA = "tata_kelola", _("Tata kelola pemerintahan daerah")
    PELAYANAN_PUBLIK = "pelayanan_publik", _("Pelayanan publik")
    LAINNYA = "lainnya", _("Bentuk lainnya")


class Origin(models.TextChoices):
    PERANGKAT_DAERAH = "perangkat_daerah", _("Perangkat daerah")
    KOMPETISI = "kompetisi", _("Kompetisi teknologi")


class Innovation(models.Model):
    name = models.CharField(_("nama inovasi"), max_length=150)
    summary = models.TextField(_("ringkasan"), max_length=2000)
    problem = models.TextField(_("masalah yang diselesaikan"), max_length=2000)
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT,
                               related_name="innovations", verbose_name=_("perangkat daerah"))
    stage = models.CharField(_("tahap"), max_length=12, choices=Stage.choices,
                             default=Stage.INISIATIF)
    form = models.CharField(_("bentuk"), max_length=12, choices=Form.choices)
    category = models.CharField(_("jenis"), max_length=20, choices=Category.choices)
    started_on = models.DateField(_("tanggal mulai"))
    # Where the innovation came from; the competition entry relation joins this later.
    origin = models.CharField(_("asal"), max_length=20, choices=Origin.choices,
                              default=Origin.PERANGKAT_DAERAH)
    is_demo = models.BooleanField(_("data demo"), default=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("inovasi daerah")
        verbose_name_plural = _("inovasi daerah")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["stage", "name"], name="innovation_stage_idx"),
                   models.Index(fields=["office", "name"], name="innovation_office_idx")]

    def __str__(self) -> str:
        return self.name


class StageChange(models.Model):
    """One step of an innovation's stage history (the first row is its creation)."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE,
                                   related_name="stage_changes", verbose_name=_("inovasi"))
    from_stage = models.CharField(_("dari tahap"), max_length=12, choices=Stage.choices,
                                  blank=True)
    to_stage = models.CharField(_("ke tahap"), max_length=12, choices=Stage.choices)
    changed_on = models.DateField(_("tanggal"))
    note = models.CharField(_("keterangan"), max_length=500, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("diubah oleh"))
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat tahap inovasi")
        verbose_name_plural = _("riwayat tahap inovasi")
        ordering = ["innovation", "id"]

    def __str__(self) -> str:
        return f"{self.innovation_id}: {self.from_stage} → {self.to_stage}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"inovasi/{instance.sha256[:2]}/{filename}"


class Evidence(models.Model):
    """A file proving the innovation's stage (decree, report, photo); checked and cleaned by
    balai.core.uploads before it is stored under a random name."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE,
                                   related_name="evidence", verbose_name=_("inovasi"))
    title = models.CharField(_("judul bukti"), max_length=150)
    file = models.FileField(_("berkas"), upload_to=evidence_path, max_length=200)
    content_type = models.CharField(_("jenis isi"), max_length=40)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("diunggah oleh"))
    created_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("bukti inovasi")
        verbose_name_plural = _("bukti inovasi")
        ordering = ["innovation", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return {"application/pdf": "pdf", "image/png": "png"}.get(self.content_type, "jpg")
