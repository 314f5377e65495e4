"""Checking files people upload, for every app (application scans, complaint photos, ...).

Nothing the sender chooses is trusted: the type is decided by the file's first bytes (never its
name or declared content type), the size is counted, images are decoded and re-encoded with
Pillow (metadata such as EXIF/GPS and anything appended after the image are dropped), and PDFs
must parse with pypdf, be unencrypted and carry no active content (JavaScript, automatic
actions, launch actions, embedded files). The caller stores the *cleaned* bytes under a name it
generates; the sender's file name is only ever shown, after `display_name()`.

    clean = inspect_upload(file, name=f.name, formats=("jpg", "png"), max_bytes=5 * MB)
    photo.file.save(f"{secrets.token_hex(16)}.{clean.format}", ContentFile(clean.content))

Refusals raise UploadRejected (a ValidationError) with a stable `code` and an Indonesian
message; the API reports the code.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
import warnings
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger("balai.security")

MB = 1024 * 1024
# An image larger than this many pixels is refused before it is decoded (decompression bombs).
MAX_PIXELS = 40_000_000

# Magic numbers: PDF 1.x/2.0 ("%PDF-"), PNG (its 8-byte signature), JPEG (SOI + a marker).
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
)
CONTENT_TYPES = {fmt: content_type for _magic, fmt, content_type in SIGNATURES}
FORMAT_NAMES = {"pdf": "PDF", "png": "PNG", "jpg": "JPG"}
IMAGE_FORMATS = {"png": "PNG", "jpg": "JPEG"}

# Names in a PDF that make it do something when opened or carry other files.
PDF_ACTIVE_KEYS = {"/JavaScript", "/JS", "/OpenAction", "/AA", "/Launch", "/EmbeddedFile",
                   "/EmbeddedFiles", "/RichMedia", "/XFA", "/SubmitForm", "/ImportData"}
PDF_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE",
                      "/RichMediaExecute"}


class UploadRejected(ValidationError):
    """A refused upload. `code` is stable (empty, too_large, bad_format, format_not_accepted,
    unreadable_image, image_too_large, unreadable_pdf, encrypted_pdf, active_pdf)."""


@dataclass(frozen=True)
class CleanFile:
    """An accepted upload: the bytes to store (re-encoded for images) and what they are."""

    content: bytes
    format: str
    content_type: str
    sha256: str
    display_name: str

    @property
    def size(self) -> int:
        return len(self.content)


def sniff(head: bytes) -> str | None:
    """The format named by a file's first bytes, or None if it is none we accept."""
    for magic, fmt, _content_type in SIGNATURES:
        if head.startswith(magic):
            return fmt
    return None


def display_name(name: str, *, limit: int = 120) -> str:
    """A display-safe version of the sender's file name: no directories (either slash), no
    "..", no control or markup characters, at most `limit` characters. Never used as a path."""
    name = unicodedata.normalize("NFKC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^\w.\- ()]+", "_", name)
    name = re.sub(r"\.{2,}", ".", name).strip(" ._") or "berkas"
    if len(name) > limit:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: limit - len(ext) - 1] + "." + ext) if dot and len(ext) <= 5 else name[:limit]
    return name


def formats_text(formats: tuple[str, ...] | list[str]) -> str:
    return ", ".join(FORMAT_NAMES.get(f, f.upper()) for f in formats)


def _read_limited(file: IO[bytes], max_bytes: int, label: str) -> bytes:
    file.seek(0)
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadRejected(
            _("Berkas %(label)s terlalu besar. Ukuran paling besar %(max)s MB.")
            % {"label": label, "max": f"{max_bytes / MB:g}"}, code="too_large")
    return data


