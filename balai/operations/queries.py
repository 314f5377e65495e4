"""Reads for health checks and metrics: the task queue and the notifications outbox.

django-tasks' database backend keeps each task as a DBTaskResult row; a task is ready when its
status is READY and it is not scheduled for later (run_after is the far-future sentinel, or has
passed). It has been waiting since it was enqueued, or since its run_after for a scheduled task.
Both queries walk the backend's partial index on READY rows.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, F, Min, When
from django_tasks_db.models import DBTaskResult, get_date_max

from balai.notifications.models import Message


def task_queue_depth() -> dict[str, int]:
    """Ready tasks per queue."""
    rows = DBTaskResult.objects.ready().order_by().values("queue_name").annotate(n=Count("id"))
    return {row["queue_name"]: row["n"] for row in rows}


def oldest_ready_task_age(*, now: dt.datetime) -> float:
    """Seconds the oldest ready task has been waiting for a worker (0 when none waits)."""
    ready_since = Case(When(run_after=get_date_max(), then=F("enqueued_at")),
                       default=F("run_after"))
    oldest = DBTaskResult.objects.ready().order_by().aggregate(oldest=Min(ready_since))["oldest"]
    return max((now - oldest).total_seconds(), 0.0) if oldest else 0.0


def oldest_running_task_age(*, now: dt.datetime) -> float:
    """Seconds the longest-running task has been running (0 when none runs)."""
    oldest = (DBTaskResult.objects.running().order_by()
              .aggregate(oldest=Min("started_at"))["oldest"])
    return max((now - oldest).total_seconds(), 0.0) if oldest else 0.0


def outbox_backlog(*, now: dt.datetime) -> tuple[int, int]:
    """Queued messages of the outbox, and how many of them are due (their next attempt has
    come), which the delivery task should be working through."""
    queued = Message.objects.filter(status=Message.Status.QUEUED)
    return queued.count(), queued.filter(next_attempt_at__lte=now).count()
