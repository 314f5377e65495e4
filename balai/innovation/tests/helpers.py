"""Files and records for the innovation tests: small but real PDFs and images (uploads are
parsed and re-encoded, not only sniffed), and an innovation made through the actions."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from balai.core.uploads import MB, inspect_upload


def pdf_bytes(javascript: bool = False) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if javascript:
        from pypdf.generic import DictionaryObject, NameObject, TextStringObject

        script = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                   NameObject("/JS"): TextStringObject("app.alert('x');")})
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(script)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    return buffer.getvalue()


EXE = b"MZ\x90\x00" + b"\x00" * 64


def upload(name: str = "sk.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content)


def clean_pdf() -> Any:
    return inspect_upload(io.BytesIO(pdf_bytes()), name="sk.pdf", formats=("pdf",),
                          max_bytes=MB)


def make_innovation(office: Any, *, name: str = "Adminduk Keliling", evidence: bool = False,
                    **fields: Any) -> Any:
    from balai.innovation import actions

    values = {"summary": "Petugas datang ke desa.", "problem": "Desa jauh dari kantor.",
              "form": "non_digital", "category": "pelayanan_publik",
              "started_on": dt.date(2024, 1, 15)}
    values.update(fields)
    return actions.create_innovation(
        actor="sistem:uji", office=office, name=name,
        evidence=[("SK Bupati", clean_pdf())] if evidence else [], **values)
