"""Shared reference data that knows no domain."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    """Days of the week as Python counts them (date.weekday(): 0 = Monday): opening hours,
    doctors' schedules."""

    SENIN = 0, _("Senin")
    SELASA = 1, _("Selasa")
    RABU = 2, _("Rabu")
    KAMIS = 3, _("Kamis")
    JUMAT = 4, _("Jumat")
    SABTU = 5, _("Sabtu")
    MINGGU = 6, _("Minggu")


class NonWorkingDay(models.Model):
    """A day off that the `holidays` package does not know: cuti bersama, or an ad-hoc holiday
    set by Keppres (e.g. a voting day). Managed in admin; loaded from data/non-working-days.csv."""

    class Kind(models.TextChoices):
        CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
        LIBUR_TAMBAHAN = "libur_tambahan", _("Libur tambahan")

    date = models.DateField(_("tanggal"), unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("keterangan"), max_length=150)
    source = models.CharField(_("dasar hukum"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("hari libur tambahan")
        verbose_name_plural = _("hari libur tambahan dan cuti bersama")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.name}"


class PeriodicRun(models.Model):
    """When a periodic task was last enqueued. Schedulers claim a run with a conditional update,
    so two app servers running the scheduler never enqueue the same run twice."""

    name = models.CharField(_("tugas"), max_length=200, unique=True)
    last_enqueued_at = models.DateTimeField(_("terakhir dijadwalkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("tugas berkala")
        verbose_name_plural = _("tugas berkala")

    def __str__(self) -> str:
        return self.name
