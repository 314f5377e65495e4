"""Kemendagri administrative regions: province > regency/city > kecamatan > desa/kelurahan."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        KECAMATAN = "kecamatan", _("Kecamatan")
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")

    # Official code with dots, e.g. 61.12.01.2001 (Kepmendagri 300.2.2-2138/2025).
    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name=_("induk"))

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "name"], name="region_parent_name_idx"),
                   models.Index(fields=["level", "code"], name="region_level_idx")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.name}"

    @property
    def is_village(self) -> bool:
        return self.level in (self.Level.DESA, self.Level.KELURAHAN)
