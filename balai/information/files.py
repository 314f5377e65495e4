"""Checks of files published in the catalogue or delivered with an answer: PDF, PNG, JPG
(recognised by their first bytes, whatever their name) or CSV text, at most 10 MB."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from balai.applications.uploads import CONTENT_TYPES, sanitize_name, sniff

MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str
    original_name: str


def check_file(file: IO[bytes], *, name: str, size: int) -> CheckedFile:
    if size == 0:
        raise ValidationError(_("Berkas %(name)s kosong.") % {"name": name}, code="empty")
    if size > MAX_BYTES:
        raise ValidationError(_("Berkas %(name)s lebih dari 10 MB.") % {"name": name},
                              code="too_large")
    file.seek(0)
    head = file.read(16)
    fmt = sniff(head)
    if fmt is not None:
        content_type = CONTENT_TYPES[fmt]
    elif name.lower().endswith(".csv") and _is_text(file):
        content_type = "text/csv"
    else:
        raise ValidationError(_("Berkas %(name)s bukan PDF, JPG, PNG atau CSV.") % {"name": name},
                              code="bad_format")
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return CheckedFile(content_type=content_type, size=size, sha256=digest.hexdigest(),
                       original_name=sanitize_name(name))


def _is_text(file: IO[bytes]) -> bool:
    file.seek(0)
    try:
        file.read(64 * 1024).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
