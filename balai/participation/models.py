"""Citizens' participation: the aspirations forum (ideas, suggestions, criticism with support,
threaded comments, abuse reports and moderation), public consultations on draft policies, and
polls. One support and one vote per citizen are database constraints, not just checks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 150
BODY_MIN = 20
BODY_MAX = 4000
COMMENT_MAX = 2000


class Visibility(models.TextChoices):
    SHOWN = "tampil", _("Tampil")
    HELD = "ditahan", _("Ditahan untuk moderasi")
    HIDDEN = "disembunyikan", _("Disembunyikan moderator")


class Topic(models.Model):
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("topik aspirasi")
        verbose_name_plural = _("topik aspirasi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Idea(models.Model):
    class Kind(models.TextChoices):
        IDE = "ide", _("Ide")
        SARAN = "saran", _("Saran")
        KRITIK = "kritik", _("Kritik")

    class Status(models.TextChoices):
        DITINJAU = "ditinjau", _("Sedang ditinjau")
        DIRENCANAKAN = "direncanakan", _("Masuk rencana")
        SELESAI = "selesai", _("Sudah dilaksanakan")
        DITOLAK = "ditolak", _("Tidak dilanjutkan")

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="ideas",
                              verbose_name=_("topik"))
    kecamatan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("kecamatan"))
    title = models.CharField(_("judul"), max_length=TITLE_MAX)
    body = models.TextField(_("isi"), max_length=BODY_MAX)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="ideas", verbose_name=_("penulis"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.DITINJAU)
    status_reason = models.TextField(_("keterangan status"), blank=True)
    status_office = models.ForeignKey("accounts.Office", on_delete=models.SET_NULL, null=True,
                                      blank=True, related_name="+",
                                      verbose_name=_("kantor yang menetapkan status"))
    visibility = models.CharField(_("tampilan"), max_length=15, choices=Visibility.choices,
                                  default=Visibility.SHOWN)
    moderation_reason = models.TextField(_("alasan moderasi"), blank=True)
    support_count = models.PositiveIntegerField(_("jumlah dukungan"), default=0)
    comment_count = models.PositiveIntegerField(_("jumlah komentar"), default=0)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("aspirasi")
        verbose_name_plural = _("aspirasi")
        indexes = [
            models.Index(fields=["visibility", "-id"], name="idea_public_idx"),
            models.Index(fields=["visibility", "topic", "-id"], name="idea_topic_idx"),
            models.Index(fields=["visibility", "kecamatan", "-id"], name="idea_kecamatan_idx"),
            models.Index(fields=["author", "-id"], name="idea_author_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class IdeaSupport(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dukungan aspirasi")
        verbose_name_plural = _("dukungan aspirasi")
        constraints = [models.UniqueConstraint(fields=["idea", "user"],
                                               name="ideasupport_one_per_citizen")]

    def __str__(self) -> str:
        return f"{self.idea_id}:{self.user_id}"


class IdeaComment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="replies", verbose_name=_("membalas"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("penulis"))
    body = models.TextField(_("isi"), max_length=COMMENT_MAX)
    # An official answer, given by an officer in the name of their office.
    office = models.ForeignKey("accounts.Office", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("kantor"))
    is_official = models.BooleanField(_("jawaban resmi"), default=False)
    visibility = models.CharField(_("tampilan"), max_length=15, choices=Visibility.choices,
                                  default=Visibility.SHOWN)
    moderation_reason = models.TextField(_("alasan moderasi"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("komentar aspirasi")
        verbose_name_plural = _("komentar aspirasi")
        ordering = ["id"]
        indexes = [models.Index(fields=["idea", "visibility", "id"], name="ideacomment_idx"),
                   models.Index(fields=["visibility", "id"], name="ideacomment_mod_idx")]

    def __str__(self) -> str:
        return f"{self.idea_id} #{self.pk}"


class AbuseReport(models.Model):
    """A citizen's report that a post breaks the community guidelines."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="abuse_reports")
    comment = models.ForeignKey(IdeaComment, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="abuse_reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="+")
    reason = models.CharField(_("alasan"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("laporan pelanggaran")
        verbose_name_plural = _("laporan pelanggaran")
        constraints = [
            models.CheckConstraint(condition=models.Q(idea__isnull=False, comment__isnull=True)
                                   | models.Q(idea__isnull=True, comment__isnull=False),
                                   name="abusereport_one_target"),
            models.UniqueConstraint(fields=["idea", "reporter"],
                                    condition=models.Q(comment__isnull=True),
                                    name="abusereport_idea_once"),
            models.UniqueConstraint(fields=["comment", "reporter"],
                                    condition=models.Q(idea__isnull=True),
                                    name="abusereport_comment_once"),
        ]
        indexes = [models.Index(fields=["resolved_at", "id"], name="abusereport_open_idx")]

    def __str__(self) -> str:
        return f"{self.idea_id or ''}{self.comment_id or ''}: {self.reason[:40]}"


class IdeaStat(models.Model):
    """Per-month counts of aspirations by topic, kind and kecamatan, kept by the actions."""

    month = models.DateField()
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)
    kecamatan_code = models.CharField(max_length=13, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rekap aspirasi bulanan")
        verbose_name_plural = _("rekap aspirasi bulanan")
        constraints = [models.UniqueConstraint(fields=["month", "topic", "kind",
                                                       "kecamatan_code"],
                                               name="ideastat_unique")]
        indexes = [models.Index(fields=["month"], name="ideastat_month_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.topic_id} {self.kind}"


class Consultation(models.Model):
    """A draft policy (e.g. a Ranperda) an office puts to the public for a set period."""

    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT,
                               related_name="consultations", verbose_name=_("kantor"))
    title = models.CharField(_("judul"), max_length=200)
    summary = models.TextField(_("ringkasan"), max_length=4000)
    opens_on = models.DateField(_("dibuka"))
    closes_on = models.DateField(_("ditutup"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("konsultasi publik")
        verbose_name_plural = _("konsultasi publik")
        constraints = [models.CheckConstraint(condition=models.Q(closes_on__gte=models.F(
            "opens_on")), name="consultation_period")]
        indexes = [models.Index(fields=["-closes_on", "-id"], name="consultation_list_idx"),
                   models.Index(fields=["office", "-id"], name="consultation_office_idx")]

    def __str__(self) -> str:
        return self.title


class ConsultationSection(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="sections")
    order = models.PositiveSmallIntegerField(_("urutan"))
    heading = models.CharField(_("judul bagian"), max_length=200)
    body = models.TextField(_("isi bagian"))

    class Meta:
        verbose_name = _("bagian naskah")
        verbose_name_plural = _("bagian naskah")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["consultation", "order"],
                                               name="section_unique_order")]

    def __str__(self) -> str:
        return self.heading


class ConsultationComment(models.Model):
    section = models.ForeignKey(ConsultationSection, on_delete=models.CASCADE,
                                related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    body = models.TextField(_("tanggapan warga"), max_length=COMMENT_MAX)
    visibility = models.CharField(_("tampilan"), max_length=15, choices=Visibility.choices,
                                  default=Visibility.SHOWN)
    created_at = models.DateTimeField(auto_now_add=True)
    response = models.TextField(_("jawaban kantor"), blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tanggapan konsultasi")
        verbose_name_plural = _("tanggapan konsultasi")
        ordering = ["id"]
        indexes = [models.Index(fields=["section", "id"], name="consultcomment_idx")]

    def __str__(self) -> str:
        return f"{self.section_id} #{self.pk}"


class Poll(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "tunggal", _("Satu pilihan")
        MULTIPLE = "ganda", _("Beberapa pilihan")

    class Results(models.TextChoices):
        AFTER_VOTE = "setelah_memilih", _("Setelah memilih")
        AFTER_CLOSE = "setelah_ditutup", _("Setelah jajak pendapat ditutup")

    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT,
                               related_name="polls", verbose_name=_("kantor"))
    question = models.CharField(_("pertanyaan"), max_length=300)
    description = models.TextField(_("keterangan"), blank=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices,
                            default=Kind.SINGLE)
    results_shown = models.CharField(_("hasil ditampilkan"), max_length=20,
                                     choices=Results.choices, default=Results.AFTER_VOTE)
    opens_on = models.DateField(_("dibuka"))
    closes_on = models.DateField(_("ditutup"))
    vote_count = models.PositiveIntegerField(_("jumlah pemilih"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jajak pendapat")
        verbose_name_plural = _("jajak pendapat")
        constraints = [models.CheckConstraint(condition=models.Q(closes_on__gte=models.F(
            "opens_on")), name="poll_period")]
        indexes = [models.Index(fields=["-closes_on", "-id"], name="poll_list_idx")]

    def __str__(self) -> str:
        return self.question


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField()
    label = models.CharField(_("pilihan"), max_length=200)
    vote_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("pilihan jajak pendapat")
        verbose_name_plural = _("pilihan jajak pendapat")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.label


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    options = models.ManyToManyField(PollOption, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suara")
        verbose_name_plural = _("suara")
        constraints = [models.UniqueConstraint(fields=["poll", "user"],
                                               name="pollvote_one_per_citizen")]

    def __str__(self) -> str:
        return f"{self.poll_id}:{self.user_id}"
