"""The encrypted backup archive: a tar stream sealed in AES-GCM chunks.

Layout of an archive file:

    header  = MAGIC || version (1 byte) || key id length (1 byte) || key id || salt (16 bytes)
              || key check (16 bytes)
    chunk*  = ciphertext length (4 bytes, big endian) || AES-GCM(plaintext chunk)

The archive key is derived with HKDF-SHA256 from the backup key (BALAI_BACKUP_KEYS, chosen by
its id) and the archive's random salt, so that no two archives share a key and the chunk nonce
can be a counter: 11 bytes of chunk number and 1 byte that is 1 only on the last chunk (the
STREAM construction). Every chunk authenticates the header as associated data. So a changed
byte anywhere, chunks swapped, dropped or cut off at the end all fail authentication, and a
wrong key is told apart from a tampered archive by the key check (16 more bytes of the HKDF
output, which say nothing about the key itself). Plaintext is processed one chunk (1 MiB) at a
time: an archive of any size never sits in memory.
"""

from __future__ import annotations

import base64
import hmac
import io
import os
import struct
from functools import lru_cache
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"BALAIBAK"
VERSION = 1
SALT_BYTES = 16
CHECK_BYTES = 16
CHUNK_BYTES = 1024 * 1024
TAG_BYTES = 16
_LENGTH = struct.Struct(">I")


class ArchiveError(Exception):
    """The archive cannot be read: not an archive, wrong or unknown key, or tampered."""


class BackupKeyError(ArchiveError):
    """BALAI_BACKUP_KEYS is missing or malformed."""


@lru_cache(maxsize=4)
def parse_keys(spec: str | None) -> tuple[str, dict[str, bytes]]:
    """"id:base64(32 bytes)" pairs, comma-separated; the first one encrypts, all decrypt."""
    keys: dict[str, bytes] = {}
    current = ""
    for part in (spec or "").split(","):
        part = part.strip()
        if not part:
            continue
        key_id, sep, encoded = part.partition(":")
        if not sep or not key_id.isalnum() or len(key_id) > 32:
            raise BackupKeyError("BALAI_BACKUP_KEYS: setiap kunci harus berbentuk 'id:base64'")
        try:
            key = base64.b64decode(encoded, validate=True)
        except ValueError:
            raise BackupKeyError(f"BALAI_BACKUP_KEYS: kunci {key_id!r} bukan base64") from None
        if len(key) != 32:
            raise BackupKeyError(f"BALAI_BACKUP_KEYS: kunci {key_id!r} harus 32 byte")
        keys[key_id] = key
        current = current or key_id
    if not keys:
        raise BackupKeyError("BALAI_BACKUP_KEYS belum diisi: cadangan tidak dapat dienkripsi "
                             "atau dibuka tanpa kunci cadangan")
    return current, keys


def _derive(key: bytes, salt: bytes) -> tuple[AESGCM, bytes]:
    okm = HKDF(algorithm=hashes.SHA256(), length=32 + CHECK_BYTES, salt=salt,
               info=b"balai-backup-archive-v1").derive(key)
    return AESGCM(okm[:32]), okm[32:]


def _nonce(counter: int, final: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


class EncryptingWriter(io.RawIOBase):
    """A write-only file that seals what is written to it into `out`, chunk by chunk."""

    def __init__(self, out: BinaryIO, *, keys: str | None) -> None:
        super().__init__()
        key_id, ring = parse_keys(keys)
        salt = os.urandom(SALT_BYTES)
        self._aead, check = _derive(ring[key_id], salt)
        encoded_id = key_id.encode()
        self._header = (MAGIC + bytes([VERSION, len(encoded_id)]) + encoded_id + salt + check)
        self._out = out
        self._out.write(self._header)
        self._buffer = bytearray()
        self._counter = 0
        self._finished = False

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        if self._finished:
            raise ValueError("write to a finished archive")
        self._buffer += data
        while len(self._buffer) > CHUNK_BYTES:
            self._seal(bytes(self._buffer[:CHUNK_BYTES]), final=False)
            del self._buffer[:CHUNK_BYTES]
        return len(data)

    def _seal(self, plaintext: bytes, *, final: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._counter, final), plaintext, self._header)
        self._out.write(_LENGTH.pack(len(sealed)) + sealed)
        self._counter += 1

    def close(self) -> None:
        if not self._finished and not self.closed:
            # The last chunk is marked as such, so that a cut-off archive does not verify.
            self._seal(bytes(self._buffer), final=True)
            self._buffer.clear()
            self._finished = True
        super().close()


