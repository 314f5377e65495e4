import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

pytestmark = pytest.mark.django_db


def _ready_task(*, waiting: dt.timedelta, scheduled: bool = False) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path="balai.ledger.tasks.verify_ledger",
        backend_name="default",
        run_after=timezone.now() - waiting if scheduled else get_date_max())
    if not scheduled:
        # enqueued_at is set on insert: move it back to make the task as old as wanted.
        DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waiting)
    return task


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


def test_readyz_lists_every_check_with_its_latency(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "storage", "task_queue"}
    for check in body["checks"].values():
        assert check["ok"] is True
        assert check["latency_ms"] >= 0
    assert "failed" not in body
    assert not response.cookies


def test_readyz_leaves_no_probe_file_behind(client):
    from django.core.files.storage import storages

    client.get("/readyz")
    _dirs, files = storages["default"].listdir("readyz")
    assert files == []


def test_readyz_fails_naming_the_task_queue_when_a_task_waits_too_long(client, settings,
                                                                       caplog):
    settings.BALAI_READY_MAX_TASK_AGE = 60
    _ready_task(waiting=dt.timedelta(seconds=30))
    assert client.get("/readyz").status_code == 200

    _ready_task(waiting=dt.timedelta(minutes=5), scheduled=True)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["failed"] == ["task_queue"]
    assert body["checks"]["task_queue"] == {
        "ok": False, "latency_ms": body["checks"]["task_queue"]["latency_ms"],
        "error": "CheckFailed"}
    assert body["checks"]["database"]["ok"] is True
    # One warning naming the check, not Django's error for every 503 of every poll.
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records
            if r.name.startswith(("django.request", "balai.operations"))] == [
        ("balai.operations.views", "WARNING", "not ready: task_queue")]


def test_a_task_scheduled_for_later_is_not_waiting(client, settings):
    settings.BALAI_READY_MAX_TASK_AGE = 60
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path="balai.ledger.tasks.verify_ledger",
        backend_name="default", run_after=timezone.now() + dt.timedelta(hours=1))
    assert client.get("/readyz").status_code == 200


def test_readyz_fails_naming_the_storage_without_revealing_where_it_is(client, settings,
                                                                        tmp_path):
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("x")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "balai.core.storage.EncryptedStorage",
                    "OPTIONS": {"inner": {
                        "BACKEND": "django.core.files.storage.FileSystemStorage",
                        "OPTIONS": {"location": str(not_a_directory / "media")}}}},
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["storage"]
    assert str(tmp_path) not in response.content.decode()
