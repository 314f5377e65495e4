"""The receipt (tanda terima) of a submitted application as PDF, through the documents app's
letterhead template (balai.documents.receipts)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from balai.applications.models import Application
from balai.documents.receipts import render_receipt


def receipt_pdf(application: Application, *, status_url: str) -> bytes:
    spec = application.definition.spec
    channel_note = ""
    if application.operator_id:
        channel_note = _("Diajukan dengan bantuan operator layanan %(name)s.") % {
            "name": application.operator.full_name}  # type: ignore[union-attr]
    return render_receipt(application=application, applicant_name=application.applicant.full_name,
                          office=application.office, service_name=spec.name.get(),
                          status_url=status_url, channel_note=channel_note)
