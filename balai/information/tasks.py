"""Background tasks of public information: thin wrappers over balai.information.actions."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from balai.information import actions


@task()
def remind_and_escalate() -> dict[str, int]:
    """Remind PPIDs of deadlines coming, and tell the atasan PPID of those passed."""
    return actions.remind_and_escalate(today=timezone.localdate())
