"""The inbound webhook's signature: HMAC-SHA256 over "<timestamp>.<raw body>" with the shared
secret settings.SMS_INBOUND_SECRET, hex, in `X-Balai-Signature: sha256=<hex>`, the timestamp
(Unix seconds) in `X-Balai-Timestamp`. Signing the timestamp with the body means a captured
delivery cannot be replayed once the clock skew has passed (docs/howto/sms.md)."""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Balai-Signature"
TIMESTAMP_HEADER = "X-Balai-Timestamp"
PREFIX = "sha256="


def sign(*, secret: str, timestamp: str, body: bytes) -> str:
    """The header value a gateway sends: "sha256=" and the hex HMAC."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return PREFIX + mac.hexdigest()


def is_valid(*, secret: str, timestamp: str, signature: str, body: bytes, max_skew: int,
             now: float | None = None) -> bool:
    """True if the signature is the secret's over this timestamp and body, and the timestamp
    is within `max_skew` seconds of now. An empty secret accepts nothing."""
    if not secret or not timestamp.isdigit() or len(timestamp) > 12:
        return False
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > max_skew:
        return False
    expected = sign(secret=secret, timestamp=timestamp, body=body)
    given = signature.strip()
    if not given.startswith(PREFIX):
        given = PREFIX + given
    # Constant time: the comparison must not tell an attacker how many characters matched.
    return hmac.compare_digest(expected.encode(), given.lower().encode())
