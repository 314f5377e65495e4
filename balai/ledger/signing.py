"""The Ed25519 key that signs ledger checkpoints and sealed batches, and the messages it signs.

The private key comes from BALAI_LEDGER_SIGNING_KEY (base64 of the 32-byte seed; like the data
keys it may be read from a file with BALAI_LEDGER_SIGNING_KEY_FILE). Outside production mode a
development key is generated once into var/ledger-signing.key (owner-only permissions).
Publishing the public key is the point: anyone can check a checkpoint with it.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from balai.ledger.hashing import canonical_json


def checkpoint_message(*, sequence: int, head_hash: str, signed_at_iso: str) -> bytes:
    """The exact bytes signed: a versioned, canonical JSON object."""
    return canonical_json({"balai_ledger_checkpoint": 1, "sequence": sequence,
                           "head_hash": head_hash, "signed_at": signed_at_iso})


def batch_message(*, first_sequence: int, last_sequence: int, root_hash: str, head_hash: str,
                  sealed_at_iso: str) -> bytes:
    """The exact bytes signed when a batch is sealed: its range, the Merkle root over its
    entry hashes and the chain hash of its last entry."""
    return canonical_json({"balai_ledger_batch": 1, "first_sequence": first_sequence,
                           "last_sequence": last_sequence, "root_hash": root_hash,
                           "head_hash": head_hash, "sealed_at": sealed_at_iso})


def _dev_key_path() -> Path:
    return Path(settings.VAR_DIR) / "ledger-signing.key"


def _seed() -> bytes:
    configured = getattr(settings, "BALAI_LEDGER_SIGNING_KEY", None)
    if configured:
        seed = base64.b64decode(configured)
        if len(seed) != 32:
            raise ImproperlyConfigured("BALAI_LEDGER_SIGNING_KEY must be base64 of 32 bytes")
        return seed
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("BALAI_LEDGER_SIGNING_KEY must be set in production mode")
    path = _dev_key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(base64.b64encode(os.urandom(32)).decode())
        try:
            os.link(tmp, path)  # two processes starting at once end up with the same key
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return base64.b64decode(path.read_text().strip())


def private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_seed())


def public_key_hex(key: Ed25519PrivateKey | None = None) -> str:
    key = key or private_key()
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def key_id(public_hex: str) -> str:
    return hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:16]


def sign(message: bytes) -> tuple[str, str]:
    """(signature hex, public key hex)."""
    key = private_key()
    return key.sign(message).hex(), public_key_hex(key)


def verify(*, message: bytes, signature_hex: str, public_hex: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(
            bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True
