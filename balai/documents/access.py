"""Fetching an issued document's file with a permission check."""

from __future__ import annotations

from typing import Any

from balai.accounts.models import OfficeRole
from balai.documents.models import IssuedDocument
from balai.documents.queries import normalize_code


def _owns_source(user: Any, source: Any) -> bool:
    # The source app decides: a `document_access_allowed(user)` method, or else the
    # `applicant_id` convention of applications.
    check = getattr(source, "document_access_allowed", None)
    if callable(check):
        return bool(check(user))
    applicant_id = getattr(source, "applicant_id", None)
    return applicant_id is not None and applicant_id == user.pk


def document_for_user(user: Any, code: str) -> IssuedDocument | None:
    """The document if `user` may download its file, else None (the caller answers 404).

    Allowed: its signer, staff, officers of the issuing office, and the owner of the source
    record.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    document = (IssuedDocument.objects.select_related("office")
                .filter(code=normalize_code(code)).first())
    if document is None:
        return None
    if user.is_staff or document.signed_by_id == user.pk:
        return document
    if OfficeRole.objects.filter(user=user, office_id=document.office_id).exists():
        return document
    return document if _owns_source(user, document.source) else None
