"""Digital-literacy programmes, their sessions, registrations with a waitlist, attendance and
feedback."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Pillar(models.TextChoices):
    """The four pillars of the Indeks Literasi Digital Indonesia (Kominfo and Katadata)."""

    SKILLS = "cakap", _("Cakap digital")
    ETHICS = "etika", _("Etika digital")
    SAFETY = "aman", _("Aman digital")
    CULTURE = "budaya", _("Budaya digital")


class TargetGroup(models.TextChoices):
    PELAJAR = "pelajar", _("Pelajar")
    PEMUDA = "pemuda", _("Pemuda")
    UMKM = "umkm", _("UMKM")
    PEREMPUAN = "perempuan", _("Perempuan")
    LANSIA = "lansia", _("Lansia")
    DISABILITAS = "disabilitas", _("Penyandang disabilitas")
    ASN = "asn", _("ASN")


class Programme(models.Model):
    class Kind(models.TextChoices):
        PELATIHAN = "pelatihan", _("Pelatihan")
        WORKSHOP = "workshop", _("Workshop")
        SEMINAR = "seminar", _("Seminar")
        SOSIALISASI = "sosialisasi", _("Sosialisasi")
        PENDAMPINGAN_ASN = "pendampingan_asn", _("Pendampingan ASN")

    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"))
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    pillar = models.CharField(_("pilar"), max_length=10, choices=Pillar.choices)
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT,
                               related_name="literacy_programmes", verbose_name=_("penyelenggara"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("dibuat oleh"))
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("program literasi digital")
        verbose_name_plural = _("program literasi digital")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    """One meeting of a programme: at a place in the regency or online, with a capacity."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="sessions",
                                  verbose_name=_("program"))
    kecamatan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("kecamatan"))
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+", verbose_name=_("desa"))
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    online_url = models.URLField(_("tautan daring"), blank=True)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    capacity = models.PositiveIntegerField(_("kapasitas"))
    # Comma-delimited on both sides (",umkm,lansia,") so that one group is found with a plain
    # `contains` on SQLite and PostgreSQL alike.
    target_groups = models.CharField(_("kelompok sasaran"), max_length=120)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    changed_at = models.DateTimeField(_("diubah pada"), auto_now=True)

    class Meta:
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"], name="literacy_session_start_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="literacy_session_ends_after_start"),
            models.CheckConstraint(condition=models.Q(capacity__gt=0),
                                   name="literacy_session_capacity_positive"),
            models.CheckConstraint(
                condition=~models.Q(online_url="") | models.Q(kecamatan__isnull=False),
                name="literacy_session_has_place"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def target_group_codes(self) -> list[str]:
        return [code for code in self.target_groups.split(",") if code]

    @property
    def target_group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels.get(code, code)) for code in self.target_group_codes]

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and self.kecamatan_id is None


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "terdaftar", _("Terdaftar")
        WAITLISTED = "menunggu", _("Daftar tunggu")
        CANCELLED = "batal", _("Dibatalkan")

    class Channel(models.TextChoices):
        ONLINE = "daring", _("Daring")
        ASSISTED = "dibantu", _("Dibantu operator")

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="registrations",
                                verbose_name=_("sesi"))
    participant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="literacy_registrations",
                                    verbose_name=_("peserta"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices,
                               default=Channel.ONLINE)
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("operator"))
    # The waitlist is served in the order people joined it (a re-registration joins anew).
    queued_at = models.DateTimeField(_("masuk antrean pada"))
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("naik dari daftar tunggu pada"), null=True, blank=True)
    check_in_token = models.CharField(_("token kehadiran"), max_length=64, unique=True)
    attended_at = models.DateTimeField(_("hadir pada"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+",
                                      verbose_name=_("dicatat oleh"))
    certificate = models.OneToOneField("documents.IssuedDocument", on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+",
                                       verbose_name=_("sertifikat"))

    class Meta:
        verbose_name = _("pendaftaran")
        verbose_name_plural = _("pendaftaran")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"],
                                    name="literacy_one_registration_per_session"),
            models.CheckConstraint(
                condition=models.Q(attended_at__isnull=True) | models.Q(status="terdaftar"),
                name="literacy_only_confirmed_attend"),
        ]
        indexes = [models.Index(fields=["session", "status", "queued_at"],
                                name="literacy_reg_queue_idx")]

    def __str__(self) -> str:
        return f"{self.participant} → {self.session}"

    def document_access_allowed(self, user: object) -> bool:
        """The participant may download their own certificate (documents.access)."""
        return getattr(user, "pk", None) == self.participant_id


class Feedback(models.Model):
    registration = models.OneToOneField(Registration, on_delete=models.PROTECT,
                                        related_name="feedback", verbose_name=_("pendaftaran"))
    rating = models.PositiveSmallIntegerField(_("nilai"))
    comment = models.TextField(_("komentar"), blank=True)
    created_at = models.DateTimeField(_("dikirim pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")
        constraints = [models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5),
                                              name="literacy_feedback_rating_1_5")]

    def __str__(self) -> str:
        return f"{self.registration}: {self.rating}"
