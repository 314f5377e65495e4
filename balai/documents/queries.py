"""Reads about issued documents."""

from __future__ import annotations

import re

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from balai.documents.models import IssuedDocument

_NOT_CODE = re.compile(r"[\s-]+")


def normalize_code(code: str) -> str:
    """A verification code as typed by a person: spaces and dashes dropped, upper case."""
    return _NOT_CODE.sub("", code).upper()


def get_document_by_code(code: str) -> IssuedDocument | None:
    """The document with this verification code, with what its public page shows."""
    return (IssuedDocument.objects.select_related("office", "revoked_by")
            .filter(code=normalize_code(code)).first())


def documents_for_source(source: models.Model) -> QuerySet[IssuedDocument]:
    """The documents issued for one record (an application, a tax receipt…), newest first."""
    return (IssuedDocument.objects.select_related("office")
            .filter(source_type=ContentType.objects.get_for_model(source),
                    source_id=str(source.pk))
            .order_by("-issued_at"))
