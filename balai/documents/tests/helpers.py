from __future__ import annotations

from typing import Any

from balai.accounts.models import Office, User
from balai.documents.actions import issue_document
from balai.documents.models import IssuedDocument

NUMBER_FORMAT = "AKL-{office}-{year}-{seq:06d}"


def issue(*, source: Any, office: Office, signer: User, **overrides: Any) -> IssuedDocument:
    arguments: dict[str, Any] = {
        "template": "documents/generic.html",
        "context": {"intro": "Telah dicatat kelahiran:",
                    "rows": [("Nama anak", "Putri Ayu Lestari"),
                             ("Tempat, tanggal lahir", "Sungai Raya, 17 Agustus 2025")]},
        "title": "Kutipan Akta Kelahiran",
        "number_format": NUMBER_FORMAT,
        "subject_name": "Putri Ayu Lestari",
    }
    arguments.update(overrides)
    return issue_document(source=source, office=office, signer=signer, **arguments)


def stored_bytes(document: IssuedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()
