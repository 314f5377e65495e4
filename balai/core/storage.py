"""Uploaded and issued files encrypted at rest: a storage that wraps another one.

settings.STORAGES["default"] is
    {"BACKEND": "balai.core.storage.EncryptedStorage",
     "OPTIONS": {"inner": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}}
and every file is kept in the inner storage as

    MAGIC || key id length (1 byte) || key id || nonce (12 bytes) || AES-GCM(content)

with the data keys of balai.core.crypto (BALAI_DATA_KEYS; the first key encrypts). Files are
read through `open()`, which decrypts; there is deliberately no public URL: files are served
only by permission-checked views. `manage.py rotate_keys` re-encrypts files under the newest
key (see rewrap()).
"""

from __future__ import annotations

import contextlib
import os
from typing import IO, Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages
from django.utils.deconstruct import deconstructible
from django.utils.module_loading import import_string

from balai.core import crypto

MAGIC = b"BALAI-ENC1\n"
AAD = b"balai-file"


class FileDecryptionError(Exception):
    """A stored file does not verify: tampered, truncated, or under an unknown key."""


def seal(content: bytes) -> bytes:
    key_id, ring = crypto._ring()
    nonce = os.urandom(crypto.NONCE_BYTES)
    sealed = ring[key_id].encrypt(nonce, content, AAD)
    encoded_id = key_id.encode()
    return MAGIC + bytes([len(encoded_id)]) + encoded_id + nonce + sealed


def key_id_of_blob(blob: bytes) -> str | None:
    """The key id a stored file is encrypted under; None for a plaintext (legacy) file."""
    if not blob.startswith(MAGIC):
        return None
    length = blob[len(MAGIC)]
    return blob[len(MAGIC) + 1:len(MAGIC) + 1 + length].decode()


def unseal(blob: bytes) -> bytes:
    key_id = key_id_of_blob(blob)
    if key_id is None:
        # A file stored before encryption was switched on: readable until rotate_keys
        # encrypts it.
        return blob
    start = len(MAGIC) + 1 + len(key_id.encode())
    nonce, sealed = blob[start:start + crypto.NONCE_BYTES], blob[start + crypto.NONCE_BYTES:]
    aead = crypto._ring()[1].get(key_id)
    if aead is None:
        raise FileDecryptionError(f"unknown key id {key_id!r}")
    try:
        return aead.decrypt(nonce, sealed, AAD)
    except Exception as exc:
        raise FileDecryptionError("stored file does not verify") from exc


def _inner_storage(inner: Any) -> Storage:
    if isinstance(inner, Storage):
        return inner
    if isinstance(inner, str):
        if inner in getattr(storages, "backends", {}):
            return storages[inner]
        return import_string(inner)()
    backend = import_string(inner["BACKEND"])
    return backend(**inner.get("OPTIONS", {}))


@deconstructible(path="balai.core.storage.EncryptedStorage")
class EncryptedStorage(Storage):
    """Encrypts on save and decrypts on open; names, listing and deletion pass through."""

    def __init__(self, inner: Any = "django.core.files.storage.FileSystemStorage") -> None:
        self._inner_spec = inner
        self.inner = _inner_storage(inner)

    # Django's Storage API --------------------------------------------------------------

    def _open(self, name: str, mode: str = "rb") -> File[Any]:
        if "w" in mode or "a" in mode:
            raise ValueError("EncryptedStorage files are written with save()")
        with self.inner.open(name, "rb") as handle:
            blob = handle.read()
        return ContentFile(unseal(blob), name=name)

    def _save(self, name: str, content: IO[Any]) -> str:
        if hasattr(content, "seek"):
            content.seek(0)
        data = content.read()
        if isinstance(data, str):
            data = data.encode()
        existed = self.inner.exists(name)
        try:
            return self.inner.save(name, ContentFile(seal(data)), max_length=None)
        except OSError:
            # A full disk (ENOSPC) leaves the part written so far: remove it, unless the name
            # was taken before (then the inner storage wrote under another name).
            if not existed and self.inner.exists(name):
                with contextlib.suppress(OSError):
                    self.inner.delete(name)
            raise

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return self.inner.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename: str) -> str:
        return self.inner.generate_filename(filename)

    def delete(self, name: str) -> None:
        self.inner.delete(name)

    def exists(self, name: str) -> bool:
        return self.inner.exists(name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return self.inner.listdir(path)

    def size(self, name: str) -> int:
        with self.open(name) as handle:
            return len(handle.read())

    def url(self, name: str | None) -> str:
        # No public address: files are served, decrypted, only by permission-checked views.
        # An empty string keeps generic widgets (the admin's file display) from failing.
        return ""

    def get_accessed_time(self, name: str) -> Any:
        return self.inner.get_accessed_time(name)

    def get_created_time(self, name: str) -> Any:
        return self.inner.get_created_time(name)

    def get_modified_time(self, name: str) -> Any:
        return self.inner.get_modified_time(name)

    # Key rotation ----------------------------------------------------------------------

    def stored_key_id(self, name: str) -> str | None:
        with self.inner.open(name, "rb") as handle:
            return key_id_of_blob(handle.read(len(MAGIC) + 1 + 255))

    def rewrap(self, name: str) -> str:
        """Re-encrypt one file under the current key; returns its (possibly new) name.

        The new copy is written first under a free name, so a crash leaves the old file
        intact (the caller points the record to the new name, then deletes the old one).
        """
        with self.inner.open(name, "rb") as handle:
            plaintext = unseal(handle.read())
        return self.inner.save(name, ContentFile(seal(plaintext)), max_length=None)
