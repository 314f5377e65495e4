"""Writes of the API app: personal tokens, and creating an application draft exactly once per
Idempotency-Key. Each is atomic and recorded in the ledger."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from balai.accounts.models import User
from balai.api import queries
from balai.api.models import TOKEN_PREFIX_LENGTH, ApiToken, IdempotencyRecord
from balai.applications.actions import save_draft
from balai.applications.models import Application
from balai.catalogue.models import ServiceDefinition
from balai.ledger.actions import record_event

# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@transaction.atomic
def create_token(*, user: User, name: str, scopes: str) -> tuple[ApiToken, str]:
    """Make a personal API token for `user`; returns the token and its secret, which is shown
    once and never stored (only its SHA-256 digest is)."""
    for _attempt in range(5):
        prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    secret = f"balai_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name.strip(), prefix=prefix,
                                    secret_hash=queries.token_digest(secret), scopes=scopes)
    record_event(actor=user, action="api.token_dibuat", obj=token,
                 payload={"name": token.name, "prefix": prefix, "scopes": scopes})
    return token, secret


@transaction.atomic
def revoke_token(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke a token: from now on every request with it is refused (401). Idempotent."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(actor=actor, action="api.token_dicabut", obj=token,
                     payload={"prefix": token.prefix})
    return token


def touch_token(*, token: ApiToken, now: dt.datetime | None = None) -> None:
    """Note when a token was last used (shown on the token page).

    Bookkeeping, not a change made by a person: not recorded in the ledger, and written at
    most once a minute per token so that reads stay reads.
    """
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


@transaction.atomic
def create_draft_once(*, applicant: User, definition: ServiceDefinition, data: dict[str, Any],
                      idempotency_key: str, actor: User) -> tuple[Application, bool]:
    """Create an application draft with validated form values, once per Idempotency-Key.

    Returns (draft, created). The same request retried with the same key returns the draft
    the first one made (created is False), even when both arrive at the same moment.
    """
    existing = queries.draft_for_key(user=applicant, key=idempotency_key)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            draft = save_draft(applicant=applicant, definition=definition, data=data, step=2,
                               actor=actor)
            IdempotencyRecord.objects.create(user=applicant, key=idempotency_key,
                                             application=draft)
    except IntegrityError:
        existing = queries.draft_for_key(user=applicant, key=idempotency_key)
        if existing is None:
            raise
        return existing, False
    return draft, True
