"""The application receipt (tanda terima): a PDF, not signed, for the applicant to keep."""

from __future__ import annotations

from typing import Any

from balai.accounts.models import Office
from balai.documents.masking import mask_name
from balai.documents.rendering import render_pdf

RECEIPT_TEMPLATE = "documents/receipt.html"


def render_receipt(*, application: Any, applicant_name: str, office: Office,
                   service_name: str = "", status_url: str = "", channel_note: str = "") -> bytes:
    """The receipt of `application` (with .number, .submitted_at, .due_date) as PDF bytes.

    Only the masked name of the applicant is printed: a receipt is often left on a counter.
    """
    return render_pdf(RECEIPT_TEMPLATE, {
        "application": application,
        "applicant_name_masked": mask_name(applicant_name),
        "office": office,
        "service_name": service_name,
        "status_url": status_url,
        "channel_note": channel_note,
    })
