"""Reads of the outbox: a person's inbox, and the messages due for delivery."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from balai.accounts.models import User
from balai.notifications.models import Message


def inbox_messages(*, user: User) -> QuerySet[Message]:
    """The in-app messages of one person, newest first (served by message_inbox_idx)."""
    return (Message.objects.filter(recipient=user, channel=Message.Channel.IN_APP)
            .order_by("-created_at", "-pk"))


def unread_count(*, user: User) -> int:
    return inbox_messages(user=user).filter(read_at__isnull=True).count()


def due_message_keys(*, now: dt.datetime, after: tuple[dt.datetime, int] | None = None,
                     limit: int = 100) -> list[tuple[int, dt.datetime]]:
    """(id, next_attempt_at) of queued messages due by `now`, oldest first, after a cursor.

    Walks message_queue_idx (status, next_attempt_at); the cursor is the (next_attempt_at, id)
    of the last message of the previous batch.
    """
    due = Message.objects.filter(status=Message.Status.QUEUED, next_attempt_at__lte=now)
    if after is not None:
        due_at, pk = after
        due = due.filter(Q(next_attempt_at__gt=due_at) | Q(next_attempt_at=due_at, pk__gt=pk))
    return list(due.order_by("next_attempt_at", "pk")
                .values_list("pk", "next_attempt_at")[:limit])
