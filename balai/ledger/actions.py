"""Appending to the audit ledger."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from balai.ledger import hashing
from balai.ledger.models import LedgerEntry, LedgerHead


def _actor_fields(actor: Any) -> tuple[int | None, str]:
    if actor is None:
        return None, "sistem"
    if isinstance(actor, str):
        return None, actor[:150]
    if not getattr(actor, "is_authenticated", False):
        return None, "anonim"
    return actor.pk, actor.get_username()[:150]


def record_event(*, actor: Any, action: str, obj: models.Model | None = None,
                 payload: dict[str, Any] | None = None) -> LedgerEntry:
    """Append one entry to the ledger, in the caller's transaction.

    `actor` is a user, None for the system, or a label such as "bank:bpd-kalbar". The payload
    itself is not stored, only its digest: the ledger proves what happened without holding
    personal data. Appends serialize on the chain head, so call this late in the transaction.
    """
    actor_id, actor_label = _actor_fields(actor)
    object_type = f"{obj._meta.app_label}.{obj._meta.model_name}" if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    digest = hashing.payload_digest(payload or {})
    with transaction.atomic():
        head = LedgerHead.objects.select_for_update().get(pk=1)
        sequence = head.sequence + 1
        created_at = timezone.now()
        entry_hash = hashing.entry_hash(
            sequence=sequence, created_at=created_at, actor_id=actor_id, actor_label=actor_label,
            action=action, object_type=object_type, object_id=object_id,
            payload_digest=digest, prev_hash=head.hash,
        )
        entry = LedgerEntry(
            sequence=sequence, created_at=created_at, actor_id=actor_id, actor_label=actor_label,
            action=action, object_type=object_type, object_id=object_id,
            payload_digest=digest, prev_hash=head.hash, hash=entry_hash,
        )
        entry.save()
        head.sequence = sequence
        head.hash = entry_hash
        head.save(update_fields=["sequence", "hash"])
    return entry