class DecryptingReader(io.RawIOBase):
    """A read-only file of the plaintext of an archive read from `source`.

    Raises ArchiveError as soon as something does not verify; the end of the plaintext is
    reached only after the last chunk verified, so reading to the end proves the whole archive.
    """

    def __init__(self, source: BinaryIO, *, keys: str | None) -> None:
        super().__init__()
        self._source = source
        head = source.read(len(MAGIC) + 2)
        if len(head) < len(MAGIC) + 2 or not head.startswith(MAGIC):
            raise ArchiveError("Berkas ini bukan arsip cadangan Balai.")
        if head[len(MAGIC)] != VERSION:
            raise ArchiveError(f"Versi arsip {head[len(MAGIC)]} tidak dikenal.")
        encoded_id = source.read(head[len(MAGIC) + 1])
        salt = source.read(SALT_BYTES)
        check = source.read(CHECK_BYTES)
        if len(check) != CHECK_BYTES:
            raise ArchiveError("Arsip terpotong: kepala arsip tidak lengkap.")
        key_id = encoded_id.decode("ascii", "replace")
        _current, ring = parse_keys(keys)
        if key_id not in ring:
            raise ArchiveError(
                f"Arsip ini dienkripsi dengan kunci cadangan {key_id!r}, yang tidak ada di "
                "BALAI_BACKUP_KEYS.")
        self._aead, expected_check = _derive(ring[key_id], salt)
        if not hmac.compare_digest(check, expected_check):
            raise ArchiveError(
                f"Kunci cadangan {key_id!r} salah: arsip ini dibuat dengan kunci lain yang "
                "memakai ID yang sama (atau kepala arsipnya diubah).")
        self._header = head + encoded_id + salt + check
        self.key_id = key_id
        self._counter = 0
        self._plain = b""
        self._offset = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def _next_chunk(self) -> None:
        length_bytes = self._source.read(_LENGTH.size)
        if not length_bytes:
            raise ArchiveError("Arsip terpotong: bagian akhirnya hilang.")
        if len(length_bytes) != _LENGTH.size:
            raise ArchiveError("Arsip terpotong atau diubah.")
        (length,) = _LENGTH.unpack(length_bytes)
        if length < TAG_BYTES or length > CHUNK_BYTES + TAG_BYTES:
            raise ArchiveError("Arsip telah diubah: panjang bagian tidak sah.")
        sealed = self._source.read(length)
        if len(sealed) != length:
            raise ArchiveError("Arsip terpotong: bagian terakhirnya tidak lengkap.")
        # Try "not final" first: all chunks but one are.
        for final in (False, True):
            try:
                plain = self._aead.decrypt(_nonce(self._counter, final), sealed, self._header)
            except InvalidTag:
                continue
            self._counter += 1
            self._plain, self._offset = plain, 0
            if final:
                if self._source.read(1):
                    raise ArchiveError("Arsip telah diubah: ada data setelah bagian terakhir.")
                self._done = True
            return
        raise ArchiveError(
            f"Arsip telah diubah atau rusak: bagian ke-{self._counter + 1} gagal diautentikasi.")

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while self._offset >= len(self._plain):
            if self._done:
                return 0
            self._next_chunk()
        n = min(len(buffer), len(self._plain) - self._offset)
        buffer[:n] = self._plain[self._offset:self._offset + n]
        self._offset += n
        return n
