"""Complaint photos, checked by balai.core.uploads: the type is decided by the bytes, the image
is decoded and re-encoded (so EXIF and GPS metadata, which could identify an anonymous
reporter's phone or home, never reach the officers), and only the cleaned bytes are stored."""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _

from balai.core.uploads import MB, CleanFile, inspect_upload

MAX_PHOTOS = 3
MAX_PHOTO_MB = 5
PHOTO_FORMATS = ("jpg", "png")


def check_photo(file: IO[bytes], *, name: str = "") -> CleanFile:
    """The cleaned photo, or UploadRejected (a ValidationError) with a stable code."""
    return inspect_upload(file, name=name or "foto", formats=PHOTO_FORMATS,
                          max_bytes=MAX_PHOTO_MB * MB, label=_("foto"))
