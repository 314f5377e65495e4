"""Signatures of the host-to-host API, in the manner of Bank Indonesia's SNAP standard, for both
sides: the server verifies them (bank_api.py) and the sandbox bank, the tests and the
benchmarks make them.

- Access token (B2B): X-SIGNATURE = base64(SHA256withRSA(bank's private key,
  "<X-CLIENT-KEY>|<X-TIMESTAMP>")).
- Transactions: X-SIGNATURE = base64(HMAC-SHA512(client secret,
  "<METHOD>:<path>:<access token>:<lowercase hex SHA-256 of the body>:<X-TIMESTAMP>")).
  SNAP hashes the minified JSON body; here the body bytes are hashed exactly as sent, so the
  bank must send minified JSON (as json.dumps(..., separators=(",", ":")) does).
- Response codes: 7 digits, HTTP status (3) + service code (2) + case code (2).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.utils import timezone

SERVICE_TOKEN = "73"  # noqa: S105 - a SNAP service code, not a secret
SERVICE_INQUIRY = "24"
SERVICE_PAYMENT = "25"
SERVICE_REPORT = "35"
SERVICE_REVERSAL = "97"  # no SNAP code for a same-day reversal: Balai's own


def timestamp(now: dt.datetime | None = None) -> str:
    """ISO 8601 with the local offset, as SNAP's X-TIMESTAMP: 2026-11-28T13:05:00+07:00."""
    return timezone.localtime(now or timezone.now()).isoformat(timespec="seconds")


def parse_timestamp(value: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def minified(body: dict[str, Any]) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest().lower()


def transaction_string(method: str, path: str, token: str, body: bytes, stamp: str) -> str:
    return f"{method.upper()}:{path}:{token}:{body_digest(body)}:{stamp}"


def sign_transaction(*, secret: str, method: str, path: str, token: str, body: bytes,
                     stamp: str) -> str:
    digest = hmac.new(secret.encode(), transaction_string(method, path, token, body, stamp)
                      .encode(), hashlib.sha512).digest()
    return base64.b64encode(digest).decode()


def verify_transaction(*, secret: str, method: str, path: str, token: str, body: bytes,
                       stamp: str, signature: str) -> bool:
    expected = sign_transaction(secret=secret, method=method, path=path, token=token, body=body,
                                stamp=stamp)
    return hmac.compare_digest(expected, signature)


def sign_token_request(*, private_key_pem: str, client_key: str, stamp: str) -> str:
    key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    signature = key.sign(f"{client_key}|{stamp}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()


def verify_token_request(*, public_key_pem: str, client_key: str, stamp: str,
                         signature: str) -> bool:
    try:
        key = serialization.load_pem_public_key(public_key_pem.encode())
        raw = base64.b64decode(signature, validate=True)
    except (ValueError, TypeError):
        return False
    if not isinstance(key, rsa.RSAPublicKey):
        return False
    try:
        key.verify(raw, f"{client_key}|{stamp}".encode(), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def new_key_pair() -> tuple[str, str]:
    """(private PEM, public PEM) of a 2048-bit RSA key, for a sandbox or a test bank."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


def money(amount: int) -> dict[str, str]:
    return {"value": f"{amount}.00", "currency": "IDR"}
