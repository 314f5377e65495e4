import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from balai.applications.models import Application
from balai.applications.tests.helpers import akta_definition, make_submitted
from balai.ledger.actions import record_event
from balai.notifications.actions import queue_message

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
TOKEN = "token-metrik-uji-0123456789abcdef"


@pytest.fixture
def scrape(client, settings):
    settings.BALAI_METRICS_TOKEN = TOKEN

    def get() -> str:
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain; version=")
        return response.content.decode()

    return get


def value(text: str, name: str, labels: str = "") -> float:
    pattern = re.escape(name + (f"{{{labels}}}" if labels else "")) + r" (\S+)"
    match = re.search(rf"^{pattern}$", text, re.M)
    assert match, f"{name}{{{labels}}} not in the exposition"
    return float(match.group(1))


def test_metrics_are_refused_without_the_token_or_an_allowed_address(client, settings):
    settings.BALAI_METRICS_TOKEN = TOKEN
    settings.BALAI_METRICS_ALLOWED_IPS = ["10.0.0.0/24"]
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer salah").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=TOKEN).status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="10.0.1.5").status_code == 403
    assert b"balai_" not in client.get("/metrics").content


def test_metrics_are_served_to_an_allowed_address_or_with_the_token(client, settings):
    settings.BALAI_METRICS_ALLOWED_IPS = ["10.0.0.0/24", "192.0.2.7"]
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.5").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 200
    settings.BALAI_METRICS_ALLOWED_IPS = []
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.5").status_code == 403
    settings.BALAI_METRICS_TOKEN = TOKEN
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200


def test_without_any_setting_nobody_reads_metrics(client, settings):
    settings.BALAI_METRICS_TOKEN = ""
    settings.BALAI_METRICS_ALLOWED_IPS = []
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


def test_request_latency_is_labelled_by_route_never_by_raw_path(client, scrape):
    labels = 'method="GET",route="layanan/<slug:code>/",status="4xx"'
    before = value(scrape(), "balai_http_request_duration_seconds_count", labels) \
        if labels in scrape() else 0
    client.get("/layanan/layanan-rahasia-satu/")
    client.get("/layanan/layanan-rahasia-dua/")
    client.get("/tidak/ada/sama/sekali/")
    text = scrape()
    assert value(text, "balai_http_request_duration_seconds_count", labels) == before + 2
    assert "layanan-rahasia" not in text
    assert "sama/sekali" not in text
    assert 'route="unmatched",status="4xx"' in text
    assert 'balai_http_request_duration_seconds_bucket{le="0.1",method="GET"' in text


def test_task_queue_depth_and_age_of_the_oldest_ready_task(scrape):
    for minutes in (3, 10):
        task = DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}}, task_path="balai.ledger.tasks.verify_ledger",
            backend_name="default", run_after=get_date_max())
        DBTaskResult.objects.filter(pk=task.pk).update(
            enqueued_at=timezone.now() - dt.timedelta(minutes=minutes))
    DBTaskResult.objects.create(  # scheduled for later: not waiting yet
        args_kwargs={"args": [], "kwargs": {}}, task_path="balai.ledger.tasks.verify_ledger",
        backend_name="default", run_after=timezone.now() + dt.timedelta(hours=1))
    text = scrape()
    assert value(text, "balai_task_queue_depth", 'queue="default"') == 2
    assert 600 <= value(text, "balai_task_queue_oldest_age_seconds") < 660
    assert value(text, "balai_metrics_database_up") == 1


def test_outbox_backlog_counts_undelivered_messages(scrape, citizen):
    before = value(scrape(), "balai_outbox_backlog")
    # In this test's transaction, which never commits: the messages stay queued.
    queue_message(channel="sms", body="Permohonan Anda diterima.", recipient=citizen.user,
                  address="081234567890")
    queue_message(channel="email", body="Permohonan Anda diterima.", recipient=citizen.user,
                  address="warga@example.id", subject="Permohonan")
    assert value(scrape(), "balai_outbox_backlog") == before + 2


def test_sla_breaches_count_open_overdue_applications(scrape, citizen, office_a):
    definition = akta_definition(office_a)
    late, on_time = make_submitted(citizen.user, definition), make_submitted(citizen.user,
                                                                             definition)
    assert value(scrape(), "balai_sla_breaches", 'kind="application"') == 0
    # The deadline passes.
    Application.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=1))
    text = scrape()
    assert value(text, "balai_sla_breaches", 'kind="application"') == 1
    assert value(text, "balai_sla_breaches", 'kind="complaint"') == 0
    assert value(text, "balai_sla_breaches", 'kind="information_request"') == 0
    assert value(text, "balai_sla_breaches", 'kind="objection"') == 0
    assert on_time.number not in text and late.number not in text


def test_ledger_appends_are_timed(scrape):
    before = value(scrape(), "balai_ledger_append_duration_seconds_count")
    record_event(actor=None, action="uji.metrik")
    record_event(actor=None, action="uji.metrik")
    assert value(scrape(), "balai_ledger_append_duration_seconds_count") == before + 2


def test_multiprocess_mode_adds_up_the_workers(tmp_path):
    """Two worker processes observe requests; a third, serving /metrics, sees both."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    observe = ("from balai.operations import metrics; "
               "metrics.observe_request(route='permohonan/', method='GET', status=200, "
               "seconds=0.2)")
    for _worker in range(2):
        subprocess.run([sys.executable, "-c", observe], cwd=ROOT, env=env,  # noqa: S603
                       check=True, timeout=60)
    expose = ("from balai.operations import metrics; "
              "print(metrics.exposition()[0].decode())")
    result = subprocess.run([sys.executable, "-c", expose], cwd=ROOT, env=env,  # noqa: S603
                            check=True, timeout=60, capture_output=True, text=True)
    labels = 'method="GET",route="permohonan/",status="2xx"'
    assert value(result.stdout, "balai_http_request_duration_seconds_count", labels) == 2
    # No database in that process: the figures read from it say so instead of failing.
    assert value(result.stdout, "balai_metrics_database_up") == 0


def test_an_empty_multiprocess_directory_setting_means_single_process(tmp_path):
    """`make run` exports .env's empty PROMETHEUS_MULTIPROC_DIR=; nothing may be written to the
    working directory because of it."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": "", "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    script = ("from balai.operations import metrics; "
              "metrics.observe_request(route='permohonan/', method='GET', status=200, "
              "seconds=0.2); print(metrics.exposition()[0].decode())")
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,  # noqa: S603
                            check=True, timeout=60, capture_output=True, text=True)
    assert list(tmp_path.iterdir()) == []
    labels = 'method="GET",route="permohonan/",status="2xx"'
    assert value(result.stdout, "balai_http_request_duration_seconds_count", labels) == 1
