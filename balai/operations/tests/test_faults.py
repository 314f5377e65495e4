"""Faults: a worker killed in the middle of a task, the file storage's disk full during an
application (a real tmpfs of 64 KiB, filled, when the tests may mount one). PostgreSQL
restarted under load: test_database_restart.py; the 503 answers themselves: test_outage.py."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from balai.applications.models import Application, Upload
from balai.applications.tests.helpers import PDF, akta_definition, akta_values
from balai.core.models import PeriodicRun
from balai.core.testing import sign_in
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
    from balai.operations.queries import oldest_running_task_age

    assert 660 <= oldest_running_task_age(now=timezone.now()) < 700  # the metric's figure
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


# --- the file storage's disk full during an application -----------------------------------

class FullDiskStorage(FileSystemStorage):
    """Where a tmpfs cannot be mounted (not root): writes part of the file, then fails as a
    full disk does."""

    def _save(self, name: str, content: Any) -> str:
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            handle.write(content.read(512))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


@pytest.fixture
def full_disk(tmp_path, settings):
    """The upload storage on a 64 KiB tmpfs filled to the last byte (a real ENOSPC from the
    kernel); `free()` empties it. Without the right to mount, a storage that fails the same
    way."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)]
    mounted = (os.environ.get("BALAI_TEST_NO_MOUNT") != "1"
               and subprocess.run(mount, capture_output=True).returncode == 0)  # noqa: S603,S607
    try:
        yield _full_disk(disk, mounted, settings)
    finally:
        if mounted:
            subprocess.run(["umount", str(disk)], check=False)  # noqa: S603,S607


def _full_disk(disk: Path, mounted: bool, settings: Any) -> Any:
    filler = disk / "filler"
    if mounted:
        with filler.open("wb", buffering=0) as handle, contextlib.suppress(OSError):
            while True:
                handle.write(b"\0" * 4096)
        inner = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                 "OPTIONS": {"location": str(disk)}}
    else:
        inner = {"BACKEND": "balai.operations.tests.test_faults.FullDiskStorage",
                 "OPTIONS": {"location": str(disk)}}
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "balai.core.storage.EncryptedStorage", "OPTIONS": {"inner": inner}}}

    class Disk:
        path = disk

        def files(self) -> list[str]:
            return sorted(str(p.relative_to(disk)) for p in disk.rglob("*")
                          if p.is_file() and p != filler)

        def free(self) -> None:
            if mounted:
                filler.unlink()
            else:
                settings.STORAGES = {**settings.STORAGES, "default": {
                    "BACKEND": "balai.core.storage.EncryptedStorage", "OPTIONS": {"inner": {
                        "BACKEND": "django.core.files.storage.FileSystemStorage",
                        "OPTIONS": {"location": str(disk)}}}}}

    return Disk()


@pytest.fixture
def akta(office_a):
    return akta_definition(office_a)


def _apply_urls(definition) -> dict[str, str]:
    code = definition.service.code
    return {step: reverse(f"applications:{name}", kwargs={"code": code})
            for step, name in [("data", "apply"), ("uploads", "apply_uploads"),
                               ("review", "apply_review")]}


def _files() -> dict[str, object]:
    return {code: SimpleUploadedFile(f"{code}.pdf", PDF, content_type="application/pdf")
            for code in ["surat-lahir", "buku-nikah", "kk", "ktp-orang-tua"]}


@pytest.mark.django_db
def test_a_full_disk_during_uploads_keeps_the_draft_and_says_so(client, citizen, akta,
                                                                 full_disk, caplog):
    steps = _apply_urls(akta)
    sign_in(client, citizen.user)
    values = akta_values()
    assert client.post(steps["data"], values).status_code == 302
    draft = Application.objects.get(applicant=citizen.user)

    response = client.post(steps["uploads"], _files())
    assert response.status_code == 503
    assert response["Retry-After"]
    text = response.content.decode()
    assert "Penyimpanan berkas sedang penuh" in text
    assert "tetap tersimpan sebagai draf" in text
    assert 'class="error-summary"' in text  # the form again, with the message on top
    # Nothing half-written: no upload row, no ledger event for it, no partial file on disk.
    assert not Upload.objects.filter(application=draft).exists()
    assert full_disk.files() == []
    assert any("upload not stored: StorageFull" in r.getMessage() for r in caplog.records)
    # The typed data is still the draft's: the data step shows it again.
    draft.refresh_from_db()
    assert draft.is_draft and draft.data["nama_anak"] == values["nama_anak"]
    page = client.get(steps["data"] + "?ubah=1").content.decode()
    assert values["nama_anak"] in page

    # Space is freed: the same files go through and the application is submitted.
    full_disk.free()
    response = client.post(steps["uploads"], _files())
    assert response.status_code == 302 and response["Location"] == steps["review"]
    assert Upload.objects.filter(application=draft, superseded=False).count() == 4
    page = client.get(steps["review"]).content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    response = client.post(steps["review"], {"idempotency_key": key, "confirm": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.number and not draft.is_draft
    assert len(full_disk.files()) == 4  # the four scans, nothing else


def test_a_full_disk_elsewhere_is_a_503_page_not_a_traceback(rf):
    """Any other page that meets a full disk: Django's handler500 answers 503, in Indonesian."""
    from balai.portal.views import server_error

    try:
        raise OSError(errno.ENOSPC, "No space left on device")
    except OSError:
        response = server_error(rf.post("/pengaduan/baru/"))
        api = server_error(rf.put("/api/v1/applications/X/uploads/kk"))
    assert response.status_code == 503 and response["Retry-After"]
    assert "Berkas tidak dapat disimpan saat ini" in response.content.decode()
    assert api.status_code == 503
    assert json.loads(api.content)["code"] == "STORAGE_FULL"
    try:
        raise OSError(errno.EACCES, "Permission denied")
    except OSError:
        assert server_error(rf.get("/")).status_code == 500  # not "full": a real bug
