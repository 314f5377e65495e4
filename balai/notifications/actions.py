"""Writing messages to the outbox. Delivery happens after commit, in a background task."""

from __future__ import annotations

from django.db import transaction

from balai.accounts.models import User
from balai.notifications.models import Message


def queue_message(*, channel: str, body: str, recipient: User | None = None, address: str = "",
                  subject: str = "") -> Message:
    """Put a message in the outbox, in the caller's transaction; it is sent once that commits.

    `address` is the phone number (SMS) or email address; for in-app messages the recipient
    alone is enough. If the caller's transaction rolls back, the message is never sent.
    """
    message = Message.objects.create(channel=channel, recipient=recipient, address=address,
                                     subject=subject, body=body)
    if channel != Message.Channel.IN_APP:
        from balai.notifications.tasks import deliver_message

        transaction.on_commit(lambda: deliver_message.enqueue(message_id=message.pk))
    return message
