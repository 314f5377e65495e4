"""Background tasks of the health queue: thin wrappers over balai.health.actions.

`manage.py run_scheduler` enqueues the reminders every afternoon and the BPJS retries every few
minutes (settings.BALAI_PERIODIC_TASKS)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from balai.health import actions


@task()
def send_visit_task(task_id: int) -> bool:
    return actions.send_task_to_bpjs(task_id=task_id)


@task()
def send_pending_bpjs_tasks() -> int:
    return actions.send_pending_tasks()


@task()
def remind_tomorrow() -> int:
    """Remind the patients booked for tomorrow."""
    return actions.send_reminders(today=timezone.localdate())
