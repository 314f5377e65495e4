"""Portal content the regency edits in admin: help (FAQ) and service locations with hours."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import Weekday


class FaqTopic(models.Model):
    """A heading on the help page that groups FAQ entries."""

    slug = models.SlugField(_("kode"), max_length=60, unique=True,
                            help_text=_("Dipakai sebagai alamat bagian di halaman Bantuan."))
    name = models.CharField(_("nama topik"), max_length=120)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("topik FAQ")
        verbose_name_plural = _("topik FAQ")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class FaqEntry(models.Model):
    """One question and its answer on the help page."""

    topic = models.ForeignKey(FaqTopic, on_delete=models.PROTECT, related_name="entries",
                              verbose_name=_("topik"))
    slug = models.SlugField(_("kode"), max_length=80, unique=True,
                            help_text=_("Dipakai sebagai alamat pertanyaan di halaman Bantuan."))
    question = models.CharField(_("pertanyaan"), max_length=200)
    answer = models.TextField(_("jawaban"),
                              help_text=_("Teks biasa; pisahkan paragraf dengan baris kosong."))
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_published = models.BooleanField(_("ditampilkan"), default=True)

    class Meta:
        verbose_name = _("entri FAQ")
        verbose_name_plural = _("entri FAQ")
        ordering = ["topic__position", "position", "question"]
        indexes = [models.Index(fields=["topic", "position"], name="portal_faq_topic_idx")]

    def __str__(self) -> str:
        return self.question


class ServiceLocation(models.Model):
    """A place where citizens are served in person: an office counter, the public service mall."""

    slug = models.SlugField(_("kode"), max_length=60, unique=True,
                            help_text=_("Dipakai sebagai alamat bagian di halaman Kontak."))
    name = models.CharField(_("nama lokasi"), max_length=150)
    office_name = models.CharField(_("nama kantor"), max_length=200, blank=True)
    address = models.TextField(_("alamat"))
    kecamatan = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        limit_choices_to={"level": "kecamatan"}, verbose_name=_("kecamatan"),
    )
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    notes = models.TextField(_("catatan"), blank=True,
                             help_text=_("Misalnya layanan yang tersedia atau cara menuju lokasi."))
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_published = models.BooleanField(_("ditampilkan"), default=True)

    class Meta:
        verbose_name = _("lokasi layanan")
        verbose_name_plural = _("lokasi layanan")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    """One opening period of a location on one weekday; a day without a period is closed.

    Several periods on one day express a break (08.00-12.00 and 13.00-15.00).
    """

    Weekday = Weekday

    location = models.ForeignKey(ServiceLocation, on_delete=models.CASCADE,
                                 related_name="opening_hours", verbose_name=_("lokasi"))
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices)
    opens = models.TimeField(_("buka"))
    closes = models.TimeField(_("tutup"))

    class Meta:
        verbose_name = _("jam buka")
        verbose_name_plural = _("jam buka")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")),
                                   name="portal_hours_close_after_open",
                                   violation_error_message=_("Jam tutup harus setelah jam buka.")),
            models.UniqueConstraint(
                fields=["location", "weekday", "opens"], name="portal_hours_unique_period",
                violation_error_message=_("Periode dengan hari dan jam buka ini sudah ada."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H.%M}-{self.closes:%H.%M}"