def _clean_image(data: bytes, fmt: str, label: str) -> bytes:
    from PIL import Image, ImageOps, UnidentifiedImageError

    unreadable = UploadRejected(
        _("Gambar %(label)s tidak dapat dibaca. Ambil ulang foto atau pindai ulang berkasnya.")
        % {"label": label}, code="unreadable_image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != IMAGE_FORMATS[fmt]:
                    raise unreadable
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise UploadRejected(
                        _("Gambar %(label)s terlalu besar (%(w)d × %(h)d piksel).")
                        % {"label": label, "w": width, "h": height}, code="image_too_large")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                if fmt == "jpg":
                    image = image.convert("RGB")
                elif image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
                    image = image.convert("RGBA")
                out = io.BytesIO()
                # A fresh file: pixels only, no EXIF/XMP/ICC/text chunks, nothing appended.
                if fmt == "jpg":
                    image.save(out, format="JPEG", quality=90, optimize=True)
                else:
                    image.save(out, format="PNG", optimize=True)
                return out.getvalue()
    except UploadRejected:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise unreadable from error


def _pdf_objects(reader: object) -> list[object]:
    from pypdf.generic import IndirectObject

    objects = []
    for generation, numbers in getattr(reader, "xref", {}).items():
        for number in numbers:
            objects.append(IndirectObject(number, generation, reader))
    for number in getattr(reader, "xref_objStm", {}):
        objects.append(IndirectObject(number, 0, reader))
    return objects


def _check_pdf(data: bytes, label: str) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import DictionaryObject

    unreadable = UploadRejected(
        _("Berkas PDF %(label)s rusak atau tidak dapat dibaca. Simpan ulang sebagai PDF lalu "
          "unggah lagi.") % {"label": label}, code="unreadable_pdf")
    active = UploadRejected(
        _("Berkas PDF %(label)s berisi skrip, tindakan otomatis, atau berkas sisipan, yang "
          "tidak diterima demi keamanan. Cetak ulang ke PDF biasa (misalnya lewat \"Cetak ke "
          "PDF\") lalu unggah lagi.") % {"label": label}, code="active_pdf")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRejected(
                _("Berkas PDF %(label)s dikunci dengan kata sandi. Unggah PDF tanpa kata sandi.")
                % {"label": label}, code="encrypted_pdf")
        if len(reader.pages) < 1:
            raise unreadable
        root = reader.trailer["/Root"].get_object()
        if not isinstance(root, DictionaryObject):
            raise unreadable
        for reference in _pdf_objects(reader):
            try:
                obj = reference.get_object()  # type: ignore[attr-defined]
            except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
                continue  # a dangling entry in the cross-reference table is not content
            if isinstance(obj, DictionaryObject):
                if PDF_ACTIVE_KEYS & set(obj.keys()):
                    raise active
                if obj.get("/S") in PDF_ACTIVE_ACTIONS:
                    raise active
    except UploadRejected:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError) as error:
        raise unreadable from error
    # Names hidden where the parser does not look (broken objects, incremental updates).
    if re.search(rb"/(JavaScript|Launch|EmbeddedFile|OpenAction|RichMedia)\b", data):
        raise active


def inspect_upload(file: IO[bytes], *, name: str, formats: tuple[str, ...] | list[str],
                   max_bytes: int, label: str = "") -> CleanFile:
    """Check an upload and return the bytes to store, or raise UploadRejected (logged to the
    balai.security logger with its code; never the file's name or content).

    `formats` are the accepted ones ("pdf", "png", "jpg"); `label` names the file in messages.
    """
    try:
        return _inspect(file, name=name, formats=formats, max_bytes=max_bytes, label=label)
    except UploadRejected as error:
        logger.warning("upload refused code=%s accepted=%s", error.code, ",".join(formats))
        raise


def _inspect(file: IO[bytes], *, name: str, formats: tuple[str, ...] | list[str],
             max_bytes: int, label: str) -> CleanFile:
    label = label or _("yang diunggah")
    data = _read_limited(file, max_bytes, label)
    file.seek(0)
    if not data:
        raise UploadRejected(_("Berkas %(label)s kosong. Pilih berkas lain.") % {"label": label},
                             code="empty")
    fmt = sniff(data[:16])
    if fmt is None:
        raise UploadRejected(
            _("Berkas %(label)s bukan %(formats)s. Isi berkas tidak sesuai dengan jenis yang "
              "diterima, apa pun nama berkasnya.")
            % {"label": label, "formats": formats_text(formats)}, code="bad_format")
    if fmt not in formats:
        raise UploadRejected(
            _("Berkas %(label)s berformat %(found)s; yang diterima hanya %(formats)s.")
            % {"label": label, "found": FORMAT_NAMES[fmt], "formats": formats_text(formats)},
            code="format_not_accepted")
    if fmt == "pdf":
        _check_pdf(data, label)
        content = data
    else:
        content = _clean_image(data, fmt, label)
    return CleanFile(content=content, format=fmt, content_type=CONTENT_TYPES[fmt],
                     sha256=hashlib.sha256(content).hexdigest(), display_name=display_name(name))


def attachment_headers(response: object, *, filename: str) -> None:
    """Headers every download of an uploaded file carries: saved, never rendered inline or
    sniffed, never cached by a shared proxy."""
    response["Content-Disposition"] = f'attachment; filename="{display_name(filename)}"'  # type: ignore[index]
    response["X-Content-Type-Options"] = "nosniff"  # type: ignore[index]
    response["Cache-Control"] = "private, no-store"  # type: ignore[index]
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"  # type: ignore[index]


def store_clean_content(file: IO[bytes], clean: CleanFile) -> None:
    """Put the cleaned bytes back into the uploaded file object, so that a caller that stores
    `file` stores what was checked (the re-encoded image), not what was sent."""
    file.seek(0)
    if hasattr(file, "truncate"):
        file.truncate()
    file.write(clean.content)
    file.seek(0)
    if hasattr(file, "size"):
        file.size = clean.size  # type: ignore[attr-defined]
