"""Open datasets: metadata (Satu Data Indonesia / DCAT fields), versions holding the table
itself, and download counts. Resources are the current version rendered as CSV or JSON."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dataset(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "harian", _("Harian")
        MONTHLY = "bulanan", _("Bulanan")
        QUARTERLY = "triwulanan", _("Triwulanan")
        YEARLY = "tahunan", _("Tahunan")
        IRREGULAR = "tidak_tentu", _("Tidak tentu")

    slug = models.SlugField(_("kode"), max_length=80, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT,
                               related_name="datasets", verbose_name=_("produsen data"))
    period = models.CharField(_("periode"), max_length=40, blank=True)
    licence = models.CharField(_("lisensi"), max_length=60, default="CC-BY-4.0")
    frequency = models.CharField(_("frekuensi pembaruan"), max_length=20,
                                 choices=Frequency.choices, default=Frequency.YEARLY)
    keywords = models.CharField(_("kata kunci"), max_length=200, blank=True)
    # Balai's own statistics, refreshed by a task from the dashboard's aggregates.
    is_system = models.BooleanField(_("statistik Balai"), default=False)
    is_published = models.BooleanField(_("terbit"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    modified_at = models.DateTimeField(_("diperbarui"), auto_now_add=True)
    downloads = models.PositiveIntegerField(_("jumlah unduhan"), default=0)
    current = models.ForeignKey("DatasetVersion", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+", verbose_name=_("versi terkini"))
    # Who answers questions about the data (CKAN's maintainer); blank means the producing
    # office itself, which is also the dataset's author.
    maintainer = models.CharField(_("pengelola data"), max_length=200, blank=True)
    maintainer_email = models.EmailField(_("surel pengelola data"), blank=True)

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("dataset")
        indexes = [models.Index(fields=["is_published", "-modified_at"], name="dataset_list_idx")]

    def __str__(self) -> str:
        return self.title


class DatasetVersion(models.Model):
    """One published state of a dataset's table; never changed once written."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="versions",
                                verbose_name=_("dataset"))
    number = models.PositiveIntegerField(_("versi"))
    columns = models.JSONField(_("kolom"))
    rows = models.JSONField(_("baris"))
    row_count = models.PositiveIntegerField(_("jumlah baris"))
    digest = models.CharField(max_length=64)
    note = models.CharField(_("catatan"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    downloads_csv = models.PositiveIntegerField(default=0)
    downloads_json = models.PositiveIntegerField(default=0)
    # Length and SHA-256 of the files the download view serves (balai.opendata.resources),
    # computed once when the version is published.
    csv_size = models.PositiveBigIntegerField(null=True, blank=True)
    csv_sha256 = models.CharField(max_length=64, blank=True)
    json_size = models.PositiveBigIntegerField(null=True, blank=True)
    json_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("versi dataset")
        verbose_name_plural = _("versi dataset")
        constraints = [models.UniqueConstraint(fields=["dataset", "number"],
                                               name="datasetversion_unique")]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.dataset} v{self.number}"


class Topic(models.Model):
    """A theme datasets are grouped under (Satu Data Indonesia's "topik": pemerintahan,
    kesehatan, ...). The CKAN Action API publishes each topic as a CKAN group; a dataset
    may be in several, as in CKAN."""

    slug = models.SlugField(_("kode"), max_length=80, unique=True)
    title = models.CharField(_("judul"), max_length=120)
    description = models.TextField(_("uraian"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    datasets = models.ManyToManyField(Dataset, related_name="topics", blank=True,
                                      verbose_name=_("dataset"))

    class Meta:
        verbose_name = _("topik data")
        verbose_name_plural = _("topik data")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
