"""A citizen's application for a public service, its timeline, its uploads, and the consent a
citizen gives an operator who applies on their behalf.

A draft is an Application in state "draf" without a number: it never appears in a queue (every
queue filters on `submitted_at`), and its uploads attach to it like any other application's.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.fields import EncryptedTextField

DRAFT = "draf"
# Readable registration numbers: <prefix>-<year>-<sequence>, the prefix being the setting
# BALAI_APPLICATION_NUMBER_PREFIX (KR in Kubu Raya). Never reused (see ApplicationCounter).


class ApplicationCounter(models.Model):
    """The last registration sequence of a year; locked with select_for_update on each
    submission, so two submissions never get the same number and a number is never reused."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penghitung nomor permohonan")
        verbose_name_plural = _("penghitung nomor permohonan")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Application(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("Daring")
        ASSISTED = "assisted", _("Dibantu operator")

    number = models.CharField(_("nomor registrasi"), max_length=20, unique=True, null=True,
                              blank=True)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="applications", verbose_name=_("pemohon"))
    # The exact version of the definition the application was made under.
    definition = models.ForeignKey("catalogue.ServiceDefinition", on_delete=models.PROTECT,
                                   related_name="applications", verbose_name=_("definisi layanan"))
    # Denormalized from the service, so that a queue is one indexed range scan.
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT,
                               related_name="applications", verbose_name=_("kantor"))
    state = models.CharField(_("status"), max_length=40, default=DRAFT)
    # False once the application reaches a final state of its workflow (or is a draft).
    is_open = models.BooleanField(_("masih diproses"), default=False)
    # The form values, as JSON, encrypted at rest.
    data_json = EncryptedTextField(_("isian formulir"), blank=True, default="")
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices,
                               default=Channel.ONLINE)
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="assisted_applications",
                                 verbose_name=_("operator layanan"))
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="assigned_applications",
                                    verbose_name=_("ditangani oleh"))
    draft_step = models.PositiveSmallIntegerField(_("langkah draf"), default=1)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    due_date = models.DateField(_("batas waktu"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("dieskalasi pada"), null=True, blank=True)
    closed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    # Optimistic concurrency: every change bumps it; an action names the version it saw.
    version = models.PositiveIntegerField(_("versi"), default=1)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)
    issued_document_ref = models.CharField(_("dokumen terbit"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("permohonan")
        verbose_name_plural = _("permohonan")
        constraints = [
            models.UniqueConstraint(fields=["applicant", "idempotency_key"],
                                    condition=models.Q(idempotency_key__isnull=False),
                                    name="application_unique_idempotency_key"),
        ]
        indexes = [
            # The officer queue: open, submitted applications of an office by due date. Partial,
            # because SQLite's planner cannot match a bare boolean column (Django writes
            # `WHERE "is_open"`) to an index column, but it does match a partial index's WHERE.
            models.Index(fields=["office", "due_date", "id"],
                         condition=models.Q(is_open=True, submitted_at__isnull=False),
                         name="application_open_queue_idx"),
            models.Index(fields=["office", "state", "due_date", "id"],
                         name="application_office_state_idx"),
            models.Index(fields=["assigned_to", "is_open", "due_date"],
                         name="application_assigned_idx"),
            # Escalation: open, overdue, not yet escalated (partial, as above).
            models.Index(fields=["due_date"],
                         condition=models.Q(is_open=True, escalated_at__isnull=True),
                         name="application_escalation_idx"),
            # The citizen's dashboard, newest first; the operator's assisted list.
            models.Index(fields=["applicant", "-created_at", "-id"],
                         name="application_applicant_idx"),
            models.Index(fields=["operator", "-created_at"], name="application_operator_idx"),
            # A draft to resume: applicant, definition, state.
            models.Index(fields=["applicant", "definition", "state"],
                         name="application_draft_idx"),
        ]

    def __str__(self) -> str:
        return self.number or f"draf #{self.pk}"

    @property
    def data(self) -> dict[str, Any]:
        return json.loads(self.data_json) if self.data_json else {}

    @property
    def service(self) -> Any:
        return self.definition.service

    @property
    def is_draft(self) -> bool:
        return self.state == DRAFT


class ApplicationEvent(models.Model):
    """One entry of an application's timeline."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Diajukan")
        ACTION = "action", _("Tindakan")
        CLAIMED = "claimed", _("Diambil petugas")
        ASSIGNED = "assigned", _("Ditugaskan")
        ESCALATED = "escalated", _("Dieskalasi")
        DOCUMENT = "document", _("Dokumen terbit")

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="events", verbose_name=_("permohonan"))
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    action = models.CharField(_("tindakan"), max_length=60, blank=True)
    label = models.CharField(_("keterangan"), max_length=200, blank=True)
    from_state = models.CharField(_("dari status"), max_length=40, blank=True)
    to_state = models.CharField(_("ke status"), max_length=40, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("pelaku"))
    # An officer's note may name people or their documents: encrypted like the form.
    note = EncryptedTextField(_("catatan"), blank=True)
    # {requirement code: reason} when an officer asks for corrections.
    corrections = models.JSONField(_("perbaikan per persyaratan"), default=dict, blank=True)
    public = models.BooleanField(_("publik"), default=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat permohonan")
        verbose_name_plural = _("riwayat permohonan")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "created_at", "id"],
                                name="appevent_timeline_idx")]

    def __str__(self) -> str:
        return f"{self.application} {self.kind} {self.action}"


def upload_path(instance: Upload, filename: str) -> str:
    # The stored name is random: the original name is kept (sanitized) only as data.
    return f"permohonan/{instance.sha256[:2]}/{filename}"


class Upload(models.Model):
    """A scanned document for one requirement. A replacement supersedes, never deletes."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="uploads", verbose_name=_("permohonan"))
    requirement = models.CharField(_("persyaratan"), max_length=60)
    file = models.FileField(_("berkas"), upload_to=upload_path, max_length=200)
    content_type = models.CharField(_("jenis isi"), max_length=40)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(max_length=64)
    # Citizens name scans after themselves ("KTP Siti 6112...jpg"): encrypted, never a lookup.
    original_name = EncryptedTextField(_("nama asli"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("diunggah oleh"))
    uploaded_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)
    superseded = models.BooleanField(_("sudah diganti"), default=False)
    replaced_at = models.DateTimeField(_("diganti pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("berkas persyaratan")
        verbose_name_plural = _("berkas persyaratan")
        indexes = [models.Index(fields=["application", "superseded", "requirement"],
                                name="upload_current_idx")]

    def __str__(self) -> str:
        return f"{self.application} {self.requirement}"


class AssistanceConsent(models.Model):
    """A citizen's consent, given in person, that an operator applies on their behalf and
    handles their personal data for it (UU 27/2022 Pelindungan Data Pribadi, Pasal 20-22)."""

    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="assistance_consents", verbose_name=_("warga"))
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("operator"))
    statement = models.TextField(_("pernyataan"))
    given_at = models.DateTimeField(_("diberikan pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("persetujuan layanan dibantu")
        verbose_name_plural = _("persetujuan layanan dibantu")
        indexes = [models.Index(fields=["citizen", "-given_at"], name="consent_citizen_idx")]

    def __str__(self) -> str:
        return f"{self.citizen} → {self.operator}"
