import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from balai.core import scheduler
from balai.core.models import PeriodicRun

pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def schedule(settings):
    settings.BALAI_PERIODIC_TASKS = [
        ("balai.notifications.tasks.deliver_due_messages", {"every": 60}),
        ("balai.applications.tasks.escalate_overdue", {"daily_at": "07:00"}),
    ]


def test_every_task_runs_once_per_interval(schedule):
    now = dt.datetime(2026, 11, 30, 9, 0, tzinfo=WIB)
    assert "balai.notifications.tasks.deliver_due_messages" in scheduler.enqueue_due(now=now)
    again = scheduler.enqueue_due(now=now + dt.timedelta(seconds=30))
    assert "balai.notifications.tasks.deliver_due_messages" not in again
    later = scheduler.enqueue_due(now=now + dt.timedelta(seconds=61))
    assert "balai.notifications.tasks.deliver_due_messages" in later


def test_daily_task_runs_once_a_day_after_its_time(schedule):
    name = "balai.applications.tasks.escalate_overdue"
    PeriodicRun.objects.create(name=name,
                               last_enqueued_at=dt.datetime(2026, 11, 29, 7, 0, tzinfo=WIB))
    assert name not in scheduler.enqueue_due(now=dt.datetime(2026, 11, 30, 6, 59, tzinfo=WIB))
    assert name in scheduler.enqueue_due(now=dt.datetime(2026, 11, 30, 7, 0, tzinfo=WIB))
    assert name not in scheduler.enqueue_due(now=dt.datetime(2026, 11, 30, 18, 0, tzinfo=WIB))
    assert name in scheduler.enqueue_due(now=dt.datetime(2026, 12, 1, 7, 5, tzinfo=WIB))


def test_a_due_run_is_claimed_by_one_scheduler_only(schedule):
    periodic = scheduler.configured()[0]
    now = dt.datetime(2026, 11, 30, 9, 0, tzinfo=WIB)
    assert scheduler.claim(periodic, now=now) is True
    assert scheduler.claim(periodic, now=now) is False


def test_run_scheduler_once_runs_the_due_tasks(schedule):
    # The test settings run tasks immediately: the escalation and the sweep really run.
    call_command("run_scheduler", "--once", stdout=StringIO())
    assert PeriodicRun.objects.filter(last_enqueued_at__isnull=False).count() == 2
