"""What an uploaded scan really is: decided by its bytes, never by its name or the type the
browser declares (both are chosen by the sender). The checks themselves are shared by every app
and live in balai/core/uploads.py: magic bytes, size, images re-encoded (metadata and appended
payloads dropped), PDFs parsed and refused when encrypted or active."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from balai.catalogue.spec import Requirement
from balai.core.uploads import (
    CONTENT_TYPES,
    FORMAT_NAMES,
    UploadRejected,
    display_name,
    inspect_upload,
    logger,
    sniff,
    store_clean_content,
)

__all__ = ["CONTENT_TYPES", "FORMAT_NAMES", "CheckedFile", "check_upload", "sanitize_name",
           "sniff"]


@dataclass(frozen=True)
class CheckedFile:
    format: str
    content_type: str
    size: int
    sha256: str
    original_name: str


def sanitize_name(name: str, *, limit: int = 120) -> str:
    """A display-safe version of the sender's file name: no path, no control characters."""
    return display_name(name, limit=limit)


def check_upload(file: IO[bytes], *, name: str, size: int, requirement: Requirement) -> CheckedFile:
    """Check one upload against its requirement; ValidationError with an Indonesian message.

    The file object is rewritten with the cleaned content (a re-encoded image), so whoever
    stores it afterwards stores exactly what was checked; size and sha256 describe that content.
    """
    label = requirement.name.get()
    if size == 0:
        raise ValidationError(_("Berkas %(label)s kosong. Pilih berkas lain.") % {"label": label},
                              code="empty")
    limit = int(requirement.max_mb * 1024 * 1024)
    if size > limit:
        logger.warning("upload refused code=too_large accepted=%s", ",".join(requirement.formats))
        raise ValidationError(
            _("Berkas %(label)s terlalu besar (%(size).1f MB). Ukuran paling besar %(max)s MB.")
            % {"label": label, "size": size / 1024 / 1024, "max": f"{requirement.max_mb:g}"},
            code="too_large")
    try:
        clean = inspect_upload(file, name=name, formats=tuple(requirement.formats),
                               max_bytes=limit, label=label)
    except UploadRejected as error:
        raise ValidationError(error.messages[0], code=error.code) from None
    if clean.format != "pdf":
        store_clean_content(file, clean)
    return CheckedFile(format=clean.format, content_type=clean.content_type, size=clean.size,
                       sha256=clean.sha256, original_name=clean.display_name)
