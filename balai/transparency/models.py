"""The public dashboard's aggregates and the satisfaction survey (SKM).

The aggregates are kept incrementally from the domain events of balai.core.events, one row per
(office, kind, topic, month): the dashboard sums a handful of rows however many cases there are.
Time to completion is kept as a histogram of working days (one row per distinct value), from
which the median and the 90th percentile are read exactly.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Permenpan RB 14/2017, Lampiran: the nine elements (unsur) of the SKM, in order.
SKM_ELEMENTS = [
    ("u1", _("Persyaratan")),
    ("u2", _("Sistem, mekanisme dan prosedur")),
    ("u3", _("Waktu penyelesaian")),
    ("u4", _("Biaya/tarif")),
    ("u5", _("Produk spesifikasi jenis pelayanan")),
    ("u6", _("Kompetensi pelaksana")),
    ("u7", _("Perilaku pelaksana")),
    ("u8", _("Penanganan pengaduan, saran dan masukan")),
    ("u9", _("Sarana dan prasarana")),
]
ELEMENT_CODES = [code for code, _label in SKM_ELEMENTS]


class CaseCounter(models.Model):
    """Cases of one kind and topic at one office, per calendar month (of opening for `opened`,
    of closing for the closed counts)."""

    office = models.ForeignKey("accounts.Office", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("kantor"))
    kind = models.CharField(_("jenis"), max_length=30)
    topic = models.CharField(_("topik"), max_length=80)
    month = models.DateField(_("bulan"))
    opened = models.PositiveIntegerField(_("diterima"), default=0)
    closed = models.PositiveIntegerField(_("selesai"), default=0)
    # Closed with a positive outcome (completed, resolved, granted).
    completed = models.PositiveIntegerField(_("selesai dengan hasil"), default=0)
    on_time = models.PositiveIntegerField(_("tepat waktu"), default=0)
    working_days_total = models.PositiveBigIntegerField(_("jumlah hari kerja"), default=0)

    class Meta:
        verbose_name = _("rekap kasus bulanan")
        verbose_name_plural = _("rekap kasus bulanan")
        constraints = [models.UniqueConstraint(fields=["office", "kind", "topic", "month"],
                                               name="casecounter_unique")]
        indexes = [models.Index(fields=["kind", "month"], name="casecounter_kind_month_idx")]

    def __str__(self) -> str:
        return f"{self.office_id} {self.kind} {self.topic} {self.month:%Y-%m}"


class DurationBucket(models.Model):
    """How many cases closed in a year took exactly `days` working days. Per year, not per
    month (the dashboard's period is a year): the rows stay bounded by offices × topics ×
    distinct durations, however many cases there are."""

    office = models.ForeignKey("accounts.Office", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    topic = models.CharField(max_length=80)
    year = models.PositiveSmallIntegerField()
    days = models.PositiveIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sebaran waktu penyelesaian")
        verbose_name_plural = _("sebaran waktu penyelesaian")
        constraints = [models.UniqueConstraint(
            fields=["office", "kind", "topic", "year", "days"], name="durationbucket_unique")]
        indexes = [models.Index(fields=["year", "kind"], name="durationbucket_year_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.topic} {self.year} {self.days}: {self.count}"


class PaymentCounter(models.Model):
    """Revenue credited (net of same-day reversals) per office, kind and month."""

    office = models.ForeignKey("accounts.Office", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("kantor"))
    revenue_kind = models.CharField(_("jenis pendapatan"), max_length=40)
    month = models.DateField(_("bulan"))
    payments = models.IntegerField(_("jumlah pembayaran"), default=0)
    amount = models.BigIntegerField(_("jumlah (Rp)"), default=0)

    class Meta:
        verbose_name = _("rekap pembayaran bulanan")
        verbose_name_plural = _("rekap pembayaran bulanan")
        constraints = [models.UniqueConstraint(fields=["office", "revenue_kind", "month"],
                                               name="paymentcounter_unique")]
        indexes = [models.Index(fields=["month"], name="paymentcounter_month_idx")]

    def __str__(self) -> str:
        return f"{self.office_id} {self.revenue_kind} {self.month:%Y-%m}"


class Survey(models.Model):
    """One satisfaction survey for one closed case: created as an invitation, answered once.

    Scores 1-4 for each of the nine elements (Permenpan RB 14/2017)."""

    case_kind = models.CharField(_("jenis kasus"), max_length=30)
    case_id = models.PositiveBigIntegerField(_("id kasus"))
    case_label = models.CharField(_("nomor kasus"), max_length=40, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="surveys", verbose_name=_("responden"))
    office = models.ForeignKey("accounts.Office", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("kantor"))
    topic = models.CharField(_("layanan"), max_length=80)
    topic_label = models.CharField(_("nama layanan"), max_length=200, blank=True)
    invited_at = models.DateTimeField(_("diundang pada"))
    answered_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)
    u1 = models.PositiveSmallIntegerField(null=True, blank=True)
    u2 = models.PositiveSmallIntegerField(null=True, blank=True)
    u3 = models.PositiveSmallIntegerField(null=True, blank=True)
    u4 = models.PositiveSmallIntegerField(null=True, blank=True)
    u5 = models.PositiveSmallIntegerField(null=True, blank=True)
    u6 = models.PositiveSmallIntegerField(null=True, blank=True)
    u7 = models.PositiveSmallIntegerField(null=True, blank=True)
    u8 = models.PositiveSmallIntegerField(null=True, blank=True)
    u9 = models.PositiveSmallIntegerField(null=True, blank=True)
    suggestion = models.TextField(_("saran"), blank=True)

    class Meta:
        verbose_name = _("survei kepuasan")
        verbose_name_plural = _("survei kepuasan")
        constraints = [
            # One survey per case: answering twice is refused.
            models.UniqueConstraint(fields=["case_kind", "case_id"], name="survey_one_per_case"),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True) | models.Q(
                    u1__range=(1, 4), u2__range=(1, 4), u3__range=(1, 4), u4__range=(1, 4),
                    u5__range=(1, 4), u6__range=(1, 4), u7__range=(1, 4), u8__range=(1, 4),
                    u9__range=(1, 4)),
                name="survey_scores_1_to_4"),
        ]
        indexes = [models.Index(fields=["user", "-invited_at"], name="survey_user_idx")]

    def __str__(self) -> str:
        return f"SKM {self.case_kind} {self.case_label or self.case_id}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class SurveyCounter(models.Model):
    """Answered surveys per office, service and month: the respondents and the sum of each
    element's scores, from which NRR and IKM are computed exactly."""

    office = models.ForeignKey("accounts.Office", on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(max_length=80)
    month = models.DateField()
    respondents = models.PositiveIntegerField(default=0)
    s1 = models.PositiveIntegerField(default=0)
    s2 = models.PositiveIntegerField(default=0)
    s3 = models.PositiveIntegerField(default=0)
    s4 = models.PositiveIntegerField(default=0)
    s5 = models.PositiveIntegerField(default=0)
    s6 = models.PositiveIntegerField(default=0)
    s7 = models.PositiveIntegerField(default=0)
    s8 = models.PositiveIntegerField(default=0)
    s9 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rekap SKM bulanan")
        verbose_name_plural = _("rekap SKM bulanan")
        constraints = [models.UniqueConstraint(fields=["office", "topic", "month"],
                                               name="surveycounter_unique")]
        indexes = [models.Index(fields=["month"], name="surveycounter_month_idx")]

    def __str__(self) -> str:
        return f"SKM {self.office_id} {self.topic} {self.month:%Y-%m}"
