"""Background tasks of webhook delivery: thin wrappers over balai.developers.actions."""

from __future__ import annotations

from django_tasks import task

from balai.developers import actions


@task()
def deliver_webhook(delivery_id: int) -> str:
    """Send one delivery; enqueued after the commit that queued it, and for each retry."""
    return actions.deliver(delivery_id=delivery_id)


@task()
def replay_webhook(delivery_id: int) -> str:
    """Send a delivery again because the developer asked to, from the portal."""
    return actions.deliver(delivery_id=delivery_id, replay=True)


@task()
def deliver_due_webhooks() -> int:
    """Every delivery that is due (retries, and any whose task was lost)."""
    return actions.deliver_due()
