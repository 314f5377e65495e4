"""Public information under UU KIP 14/2008 and PERKI 1/2021: the catalogue of information
(Daftar Informasi Publik), requests for information, objections (keberatan) and their
registers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.fields import EncryptedTextField


class Category(models.TextChoices):
    # UU KIP Pasal 9, 10, 11 and 17.
    BERKALA = "berkala", _("Berkala")
    SERTA_MERTA = "serta_merta", _("Serta merta")
    SETIAP_SAAT = "setiap_saat", _("Setiap saat")
    DIKECUALIKAN = "dikecualikan", _("Dikecualikan")


class InformationItem(models.Model):
    """One entry of the Daftar Informasi Publik of an office."""

    title = models.CharField(_("judul"), max_length=200)
    summary = models.TextField(_("ringkasan"), blank=True)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT,
                               related_name="information_items", verbose_name=_("kantor"))
    period = models.CharField(_("periode"), max_length=40, blank=True,
                              help_text=_("Mis. 2026, Semester I 2026."))
    responsible = models.CharField(_("penanggung jawab"), max_length=120, blank=True)
    # Exempt information (UU KIP Pasal 17): the article it falls under and the consequence
    # test (uji konsekuensi, PERKI 1/2021 Pasal 49) that decided it.
    legal_basis = models.TextField(_("dasar hukum pengecualian"), blank=True)
    consequence_test = models.TextField(_("uji konsekuensi"), blank=True)
    exempt_until = models.DateField(_("dikecualikan sampai"), null=True, blank=True)
    is_published = models.BooleanField(_("terbit"), default=True)
    published_at = models.DateTimeField(_("diterbitkan pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    search_text = models.TextField(_("teks pencarian"), blank=True, editable=False)

    class Meta:
        verbose_name = _("informasi publik")
        verbose_name_plural = _("daftar informasi publik")
        constraints = [models.CheckConstraint(
            condition=~models.Q(category="dikecualikan") | (
                ~models.Q(legal_basis="") & ~models.Q(consequence_test="")),
            name="information_exempt_has_basis")]
        indexes = [
            models.Index(fields=["is_published", "category", "-published_at"],
                         name="infoitem_public_idx"),
            models.Index(fields=["office", "is_published", "-published_at"],
                         name="infoitem_office_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_exempt(self) -> bool:
        return self.category == Category.DIKECUALIKAN


def item_file_path(instance: InformationFile, filename: str) -> str:
    return f"informasi/{instance.sha256[:2]}/{instance.sha256}"


class InformationFile(models.Model):
    item = models.ForeignKey(InformationItem, on_delete=models.CASCADE, related_name="files",
                             verbose_name=_("informasi"))
    file = models.FileField(_("berkas"), upload_to=item_file_path, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=120)
    content_type = models.CharField(_("jenis isi"), max_length=60)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("berkas informasi")
        verbose_name_plural = _("berkas informasi")

    def __str__(self) -> str:
        return self.original_name


class NumberCounter(models.Model):
    """Last sequence of a register (requests or objections) in a year; locked on each use."""

    register = models.CharField(max_length=10)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["register", "year"],
                                               name="info_counter_unique")]

    def __str__(self) -> str:
        return f"{self.register} {self.year}: {self.last}"


class InformationRequest(models.Model):
    """A request for public information (UU KIP Pasal 22), entered in the request register."""

    class Status(models.TextChoices):
        RECEIVED = "diterima", _("Diterima, sedang diproses")
        EXTENDED = "diperpanjang", _("Diperpanjang")
        ANSWERED = "dijawab", _("Dijawab")

    class Outcome(models.TextChoices):
        GRANTED = "granted", _("Dikabulkan seluruhnya")
        PARTLY = "granted_partly", _("Dikabulkan sebagian")
        REFUSED = "refused", _("Ditolak")

    class Format(models.TextChoices):
        SOFTCOPY = "softcopy", _("Salinan elektronik (softcopy)")
        HARDCOPY = "hardcopy", _("Salinan tercetak (hardcopy)")
        VIEW = "lihat", _("Melihat/membaca")

    class Delivery(models.TextChoices):
        ONLINE = "daring", _("Diunduh di Balai")
        EMAIL = "email", _("Surel")
        PICKUP = "ambil", _("Diambil langsung")
        POST = "pos", _("Pos/kurir")

    number = models.CharField(_("nomor registrasi"), max_length=24, unique=True)
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="information_requests",
                                  verbose_name=_("pemohon (akun)"))
    # Identity of the requester (UU KIP Pasal 22(2)): from the account, or given by someone
    # without one. Encrypted at rest; the NIK is also kept as a blind index.
    name = EncryptedTextField(_("nama"))
    nik = EncryptedTextField(_("NIK"), blank=True)
    nik_index = models.CharField(max_length=64, blank=True, db_index=True)
    address = EncryptedTextField(_("alamat"), blank=True)
    phone = EncryptedTextField(_("telepon"), blank=True)
    email = EncryptedTextField(_("surel"), blank=True)
    # For requesters without an account: a secret they keep with the number to follow it.
    access_digest = models.CharField(max_length=64, blank=True)
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT,
                               related_name="information_requests", verbose_name=_("kantor"))
    item = models.ForeignKey(InformationItem, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="requests", verbose_name=_("informasi di daftar"))
    information = models.TextField(_("informasi yang diminta"))
    purpose = models.TextField(_("tujuan penggunaan"))
    format = models.CharField(_("bentuk"), max_length=10, choices=Format.choices)
    delivery = models.CharField(_("cara memperoleh"), max_length=10, choices=Delivery.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.RECEIVED)
    received_at = models.DateTimeField(_("diterima pada"))
    due_date = models.DateField(_("batas jawaban"))
    extended_at = models.DateTimeField(_("diperpanjang pada"), null=True, blank=True)
    extension_reason = models.TextField(_("alasan perpanjangan"), blank=True)
    answered_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("dijawab oleh"))
    outcome = models.CharField(_("hasil"), max_length=20, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("jawaban"), blank=True)
    refusal_basis = models.TextField(_("dasar hukum penolakan"), blank=True)
    working_days = models.PositiveIntegerField(_("lama (hari kerja)"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("permohonan informasi")
        verbose_name_plural = _("register permohonan informasi")
        indexes = [
            models.Index(fields=["office", "status", "due_date"], name="inforeq_queue_idx"),
            models.Index(fields=["requester", "-received_at"], name="inforeq_requester_idx"),
            models.Index(fields=["status", "due_date"], name="inforeq_due_idx"),
            models.Index(fields=["received_at"], name="inforeq_received_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.ANSWERED


def response_file_path(instance: ResponseFile, filename: str) -> str:
    return f"informasi/jawaban/{instance.sha256[:2]}/{instance.sha256}"


class ResponseFile(models.Model):
    """A file delivered with an answer: served only to the requester and the office."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE,
                                related_name="files", verbose_name=_("permohonan"))
    file = models.FileField(_("berkas"), upload_to=response_file_path, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=120)
    content_type = models.CharField(_("jenis isi"), max_length=60)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("berkas jawaban")
        verbose_name_plural = _("berkas jawaban")

    def __str__(self) -> str:
        return self.original_name


