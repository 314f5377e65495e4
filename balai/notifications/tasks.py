"""Background tasks of the outbox: thin wrappers over balai.notifications.actions."""

from __future__ import annotations

from django_tasks import task

from balai.notifications import actions


@task()
def deliver_message(message_id: int) -> str:
    """Send one queued message; enqueued after the commit that queued it."""
    return actions.deliver_message(message_id=message_id).value


@task()
def deliver_due_messages() -> int:
    """Deliver every queued message that is due (the sweep; see `manage.py send_outbox`)."""
    return actions.deliver_due_messages()
