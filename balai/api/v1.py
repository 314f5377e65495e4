"""The open REST API of Balai, version 1, at /api/v1/ (OpenAPI at /api/v1/openapi.json).

Each domain's endpoints live in balai/api/v1_<domain>.py as a Router and call that domain's
actions and queries; this module only assembles them. See docs/howto/api.md.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja import Schema

from balai.api import (
    v1_access_points,
    v1_applications,
    v1_competitions,
    v1_complaints,
    v1_documents,
    v1_health,
    v1_information,
    v1_ledger,
    v1_literacy,
    v1_opendata,
    v1_participation,
    v1_payments,
    v1_sandbox,
    v1_services,
    v1_taxes,
    v1_transparency,
)
from balai.api.errors import ErrorOut, StructuredAPI, errors, install_error_handlers
from balai.api.throttling import THROTTLES

api = StructuredAPI(
    title="Balai API",
    version="1",
    description=(
        "API terbuka Balai untuk pengembang lokal: katalog layanan, permohonan, pelacakan status. "
        "Semua galat berbentuk {code, message, details} dengan kode yang stabil."
    ),
    urls_namespace="api-v1",
    throttle=THROTTLES,
)
install_error_handlers(api)
api.add_router("", v1_services.router)
api.add_router("", v1_applications.router)
api.add_router("", v1_documents.router)
api.add_router("", v1_information.router)
api.add_router("", v1_opendata.router)
api.add_router("", v1_transparency.router)
api.add_router("", v1_complaints.router)
api.add_router("", v1_participation.router)
api.add_router("", v1_literacy.router)
api.add_router("", v1_health.router)
api.add_router("", v1_ledger.router)
api.add_router("", v1_taxes.router)
api.add_router("", v1_payments.router)
api.add_router("", v1_access_points.router)
api.add_router("", v1_sandbox.router)
api.add_router("", v1_competitions.router)


class AboutOut(Schema):
    name: str
    version: str
    regency: str
    openapi: str


@api.get("/", response={200: AboutOut, **errors()}, tags=["meta"], summary="About this API",
         description="Name, version and the regency of this installation. Added in v1.")
def about(request: HttpRequest) -> dict[str, str]:
    return {"name": "Balai API", "version": "1", "regency": settings.BALAI_REGENCY_NAME,
            "openapi": "/api/v1/openapi.json"}


__all__ = ["api", "ErrorOut"]
