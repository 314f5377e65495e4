"""Writes of operations: giving back the tasks of a worker that died mid-task.

django-tasks' database worker claims a task by setting it RUNNING (with its worker id and
started_at) and commits; only when the task returns or raises does it write SUCCESSFUL or
FAILED. A worker killed in between (SIGKILL, the OOM killer, a power cut, a container stopped
without grace) leaves the row RUNNING for ever: no worker takes a RUNNING task again, and the
backend has no heartbeat or lease. `requeue_stale_tasks` is that lease: a task RUNNING for longer
than settings.BALAI_TASK_STALE_AFTER seconds is put back to READY, to run once more, and after
settings.BALAI_TASK_MAX_ATTEMPTS claims it is marked FAILED instead (a task that kills its
worker every time must not kill every worker in turn). `manage.py run_scheduler` calls it every
minute and `manage.py requeue_stale_tasks` runs it once.

A task run again must not act twice: Balai's tasks do their work through actions, each one
transaction (a killed worker's open transaction is rolled back by the database), and the
periodic ones are idempotent (the outbox marks each message sent, escalations skip cases already
escalated). BALAI_TASK_STALE_AFTER must exceed the longest task's run time.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

LOST_WORKER = "balai.operations.actions.WorkerLost"


class WorkerLost(Exception):  # noqa: N818 - names what happened, recorded as the task's error
    """The worker running the task stopped without finishing it."""


@dataclass
class Requeued:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@transaction.atomic
def requeue_stale_tasks(*, now: dt.datetime | None = None,
                        stale_after: int | None = None,
                        max_attempts: int | None = None) -> Requeued:
    """Put tasks left RUNNING by a dead worker back in the queue (or fail them after too many
    attempts). Rows another process holds locked (a worker finishing them) are skipped."""
    now = now or timezone.now()
    stale_after = settings.BALAI_TASK_STALE_AFTER if stale_after is None else stale_after
    max_attempts = settings.BALAI_TASK_MAX_ATTEMPTS if max_attempts is None else max_attempts
    cutoff = now - dt.timedelta(seconds=stale_after)
    stale = (DBTaskResult.objects.running().filter(started_at__lt=cutoff)
             .select_for_update(skip_locked=True).order_by("started_at"))
    result = Requeued()
    for task in stale:
        attempts = len(task.worker_ids or [])
        if attempts >= max_attempts:
            task.status = TaskResultStatus.FAILED
            task.finished_at = now
            task.exception_class_path = LOST_WORKER
            task.traceback = (f"{LOST_WORKER}: the worker stopped during each of {attempts} "
                              f"attempts (workers {', '.join(task.worker_ids)})\n")
            task.return_value = None
            task.save(update_fields=["status", "finished_at", "exception_class_path",
                                     "traceback", "return_value"])
            result.failed.append(str(task.id))
            logger.error("task %s (%s) failed: its worker stopped during %d attempts",
                         task.id, task.task_path, attempts)
        else:
            task.status = TaskResultStatus.READY
            task.started_at = None
            task.save(update_fields=["status", "started_at"])
            result.requeued.append(str(task.id))
            logger.warning("task %s (%s) requeued: worker %s stopped while running it "
                           "(attempt %d of %d)", task.id, task.task_path,
                           (task.worker_ids or ["?"])[-1], attempts, max_attempts)
    return result
