"""A small scheduler for periodic tasks: the django-tasks database worker has none.

settings.BALAI_PERIODIC_TASKS lists (dotted task path, schedule); a schedule is either
{"every": seconds} or {"daily_at": "HH:MM"} in the local time zone (WIB). `manage.py
run_scheduler` checks the list every few seconds and enqueues each task that is due; the worker
runs it. Any number of schedulers may run: a due run is claimed with one conditional UPDATE.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from balai.core.models import PeriodicRun


@dataclass(frozen=True)
class Periodic:
    name: str
    every: int | None = None
    daily_at: dt.time | None = None

    def due_since(self, now: dt.datetime) -> dt.datetime:
        """The latest moment at or before `now` at which a run became due."""
        if self.every:
            return now - dt.timedelta(seconds=self.every)
        assert self.daily_at is not None
        local = timezone.localtime(now)
        today_at = local.replace(hour=self.daily_at.hour, minute=self.daily_at.minute,
                                 second=0, microsecond=0)
        return today_at if today_at <= local else today_at - dt.timedelta(days=1)


def configured() -> list[Periodic]:
    result = []
    for name, schedule in settings.BALAI_PERIODIC_TASKS:
        if "every" in schedule:
            result.append(Periodic(name, every=int(schedule["every"])))
        else:
            hour, minute = (int(p) for p in schedule["daily_at"].split(":"))
            result.append(Periodic(name, daily_at=dt.time(hour, minute)))
    return result


def claim(periodic: Periodic, *, now: dt.datetime) -> bool:
    """Take the due run of one periodic task; False if it is not due or another took it."""
    PeriodicRun.objects.get_or_create(name=periodic.name)
    if periodic.every:
        condition = Q(last_enqueued_at__isnull=True) | Q(
            last_enqueued_at__lte=periodic.due_since(now))
    else:
        condition = Q(last_enqueued_at__isnull=True) | Q(
            last_enqueued_at__lt=periodic.due_since(now))
    claimed = PeriodicRun.objects.filter(condition, name=periodic.name).update(
        last_enqueued_at=now)
    return claimed == 1


def enqueue_due(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue every periodic task that is due now; returns the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for periodic in configured():
        if claim(periodic, now=now):
            task: Any = import_string(periodic.name)
            task.enqueue()
            enqueued.append(periodic.name)
    return enqueued
