"""Reads for the API: tokens by their secret, a user's tokens, drafts by idempotency key."""

from __future__ import annotations

import hashlib
import hmac
import re

from django.db.models import QuerySet

from balai.accounts.models import User
from balai.api.models import TOKEN_PREFIX_LENGTH, ApiToken, IdempotencyRecord
from balai.applications.models import Application

TOKEN_PATTERN = re.compile(
    rf"^balai_([0-9a-f]{{{TOKEN_PREFIX_LENGTH}}})_([A-Za-z0-9_-]{{20,100}})$")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_token(token: str) -> ApiToken | None:
    """The token (revoked or not, with its user) that this secret belongs to, or None."""
    match = TOKEN_PATTERN.fullmatch(token.strip())
    if match is None:
        return None
    found = ApiToken.objects.select_related("user").filter(prefix=match.group(1)).first()
    if found is None or not hmac.compare_digest(found.secret_hash, token_digest(token.strip())):
        return None
    return found


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """A user's tokens, newest first, for their token page."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_of(user: User, token_id: int) -> ApiToken | None:
    return ApiToken.objects.filter(user=user, pk=token_id).first()


def draft_for_key(*, user: User, key: str) -> Application | None:
    """The application an earlier create request with this Idempotency-Key made."""
    record = (IdempotencyRecord.objects.select_related("application")
              .filter(user=user, key=key).first())
    return record.application if record is not None else None


