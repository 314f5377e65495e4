"""The summary report of a closed consultation: every comment by section with the office's
answer, as CSV and as PDF (through balai.documents' letterhead). No commenter is named: the
report is public."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from balai.documents.rendering import render_pdf
from balai.participation import queries
from balai.participation.models import Consultation

REPORT_TEMPLATE = "participation/consultation_report_pdf.html"


def consultation_csv(consultation: Consultation) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Bagian"), _("Judul bagian"), _("No. tanggapan"), _("Tanggapan warga"),
                     _("Jawaban kantor")])
    for number, comment in enumerate(queries.consultation_report_rows(consultation), start=1):
        writer.writerow([comment.section.order, comment.section.heading, number, comment.body,
                         comment.response or _("(belum dijawab)")])
    return buffer.getvalue()


def consultation_pdf(consultation: Consultation) -> bytes:
    rows = queries.consultation_report_rows(consultation)
    return render_pdf(REPORT_TEMPLATE, {"consultation": consultation, "office":
                                        consultation.office, "rows": rows,
                                        "answered": sum(1 for r in rows if r.response)})
