"""Issued documents: public verification data, and the signed PDF for those allowed to have
it. Calls balai.documents.queries and access."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from ninja import Router, Schema

from balai.api.auth import AUTHENTICATED, OPTIONAL, OPTIONAL_OPENAPI, caller_user
from balai.api.errors import errors
from balai.api.v1_services import OfficeOut
from balai.documents import queries
from balai.documents.access import document_for_user
from balai.documents.actions import verification_url

router = Router(tags=["dokumen"])


class DocumentOut(Schema):
    code: str
    number: str
    title: str
    office: OfficeOut
    subject_name_masked: str
    issued_at: dt.datetime
    signer_name: str
    signer_role: str
    valid: bool
    status: str
    revoked_at: dt.datetime | None
    revocation_reason: str
    sha256: str
    verification_url: str


@router.get("/documents/{code}", url_name="document_detail", auth=OPTIONAL,
            response={200: DocumentOut, **errors(401, 404)}, openapi_extra=OPTIONAL_OPENAPI,
            summary="Verify an issued document",
            description="What was issued under this verification code, for whom (masked), when, "
                        "by which office and signer, and whether it is still valid; compare "
                        "sha256 with the file you hold. Added in v1.")
def document_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    document = queries.get_document_by_code(code)
    if document is None:
        raise Http404
    return {
        "code": document.code, "number": document.number, "title": document.title,
        "office": {"code": document.office.code, "name": document.office.name},
        "subject_name_masked": document.subject_name_masked, "issued_at": document.issued_at,
        "signer_name": document.signer_name, "signer_role": document.signer_role,
        "valid": not document.is_revoked,
        "status": "dicabut" if document.is_revoked else "sah",
        "revoked_at": document.revoked_at, "revocation_reason": document.revocation_reason,
        "sha256": document.sha256, "verification_url": verification_url(document.code),
    }


PDF_RESPONSE = {"responses": {200: {
    "description": "The signed PDF.",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}}}


@router.get("/documents/{code}/pdf", url_name="document_pdf", auth=AUTHENTICATED,
            response={200: None, **errors(401, 404)}, openapi_extra=PDF_RESPONSE,
            summary="Download an issued document",
            description="The signed PDF, for the applicant it was issued to, its signer and "
                        "officers of the issuing office. Added in v1.")
def document_pdf(request: HttpRequest, code: str) -> FileResponse:
    document = document_for_user(caller_user(request), code)
    if document is None:
        raise Http404
    filename = document.number.replace("/", "-") + ".pdf"
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=filename,
                            content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response
