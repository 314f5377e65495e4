"""Encryption of personal data at rest (AES-GCM) and keyed blind indexes (HMAC-SHA256).

A ciphertext is "<key id>:<base64(nonce || ciphertext+tag)>", so that any key in the ring can
decrypt what it encrypted and the first key encrypts everything new (key rotation).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NONCE_BYTES = 12


class DecryptionError(Exception):
    """A value could not be decrypted: unknown key id, or tampered ciphertext."""


@lru_cache(maxsize=4)
def _parse_ring(spec: str) -> tuple[str, dict[str, AESGCM]]:
    ring: dict[str, AESGCM] = {}
    current = ""
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        key_id, sep, encoded = part.partition(":")
        if not sep or not key_id.isalnum():
            raise ImproperlyConfigured("BALAI_DATA_KEYS entries must look like 'id:base64key'")
        try:
            key = base64.b64decode(encoded, validate=True)
        except ValueError:
            raise ImproperlyConfigured(f"BALAI_DATA_KEYS key {key_id!r} is not base64") from None
        if len(key) != 32:
            raise ImproperlyConfigured(f"BALAI_DATA_KEYS key {key_id!r} must be 32 bytes")
        ring[key_id] = AESGCM(key)
        current = current or key_id
    if not ring:
        raise ImproperlyConfigured("BALAI_DATA_KEYS holds no key")
    return current, ring


def _ring() -> tuple[str, dict[str, AESGCM]]:
    return _parse_ring(settings.BALAI_DATA_KEYS)


def current_key_id() -> str:
    return _ring()[0]


def encrypt(plaintext: str, *, context: bytes = b"") -> str:
    key_id, ring = _ring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = ring[key_id].encrypt(nonce, plaintext.encode(), context or None)
    return f"{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt(token: str, *, context: bytes = b"") -> str:
    key_id, _, encoded = token.partition(":")
    aead = _ring()[1].get(key_id)
    if aead is None:
        raise DecryptionError(f"unknown key id {key_id!r}")
    try:
        raw = base64.b64decode(encoded)
        return aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context or None).decode()
    except Exception as exc:
        raise DecryptionError("ciphertext does not verify") from exc


def key_id_of(token: str) -> str:
    return token.partition(":")[0]


@lru_cache(maxsize=4)
def _index_key(spec: str) -> bytes:
    try:
        key = base64.b64decode(spec, validate=True)
    except ValueError:
        raise ImproperlyConfigured("BALAI_INDEX_KEY is not base64") from None
    if len(key) < 32:
        raise ImproperlyConfigured("BALAI_INDEX_KEY must be at least 32 bytes")
    return key


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed, deterministic digest for exact look-ups (by NIK, by phone) without plaintext."""
    key = _index_key(settings.BALAI_INDEX_KEY)
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
