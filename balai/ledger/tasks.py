"""Periodic tasks of the ledger: thin wrappers over balai.ledger.actions.

`manage.py run_scheduler` enqueues them (settings.BALAI_PERIODIC_TASKS)."""

from __future__ import annotations

from django_tasks import task

from balai.ledger import actions


@task()
def sequence_ledger() -> int:
    """Chain and seal every committed unsequenced entry; how many were sequenced. Enqueued
    after the commits that append entries, and run periodically as a sweep."""
    return actions.sequence_all()


@task()
def sign_checkpoint() -> int | None:
    """Sign and publish the chain's head; the sequence signed, or None if nothing new."""
    checkpoint = actions.sign_checkpoint()
    return checkpoint.sequence if checkpoint is not None else None


@task()
def verify_ledger() -> bool:
    """Recompute the whole chain and keep the result for the auditors and the public page."""
    return actions.run_verification(actor="sistem:verifikasi-harian").ok