class Objection(models.Model):
    """An objection (keberatan) to the atasan PPID, UU KIP Pasal 35-36, in the objection
    register (its fields follow the register of the Panduan PPID)."""

    class Ground(models.TextChoices):
        # UU KIP Pasal 35(1) a-g.
        REFUSED = "a", _("Permohonan ditolak dengan alasan pengecualian")
        NOT_PUBLISHED = "b", _("Informasi berkala tidak disediakan")
        NOT_ANSWERED = "c", _("Permohonan tidak ditanggapi")
        NOT_AS_ASKED = "d", _("Permohonan ditanggapi tidak sebagaimana yang diminta")
        NOT_FULFILLED = "e", _("Permohonan tidak dipenuhi")
        FEE = "f", _("Biaya yang dikenakan tidak wajar")
        LATE = "g", _("Penyampaian informasi melebihi waktu")

    class Decision(models.TextChoices):
        UPHELD = "diterima", _("Keberatan diterima: informasi diberikan")
        REJECTED = "ditolak", _("Keberatan ditolak: tanggapan PPID dikuatkan")

    class Reaction(models.TextChoices):
        SATISFIED = "puas", _("Menerima putusan")
        DISPUTE = "sengketa", _("Tidak puas: mengajukan sengketa ke Komisi Informasi")

    number = models.CharField(_("nomor keberatan"), max_length=24, unique=True)
    request = models.OneToOneField(InformationRequest, on_delete=models.PROTECT,
                                   related_name="objection", verbose_name=_("permohonan"))
    ground = models.CharField(_("alasan (Pasal 35)"), max_length=2, choices=Ground.choices)
    reason = models.TextField(_("uraian keberatan"))
    filed_at = models.DateTimeField(_("diajukan pada"))
    due_date = models.DateField(_("batas tanggapan atasan"))
    decided_at = models.DateTimeField(_("diputus pada"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("atasan PPID"))
    decider_position = models.CharField(_("jabatan atasan"), max_length=120, blank=True)
    decision = models.CharField(_("putusan"), max_length=10, choices=Decision.choices,
                                blank=True)
    decision_note = models.TextField(_("tanggapan atasan"), blank=True)
    reaction = models.CharField(_("tanggapan pemohon"), max_length=10, choices=Reaction.choices,
                                blank=True)
    reacted_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("register keberatan")
        indexes = [models.Index(fields=["decided_at", "due_date"], name="objection_due_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.decided_at is None
