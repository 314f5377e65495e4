"""Appending to the audit ledger."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from balai.ledger import hashing
from balai.ledger.models import LedgerEntry, LedgerHead
from balai.operations.metrics import LEDGER_APPEND


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
    with LEDGER_APPEND.time(), transaction.atomic():
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


@transaction.atomic
def sign_checkpoint(*, now: Any = None) -> Any:
    """Sign the chain's current head and publish it as a checkpoint; None when the head has
    not moved since the last checkpoint (or the chain is empty)."""
    from balai.ledger import signing
    from balai.ledger.models import Checkpoint

    head = LedgerHead.objects.select_for_update().get(pk=1)
    if head.sequence == 0 or Checkpoint.objects.filter(sequence=head.sequence).exists():
        return None
    signed_at = (now or timezone.now()).replace(microsecond=0)
    message = signing.checkpoint_message(sequence=head.sequence, head_hash=head.hash,
                                         signed_at_iso=signed_at.astimezone(dt.UTC).isoformat())
    signature, public_hex = signing.sign(message)
    return Checkpoint.objects.create(sequence=head.sequence, head_hash=head.hash,
                                     signed_at=signed_at, key_id=signing.key_id(public_hex),
                                     public_key=public_hex, signature=signature)


def run_verification(*, actor: Any) -> Any:
    """Recompute the whole chain and keep the result (VerificationRun). A person's run is
    also recorded in the ledger itself; the nightly task's and the command's are not, so that
    checking the chain does not keep lengthening it."""
    from balai.ledger.models import VerificationRun
    from balai.ledger.queries import verify_chain

    started_at = timezone.now()
    result = verify_chain()
    _actor_id, label = _actor_fields(actor)
    with transaction.atomic():
        run = VerificationRun.objects.create(
            started_at=started_at, finished_at=timezone.now(), ok=result.ok,
            checked=result.checked, broken_sequence=result.broken_sequence,
            reason=result.reason[:200], triggered_by=label)
        if getattr(actor, "is_authenticated", False):
            record_event(actor=actor, action="buku_besar.diverifikasi", obj=run,
                         payload={"ok": result.ok, "checked": result.checked,
                                  "broken_sequence": result.broken_sequence})
    return run
