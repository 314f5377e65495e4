"""Background tasks of complaints: thin wrappers over balai.complaints.actions.

`manage.py run_scheduler` enqueues the escalation every morning (settings.BALAI_PERIODIC_TASKS)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from balai.complaints import actions


@task()
def escalate_overdue() -> int:
    """Escalate complaints past their stage deadline to the office heads; confirm the closed
    ones their reporters left unanswered."""
    return actions.escalate_overdue_complaints(today=timezone.localdate())
