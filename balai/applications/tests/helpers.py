"""Building applications for tests, through the real actions."""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path
from typing import Any

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone

from balai.accounts.models import Office, User
from balai.applications import actions
from balai.applications.models import Application
from balai.applications.uploads import check_upload
from balai.catalogue.actions import publish_definition
from balai.catalogue.models import ServiceDefinition
from balai.core.testing import make_nik

AKTA_YAML = (Path(__file__).resolve().parents[2] / "catalogue" / "services"
             / "akta-kelahiran.yaml")
AKTA: dict[str, Any] = yaml.safe_load(AKTA_YAML.read_text(encoding="utf-8"))


def _pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _image_bytes(fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format=fmt)
    return buffer.getvalue()


# Small but real files (uploads are parsed and re-encoded, not only sniffed).
PDF = _pdf_bytes()
PNG = _image_bytes("PNG")
JPEG = _image_bytes("JPEG")
EXE = b"MZ\x90\x00" + b"\x00" * 64


def akta_definition(office: Office, **overrides: Any) -> ServiceDefinition:
    """The real akta-kelahiran definition, published for `office`."""
    data = copy.deepcopy(AKTA)
    data["office"] = office.code
    data["code"] = overrides.pop("code", f"akta-kelahiran-{office.code}")
    try:
        get_template(data["output"]["template"])
    except TemplateDoesNotExist:
        data["output"]["template"] = "documents/generic.html"
    data.update(overrides)
    return publish_definition(data=data, actor="sistem:uji")


def akta_values(**overrides: Any) -> dict[str, str]:
    """Valid form values (as posted) for the akta-kelahiran form."""
    values = {
        "nama_anak": "Nur Aisyah", "jenis_kelamin": "P",
        "tanggal_lahir": (timezone.localdate() - dt.timedelta(days=10)).isoformat(),
        "tempat_lahir": "Sungai Raya",
        "nik_ayah": make_nik(gender="L", birth_date=dt.date(1988, 5, 4)),
        "nama_ayah": "Ahmad Fauzi",
        "nik_ibu": make_nik(gender="P", birth_date=dt.date(1990, 8, 17)),
        "nama_ibu": "Siti Aminah", "nomor_kk": "6112010101200001",
    }
    values.update(overrides)
    return values


def pdf_file(name: str = "scan.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_draft(applicant: User, definition: ServiceDefinition, *, uploads: bool = True,
               operator: User | None = None) -> Application:
    draft = actions.save_draft(applicant=applicant, definition=definition, data=akta_values(),
                               step=2, actor=operator or applicant)
    if uploads:
        for requirement in definition.spec.requirements:
            checked = check_upload(io.BytesIO(PDF), name=f"{requirement.code}.pdf",
                                   size=len(PDF), requirement=requirement)
            actions.attach_upload(application=draft, requirement=requirement.code,
                                  file=io.BytesIO(PDF), checked=checked,
                                  actor=operator or applicant)
    return draft


def make_submitted(applicant: User, definition: ServiceDefinition, *, key: str = "",
                   operator: User | None = None) -> Application:
    draft = make_draft(applicant, definition, operator=operator)
    return actions.submit_application(draft=draft, actor=operator or applicant,
                                      idempotency_key=key or f"kunci-uji-{draft.pk:010d}")


def act(application: Application, action: str, actor: User, **kwargs: Any) -> Application:
    application.refresh_from_db()
    return actions.take_action(application=application, action=action, actor=actor,
                               expected_version=application.version, **kwargs)
