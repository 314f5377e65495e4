"""Bank Indonesia's SNAP (Standar Nasional Open API Pembayaran) conventions used by the
host-to-host API, for both sides: the server verifies them (bank_api.py), and the sandbox bank,
the tests and the benchmarks make them.

- Access token (B2B): X-SIGNATURE = base64(SHA256withRSA(bank's private key,
  "<X-CLIENT-KEY>|<X-TIMESTAMP>")).
- Service calls: X-SIGNATURE = base64(HMAC-SHA512(client secret, StringToSign)) with
  StringToSign = "<METHOD>:<EndpointUrl>:<access token>:
  <Lowercase(HexEncode(SHA-256(minify(RequestBody))))>:<X-TIMESTAMP>". The body is hashed in
  its minified form, so a bank may send it pretty-printed; an empty body hashes as "".
- responseCode: 7 digits, HTTP status (3) + service code (2) + case code (2).
- Virtual account numbers: virtualAccountNo = partnerServiceId (8 characters, left-padded with
  spaces) + customerNo (up to 20 digits).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.utils import timezone

# Service codes of the SNAP virtual-account specification (Transfer Kredit > Virtual Account).
SERVICE_GENERAL = "00"  # a request that reached no service (unknown path)
SERVICE_INQUIRY = "24"
SERVICE_PAYMENT = "25"
SERVICE_STATUS = "26"
SERVICE_REPORT = "35"
SERVICE_TOKEN = "73"  # noqa: S105 - a SNAP service code, not a secret
SERVICE_REVERSAL = "97"  # SNAP has no virtual-account reversal: Balai's own

PARTNER_SERVICE_ID_LENGTH = 8
CUSTOMER_NO_MAX_LENGTH = 20


def timestamp(now: dt.datetime | None = None) -> str:
    """ISO 8601 with the local offset, as SNAP's X-TIMESTAMP: 2026-11-28T13:05:00+07:00."""
    return timezone.localtime(now or timezone.now()).isoformat(timespec="seconds")


def parse_timestamp(value: str) -> dt.datetime | None:
    """An ISO 8601 date-time with an offset (extended or basic form, "Z" for UTC); None for
    anything else, a naive time included."""
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except (ValueError, TypeError):
        return None
    return parsed if parsed.tzinfo is not None else None


def minify(text: str) -> str:
    """The body without the whitespace between JSON tokens: spaces, tabs and line breaks
    outside strings are dropped, everything else is kept as it was written."""
    out: list[str] = []
    in_string = escaped = False
    for char in text:
        if in_string:
            out.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
            out.append(char)
        elif char not in " \t\r\n":
            out.append(char)
    return "".join(out)


def minified(body: dict[str, Any]) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def body_digest(body: bytes) -> str:
    """Lowercase hex SHA-256 of the minified body (of the bytes as sent if not UTF-8)."""
    return hashlib.sha256(_minified_bytes(body)).hexdigest().lower()


def _minified_bytes(body: bytes) -> bytes:
    try:
        return minify(body.decode("utf-8")).encode("utf-8")
    except UnicodeDecodeError:
        return body


def _digests(body: bytes) -> list[str]:
    """The digests a bank may have signed: its body minified token by token, and the body
    re-serialized compactly (what a client that parses and re-dumps its JSON signs)."""
    digests = [body_digest(body)]
    try:
        parsed = json.loads(body)
    except ValueError:
        return digests
    for ascii_only in (False, True):
        text = json.dumps(parsed, separators=(",", ":"), ensure_ascii=ascii_only)
        digest = hashlib.sha256(text.encode()).hexdigest()
        if digest not in digests:
            digests.append(digest)
    return digests


def string_to_sign(method: str, endpoint: str, token: str, digest: str, stamp: str) -> str:
    return f"{method.upper()}:{endpoint}:{token}:{digest}:{stamp}"


def _hmac(secret: str, text: str) -> str:
    raw = hmac.new(secret.encode(), text.encode(), hashlib.sha512).digest()
    return base64.b64encode(raw).decode()


def sign_transaction(*, secret: str, method: str, path: str, token: str, body: bytes,
                     stamp: str) -> str:
    return _hmac(secret, string_to_sign(method, path, token, body_digest(body), stamp))


def verify_transaction(*, secret: str, method: str, path: str, token: str, body: bytes,
                       stamp: str, signature: str) -> bool:
    candidates: Iterable[str] = _digests(body)
    return any(hmac.compare_digest(_hmac(secret, string_to_sign(method, path, token, digest,
                                                                  stamp)), signature)
               for digest in candidates)


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


def padded_service_id(partner_service_id: str) -> str:
    """partnerServiceId as SNAP writes it: 8 characters, left-padded with spaces."""
    return partner_service_id.rjust(PARTNER_SERVICE_ID_LENGTH)


def virtual_account_no(partner_service_id: str, customer_no: str) -> str:
    return padded_service_id(partner_service_id) + customer_no


def reason(english: str, indonesia: str) -> dict[str, str]:
    """SNAP's two-language text ({"english": ..., "indonesia": ...})."""
    return {"english": english, "indonesia": indonesia}
