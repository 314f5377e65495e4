"""Fetching a message with the permission to see it."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from balai.accounts.models import User
from balai.notifications.models import Message


def message_for_recipient(user: User, message_id: int) -> Message:
    """One of the user's own in-app messages; 404 for anyone else's, so ids reveal nothing."""
    return get_object_or_404(Message, pk=message_id, recipient=user,
                             channel=Message.Channel.IN_APP)
