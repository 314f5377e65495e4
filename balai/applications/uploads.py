"""What an uploaded file really is: decided by its first bytes, never by its name or the type
the browser declares (both are chosen by the sender)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from balai.catalogue.spec import Requirement

# Magic numbers: PDF 1.x/2.0 ("%PDF-"), PNG (its 8-byte signature), JPEG (SOI + a marker).
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
)
CONTENT_TYPES = {fmt: content_type for _magic, fmt, content_type in SIGNATURES}
FORMAT_NAMES = {"pdf": "PDF", "png": "PNG", "jpg": "JPG"}


@dataclass(frozen=True)
class CheckedFile:
    format: str
    content_type: str
    size: int
    sha256: str
    original_name: str


def sniff(head: bytes) -> str | None:
    """The format named by a file's first bytes, or None if it is none we accept."""
    for magic, fmt, _content_type in SIGNATURES:
        if head.startswith(magic):
            return fmt
    return None


def sanitize_name(name: str, *, limit: int = 120) -> str:
    """A display-safe version of the sender's file name: no path, no control characters."""
    name = unicodedata.normalize("NFKC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" ._") or "berkas"
    if len(name) > limit:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: limit - len(ext) - 1] + "." + ext) if dot and len(ext) <= 5 else name[:limit]
    return name


def _formats_text(formats: tuple[str, ...]) -> str:
    return ", ".join(FORMAT_NAMES.get(f, f.upper()) for f in formats)


def check_upload(file: IO[bytes], *, name: str, size: int, requirement: Requirement) -> CheckedFile:
    """Check one upload against its requirement; ValidationError with an Indonesian message."""
    label = requirement.name.get()
    if size == 0:
        raise ValidationError(_("Berkas %(label)s kosong. Pilih berkas lain.") % {"label": label},
                              code="empty")
    limit = int(requirement.max_mb * 1024 * 1024)
    if size > limit:
        raise ValidationError(
            _("Berkas %(label)s terlalu besar (%(size).1f MB). Ukuran paling besar %(max)s MB.")
            % {"label": label, "size": size / 1024 / 1024, "max": f"{requirement.max_mb:g}"},
            code="too_large")
    file.seek(0)
    head = file.read(16)
    fmt = sniff(head)
    if fmt is None:
        raise ValidationError(
            _("Berkas %(label)s bukan %(formats)s. Isi berkas tidak sesuai dengan jenis yang "
              "diterima, apa pun nama berkasnya.")
            % {"label": label, "formats": _formats_text(requirement.formats)},
            code="bad_format")
    if fmt not in requirement.formats:
        raise ValidationError(
            _("Berkas %(label)s berformat %(found)s; yang diterima hanya %(formats)s.")
            % {"label": label, "found": FORMAT_NAMES[fmt],
               "formats": _formats_text(requirement.formats)},
            code="format_not_accepted")
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return CheckedFile(format=fmt, content_type=CONTENT_TYPES[fmt], size=size,
                       sha256=digest.hexdigest(), original_name=sanitize_name(name))
