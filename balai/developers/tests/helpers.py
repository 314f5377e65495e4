"""Helpers for the developer portal's tests: records made through the real actions."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from balai.accounts.models import Office, User
from balai.catalogue.actions import publish_definition
from balai.catalogue.models import ServiceDefinition
from balai.developers import actions
from balai.developers.models import AppKey, DeveloperApp

LEGALISIR = Path(__file__).resolve().parents[2] / "catalogue" / "services" / "legalisir-ijazah.yaml"
LEGALISIR_VALUES = {"nama_pemilik": "Nur Aisyah", "jenjang": "SMP",
                    "nama_sekolah": "SMP Negeri 1 Sungai Raya", "tahun_lulus": 2015,
                    "nomor_ijazah": "DN-13 Dl 0012345", "keperluan": "Melamar kerja"}


def legalisir_definition(office: Office) -> ServiceDefinition:
    """The real legalisir-ijazah service (the one the guide's examples use), for `office`."""
    data: dict[str, Any] = copy.deepcopy(yaml.safe_load(LEGALISIR.read_text()))
    data["office"] = office.code
    try:
        get_template(data["output"]["template"])
    except TemplateDoesNotExist:
        data["output"]["template"] = "documents/generic.html"
    return publish_definition(data=data, actor="sistem:uji")


def make_app(owner: User, **overrides: Any) -> DeveloperApp:
    fields: dict[str, Any] = {"name": "Aplikasi Warga", "description": "Memantau permohonan.",
                              "contact_email": "dev@contoh.id",
                              "callback_urls": ["https://contoh.id/callback"]}
    fields.update(overrides)
    return actions.register_app(owner=owner, **fields)


def make_key(app: DeveloperApp, *, kind: str = "test", scopes: str = "read write",
             rate: int = 120) -> tuple[AppKey, str]:
    return actions.create_key(app=app, actor=app.owner, kind=kind, name=f"kunci {kind}",
                              scopes=scopes, rate_per_minute=rate)


def bearer(secret: str, **extra: Any) -> dict[str, Any]:
    return {"Authorization": f"Bearer {secret}", **extra}
