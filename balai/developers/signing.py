"""Standard Webhooks (https://www.standardwebhooks.com/): secrets, ids and signatures.

A secret reads `whsec_<base64 of 24 random bytes>`; the signature of a message is
`v1,<base64 of HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")>`. While a secret is
being rotated, both the new and the previous secret sign, and `webhook-signature` carries both
signatures separated by a space: a receiver that knows either accepts the message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def new_message_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(secret: str, *, message_id: str, timestamp: int, body: str) -> str:
    signed = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secrets_: list[str], *, message_id: str, timestamp: int,
            body: str) -> dict[str, str]:
    """The three webhook-* headers for a body signed with every secret given."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(
            signature(s, message_id=message_id, timestamp=timestamp, body=body)
            for s in secrets_),
        "content-type": "application/json",
    }
