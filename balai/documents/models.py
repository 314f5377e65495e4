"""Issued documents: signed PDFs that anyone can verify by their code, and the counters that
number them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.accounts.models import Role


class IssuedDocument(models.Model):
    """One signed PDF issued by an office for a source record (an application, a tax receipt…).

    The file is stored as signed; `sha256` is the digest of exactly those bytes, so an uploaded
    copy can be compared with what was issued. Only the masked name of the person the document
    is about is kept here: the verification page is public.
    """

    number = models.CharField(_("nomor"), max_length=80, unique=True)
    code = models.CharField(_("kode verifikasi"), max_length=32, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT,
                               related_name="issued_documents", verbose_name=_("kantor"))
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("jenis sumber"))
    source_id = models.CharField(_("ID sumber"), max_length=64)
    source = GenericForeignKey("source_type", "source_id")
    subject_name_masked = models.CharField(_("atas nama (disamarkan)"), max_length=200)
    issued_at = models.DateTimeField(_("diterbitkan pada"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="signed_documents",
                                  verbose_name=_("ditandatangani oleh"))
    # The signer's name and role as they were when signing; names and posts change later.
    signer_name = models.CharField(_("nama penanda tangan"), max_length=150)
    signer_role = models.CharField(_("jabatan penanda tangan"), max_length=30,
                                   choices=Role.choices)
    file = models.FileField(_("berkas"), upload_to="documents/%Y/%m/", max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("dicabut oleh"))
    revocation_reason = models.TextField(_("alasan pencabutan"), blank=True)

    class Meta:
        verbose_name = _("dokumen terbit")
        verbose_name_plural = _("dokumen terbit")
        ordering = ["-issued_at"]
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="document_source_idx"),
            models.Index(fields=["office", "-issued_at"], name="document_office_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revocation_reason=""),
                name="document_revocation_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class DocumentCounter(models.Model):
    """The last sequence number used for one number scope in one year. Rows are locked while a
    number is taken, so two documents never get the same number."""

    scope = models.CharField(_("lingkup"), max_length=120)
    year = models.PositiveSmallIntegerField(_("tahun"))
    last = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("penghitung nomor dokumen")
        verbose_name_plural = _("penghitung nomor dokumen")
        constraints = [models.UniqueConstraint(fields=["scope", "year"],
                                               name="documentcounter_unique_scope_year")]

    def __str__(self) -> str:
        return f"{self.scope} {self.year}: {self.last}"


class RevokedCertificate(models.Model):
    """A signing certificate that may no longer be relied on, from `revoked_at` on.

    Balai never signs with it again. When the development CA issued it (its key identifier is
    the CA's), the CA's CRL and OCSP responder (/pki/ca.crl, /pki/ocsp) report it revoked; a
    certificate from a PSrE must also be revoked at that PSrE (docs/howto/signing.md).
    """

    class Reason(models.TextChoices):
        # The CRLReason codes of RFC 5280 section 5.3.1 that apply to a signing official.
        UNSPECIFIED = "unspecified", _("tanpa alasan khusus")
        KEY_COMPROMISE = "key_compromise", _("kunci privat bocor atau hilang")
        AFFILIATION_CHANGED = "affiliation_changed", _("pindah jabatan atau kantor")
        SUPERSEDED = "superseded", _("diganti sertifikat baru")
        CESSATION_OF_OPERATION = "cessation_of_operation", _("berhenti bertugas")

    # The issuing CA's key identifier and the serial number, in lower-case hex: together they
    # name one certificate (serial numbers are unique per CA only).
    issuer_key_id = models.CharField(_("ID kunci penerbit"), max_length=64)
    serial_number = models.CharField(_("nomor seri"), max_length=42)
    subject = models.CharField(_("pemilik sertifikat"), max_length=200)
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="revoked_certificates",
                               verbose_name=_("pejabat"))
    reason = models.CharField(_("alasan"), max_length=30, choices=Reason.choices)
    note = models.TextField(_("catatan"), blank=True)
    revoked_at = models.DateTimeField(_("dicabut pada"))
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("dicabut oleh"))

    class Meta:
        verbose_name = _("sertifikat yang dicabut")
        verbose_name_plural = _("sertifikat yang dicabut")
        ordering = ["-revoked_at"]
        constraints = [models.UniqueConstraint(fields=["issuer_key_id", "serial_number"],
                                               name="revokedcertificate_unique_serial")]

    def __str__(self) -> str:
        return f"{self.subject} ({self.serial_number})"
