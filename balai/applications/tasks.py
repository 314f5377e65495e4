"""Background tasks of applications: thin wrappers over balai.applications.actions.

`manage.py run_scheduler` enqueues the escalation every morning (settings.BALAI_PERIODIC_TASKS)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from balai.applications import actions


@task()
def escalate_overdue() -> int:
    """Escalate the applications that passed their deadline to their office heads."""
    return actions.escalate_overdue_applications(today=timezone.localdate())
