"""Faults: a worker killed in the middle of a task, the file storage's disk full during an
application. (PostgreSQL restarted under load: test_database_restart.py; the 503 answers
themselves: test_outage.py.)"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from balai.core.models import PeriodicRun
from balai.operations.actions import LOST_WORKER, requeue_stale_tasks

ROOT = Path(settings.BASE_DIR)
PROBE = "balai.operations.tests.fault_tasks.write_then_wait"


def _task(*, status: str = TaskResultStatus.RUNNING, started_ago: dt.timedelta | None = None,
          workers: list[str] | None = None, args: list | None = None) -> DBTaskResult:
    return DBTaskResult.objects.create(
        args_kwargs={"args": args or [], "kwargs": {}}, task_path=PROBE,
        backend_name="default", queue_name="default", run_after=get_date_max(),
        status=status, worker_ids=workers or [],
        started_at=timezone.now() - started_ago if started_ago is not None else None)


# --- the stale-task lease, in process ------------------------------------------------------

@pytest.mark.django_db
def test_a_task_running_past_the_lease_is_requeued_and_a_recent_one_is_left(settings):
    settings.BALAI_TASK_STALE_AFTER = 600
    lost = _task(started_ago=dt.timedelta(minutes=11), workers=["w1"])
    busy = _task(started_ago=dt.timedelta(minutes=9), workers=["w2"])
    done = _task(status=TaskResultStatus.SUCCESSFUL, started_ago=dt.timedelta(hours=2),
                 workers=["w3"])
    result = requeue_stale_tasks()
    assert result.requeued == [str(lost.id)] and result.failed == []
    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.READY and lost.started_at is None
    assert lost.worker_ids == ["w1"]  # the attempt stays counted
    assert DBTaskResult.objects.ready().filter(pk=lost.pk).exists()
    busy.refresh_from_db()
    done.refresh_from_db()
    assert busy.status == TaskResultStatus.RUNNING
    assert done.status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db
def test_a_task_that_lost_its_worker_too_often_is_failed_not_requeued(settings):
    settings.BALAI_TASK_MAX_ATTEMPTS = 3
    poison = _task(started_ago=dt.timedelta(hours=1), workers=["a", "b", "c"])
    result = requeue_stale_tasks(stale_after=60)
    assert result.failed == [str(poison.id)] and result.requeued == []
    poison.refresh_from_db()
    assert poison.status == TaskResultStatus.FAILED
    assert poison.exception_class_path == LOST_WORKER
    assert "3 attempts" in poison.traceback
    assert poison.task_result.errors  # shown as the task's error by django-tasks


@pytest.mark.django_db
def test_the_command_and_the_scheduler_requeue(settings):
    lost = _task(started_ago=dt.timedelta(hours=1), workers=["w1"])
    out = StringIO()
    call_command("requeue_stale_tasks", "--stale-after", "60", stdout=out)
    assert f"requeued {lost.id}" in out.getvalue()
    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.READY

    again = _task(started_ago=dt.timedelta(seconds=settings.BALAI_TASK_STALE_AFTER + 5),
                  workers=["w2"])
    settings.BALAI_PERIODIC_TASKS = []
    call_command("run_scheduler", "--once", stdout=StringIO())
    again.refresh_from_db()
    assert again.status == TaskResultStatus.READY


# --- a real worker, killed in the middle of a task ----------------------------------------

def _worker_env(tmp: Path) -> dict[str, str]:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = {**os.environ,
           "DJANGO_SETTINGS_MODULE": "config.settings",
           "DATABASE_URL": (f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:"
                            f"{db['PORT'] or 5432}/{db['NAME']}"),
           "BALAI_VAR_DIR": str(settings.VAR_DIR),
           "CACHE_LOCATION": str(tmp / "cache")}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.pop("REDIS_URL", None)
    return env


def _worker(tmp: Path, worker_id: str, *extra: str) -> subprocess.Popen[bytes]:
    log = (tmp / f"worker-{worker_id}.log").open("wb")
    return subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
         "--interval", "0.1", "--worker-id", worker_id, *extra],
        cwd=ROOT, env=_worker_env(tmp), stdout=log, stderr=subprocess.STDOUT)


def _wait_for(path: Path, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"the worker exited: {log.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"{path.name} never appeared: {log.read_text()[-3000:]}")
        time.sleep(0.05)


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="a worker in another process needs a database server (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_task_leaves_no_effect_and_the_task_runs_again_once(tmp_path):
    markers = tmp_path / "markers"
    markers.mkdir()
    probe = _task(status=TaskResultStatus.READY, args=["k1", str(markers)])

    first = _worker(tmp_path, "first")
    try:
        _wait_for(markers / "started-1", first, tmp_path / "worker-first.log")
        first.send_signal(signal.SIGKILL)  # no grace: the OOM killer, a power cut
        assert first.wait(timeout=10) == -signal.SIGKILL
    finally:
        if first.poll() is None:
            first.kill()

    probe.refresh_from_db()
    # What django-tasks' database backend leaves behind: RUNNING for ever, no worker takes it.
    assert probe.status == TaskResultStatus.RUNNING and probe.worker_ids == ["first"]
    assert not DBTaskResult.objects.ready().filter(pk=probe.pk).exists()
    # The killed task's open transaction died with its connection: nothing half-written.
    deadline = time.monotonic() + 10
    while PeriodicRun.objects.filter(name="fault-probe:k1").exists():
        assert time.monotonic() < deadline
        time.sleep(0.1)

    assert requeue_stale_tasks(stale_after=0).requeued == [str(probe.id)]
    (markers / "release").touch()
    second = _worker(tmp_path, "second", "--batch")
    try:
        assert second.wait(timeout=60) == 0, (tmp_path / "worker-second.log").read_text()
    finally:
        if second.poll() is None:
            second.kill()

    probe.refresh_from_db()
    assert probe.status == TaskResultStatus.SUCCESSFUL, probe.traceback
    assert probe.return_value == 2  # the second attempt did the work
    assert probe.worker_ids == ["first", "second"]
    assert PeriodicRun.objects.filter(name="fault-probe:k1").count() == 1  # once
    assert sorted(p.name for p in markers.iterdir()) == ["release", "started-1", "started-2"]
    # Nothing is left for a third run.
    assert requeue_stale_tasks(stale_after=0).requeued == []
