"""Technology competitions of the regency (in the manner of KemenPANRB's KIPP): a call on a
public-service problem with its timeline, rubric and required documents; teams with their
members and invitations; one submission per team with its files; administrative screening by
the organising office; judges who declare conflicts of interest and score blind on the rubric;
a shortlist with presentation-and-interview scores; published results and the winners' page.

Every moment of the timeline is a datetime decided by the server (settings.TIME_ZONE, WIB);
nothing of the phase is taken from the browser. Scores are normalised per judge
(balai/competitions/scoring.py) so that one harsh or lenient judge does not decide alone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SCORE_MIN = 0
SCORE_MAX = 100


class Competition(models.Model):
    slug = models.SlugField(_("alamat"), max_length=60, unique=True)
    title = models.CharField(_("judul"), max_length=150)
    theme = models.TextField(_("masalah layanan publik"), max_length=3000)
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT,
                               related_name="competitions", verbose_name=_("penyelenggara"))
    complaint_category = models.ForeignKey(
        "complaints.ComplaintCategory", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("kategori pengaduan terkait"))
    topic = models.ForeignKey("participation.Topic", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+",
                              verbose_name=_("topik aspirasi terkait"))
    registration_opens = models.DateTimeField(_("pendaftaran dibuka"))
    registration_closes = models.DateTimeField(_("pendaftaran ditutup"))
    submission_deadline = models.DateTimeField(_("batas pengumpulan karya"))
    judging_ends = models.DateTimeField(_("penilaian selesai"))
    announcement_at = models.DateTimeField(_("pengumuman"))
    prizes = models.TextField(_("hadiah"), max_length=2000,
                              help_text=_("Satu baris untuk tiap peringkat, dari juara 1."))
    eligibility = models.TextField(_("syarat peserta"), max_length=3000)
    required_documents = models.TextField(_("dokumen wajib"), max_length=2000,
                                          help_text=_("Satu dokumen per baris."))
    max_team_size = models.PositiveSmallIntegerField(_("anggota tim paling banyak"), default=5)
    shortlist_size = models.PositiveSmallIntegerField(_("jumlah finalis"), default=3)
    shortlisted_at = models.DateTimeField(_("finalis ditetapkan"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("hasil diumumkan"), null=True, blank=True)
    is_demo = models.BooleanField(_("data demo"), default=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("kompetisi")
        verbose_name_plural = _("kompetisi")
        ordering = ["-registration_opens", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(registration_opens__lt=models.F("registration_closes"))
                & models.Q(registration_closes__lte=models.F("submission_deadline"))
                & models.Q(submission_deadline__lt=models.F("judging_ends"))
                & models.Q(judging_ends__lte=models.F("announcement_at")),
                name="competition_timeline_in_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def prize_lines(self) -> list[str]:
        return [line.strip() for line in self.prizes.splitlines() if line.strip()]

    @property
    def document_lines(self) -> list[str]:
        return [line.strip() for line in self.required_documents.splitlines() if line.strip()]


class Criterion(models.Model):
    """One line of the rubric; weights are whole percentages that add up to 100."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE,
                                    related_name="criteria", verbose_name=_("kompetisi"))
    name = models.CharField(_("kriteria"), max_length=120)
    weight = models.PositiveSmallIntegerField(_("bobot (%)"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("kriteria penilaian")
        verbose_name_plural = _("kriteria penilaian")
        ordering = ["competition", "position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class Screening(models.TextChoices):
    PENDING = "menunggu", _("Menunggu seleksi administrasi")
    PASSED = "lolos", _("Lolos seleksi administrasi")
    REJECTED = "tidak_lolos", _("Tidak lolos seleksi administrasi")


class Team(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.PROTECT,
                                    related_name="teams", verbose_name=_("kompetisi"))
    name = models.CharField(_("nama tim"), max_length=80)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("ketua"))
    screening = models.CharField(_("seleksi administrasi"), max_length=12,
                                 choices=Screening.choices, default=Screening.PENDING)
    screening_note = models.CharField(_("catatan seleksi"), max_length=500, blank=True)
    is_finalist = models.BooleanField(_("finalis"), default=False)
    written_score = models.FloatField(_("nilai karya (ternormalisasi)"), null=True, blank=True)
    interview_score = models.FloatField(_("nilai presentasi (ternormalisasi)"), null=True,
                                        blank=True)
    final_score = models.FloatField(_("nilai akhir"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("peringkat"), null=True, blank=True)
    # The prize line won (set when the results are published); empty for everyone else.
    prize = models.CharField(_("hadiah"), max_length=200, blank=True)
    innovation = models.ForeignKey("innovation.Innovation", on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="competition_teams",
                                   verbose_name=_("inovasi di katalog"))
    # The developer portal's apps do not exist yet: the winning solution's API app is named by
    # its address (or identifier) until they do.
    api_app = models.CharField(_("aplikasi API"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("didaftarkan"), auto_now_add=True)

    class Meta:
        verbose_name = _("tim")
        verbose_name_plural = _("tim")
        ordering = ["competition", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "name"], name="team_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="competition_memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("anggota tim")
        verbose_name_plural = _("anggota tim")
        ordering = ["team", "joined_at", "id"]
        constraints = [
            # One team per person per competition.
            models.UniqueConstraint(fields=["competition", "user"], name="member_one_team"),
        ]

    def __str__(self) -> str:
        return f"{self.team_id}: {self.user_id}"


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "menunggu", _("Menunggu jawaban")
        ACCEPTED = "diterima", _("Diterima")
        DECLINED = "ditolak", _("Ditolak")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="competition_invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("undangan tim")
        verbose_name_plural = _("undangan tim")
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"],
                                    condition=models.Q(status="menunggu"),
                                    name="invitation_one_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.team_id} → {self.user_id} ({self.status})"


class Submission(models.Model):
    """A team's entry. `code` is what judges see instead of the team."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="submission")
    code = models.CharField(_("kode karya"), max_length=12, unique=True)
    title = models.CharField(_("judul karya"), max_length=150)
    summary = models.TextField(_("ringkasan solusi"), max_length=4000)
    demo_url = models.URLField(_("tautan demo"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("karya")
        verbose_name_plural = _("karya")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


def submission_file_path(instance: SubmissionFile, filename: str) -> str:
    return f"kompetisi/{instance.sha256[:2]}/{filename}"


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("nama dokumen"), max_length=150)
    file = models.FileField(upload_to=submission_file_path, max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("berkas karya")
        verbose_name_plural = _("berkas karya")
        ordering = ["submission", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return {"application/pdf": "pdf", "image/png": "png"}.get(self.content_type, "jpg")


class Judge(models.Model):
    """An account assigned to judge a competition: an officer or an external judge's account.
    A judge sees the submissions only after declaring conflicts of interest."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE,
                                    related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="competition_judgings")
    declared_at = models.DateTimeField(_("konflik kepentingan dinyatakan"), null=True,
                                       blank=True)
    conflicts = models.ManyToManyField(Team, blank=True, related_name="conflicted_judges",
                                       verbose_name=_("tim dengan konflik kepentingan"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("juri")
        verbose_name_plural = _("juri")
        ordering = ["competition", "id"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "user"], name="judge_once"),
        ]

    def __str__(self) -> str:
        return f"{self.competition_id}: {self.user_id}"


class Score(models.Model):
    """A judge's mark on one criterion of one submission (written round)."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="scores")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["judge", "submission", "criterion"],
                                    name="score_once"),
            models.CheckConstraint(condition=models.Q(value__lte=SCORE_MAX),
                                   name="score_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.judge_id}/{self.submission_id}/{self.criterion_id}: {self.value}"


class InterviewScore(models.Model):
    """A judge's mark of a finalist's presentation and interview."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="interview_scores")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="interview_scores")
    value = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["judge", "team"], name="interview_score_once"),
            models.CheckConstraint(condition=models.Q(value__lte=SCORE_MAX),
                                   name="interview_score_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.judge_id}/{self.team_id}: {self.value}"
