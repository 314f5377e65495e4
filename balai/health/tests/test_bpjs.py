"""The stage times reach BPJS's Antrean Online ("antrean/updatewaktu") signed as the service
asks, through a recorded test server on this machine (no network)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone

from balai.health import actions, bpjs
from balai.health.models import Task, Visit, VisitTask

pytestmark = pytest.mark.django_db

CONS_ID = "12345"
SECRET = "rahasia-bpjs-uji"  # noqa: S105 - test data
USER_KEY = "kunci-pengguna-uji"


class RecordedAntrean:
    """Answers like the service: {"metadata": {"code": 200, "message": "Ok."}}, or a refusal
    while `refuse` holds a code."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.refuse: int | None = None
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                recorder.requests.append({"path": self.path, "headers": dict(self.headers),
                                          "body": json.loads(body)})
                code = recorder.refuse or 200
                answer = {"metadata": {"code": code,
                                       "message": "Ok." if code == 200 else "TaskId=3 sudah ada"}}
                payload = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/antreanfktp"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> RecordedAntrean:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def antrean() -> Any:
    with RecordedAntrean() as server:
        yield server


@pytest.fixture
def bpjs_polyclinic(polyclinic: Any, antrean: RecordedAntrean) -> Any:
    facility = polyclinic.facility
    facility.bpjs_url, facility.bpjs_cons_id = antrean.url, CONS_ID
    facility.bpjs_secret, facility.bpjs_user_key = SECRET, USER_KEY
    facility.save()
    return polyclinic


def test_the_signature_is_the_base64_hmac_of_cons_id_and_timestamp():
    expected = base64.b64encode(hmac.new(SECRET.encode(), b"12345&1700000000",
                                         hashlib.sha256).digest()).decode()
    assert bpjs.signature(cons_id=CONS_ID, secret=SECRET, timestamp="1700000000") == expected


def test_each_stage_is_sent_as_updatewaktu_with_signed_headers(
        bpjs_polyclinic, desk_officer, antrean, django_capture_on_commit_callbacks):
    visit = actions.book_visit(polyclinic=bpjs_polyclinic, date=timezone.localdate(),
                               channel=Visit.Channel.DESK, actor=desk_officer,
                               patient_name="Budi", walk_in=True,
                               bpjs_number="0001234567890")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.record_stage(visit=visit, actor=desk_officer, task=Task.ADMISSION)
    assert len(callbacks) == 1  # the send is enqueued after the commit
    for row in VisitTask.objects.filter(visit=visit).order_by("task"):
        assert actions.send_task_to_bpjs(task_id=row.pk)

    assert [r["path"] for r in antrean.requests] == ["/antreanfktp/antrean/updatewaktu"] * 2
    first = antrean.requests[0]
    arrival = VisitTask.objects.get(visit=visit, task=1).at
    assert first["body"] == {"kodebooking": visit.booking_code, "taskid": 1,
                             "waktu": int(arrival.timestamp() * 1000)}
    headers = {k.lower(): v for k, v in first["headers"].items()}
    assert headers["x-cons-id"] == CONS_ID and headers["user_key"] == USER_KEY
    assert headers["x-signature"] == bpjs.signature(cons_id=CONS_ID, secret=SECRET,
                                                    timestamp=headers["x-timestamp"])
    assert VisitTask.objects.filter(visit=visit, sent_at__isnull=False).count() == 2


def test_a_refusal_is_kept_and_retried(bpjs_polyclinic, desk_officer, antrean):
    visit = actions.book_visit(polyclinic=bpjs_polyclinic, date=timezone.localdate(),
                               channel=Visit.Channel.DESK, actor=desk_officer,
                               patient_name="Budi", walk_in=True)
    row = VisitTask.objects.get(visit=visit)
    antrean.refuse = 201
    assert not actions.send_task_to_bpjs(task_id=row.pk)
    row.refresh_from_db()
    assert row.sent_at is None and row.attempts == 1
    assert row.last_error == "201: TaskId=3 sudah ada"
    antrean.refuse = None
    assert actions.send_pending_tasks() == 1
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 2


def test_an_unreachable_service_is_an_error_not_a_crash(bpjs_polyclinic, desk_officer):
    facility = bpjs_polyclinic.facility
    facility.bpjs_url = "http://127.0.0.1:9/antrean"  # discard port: nothing listens
    facility.save()
    visit = actions.book_visit(polyclinic=bpjs_polyclinic, date=timezone.localdate(),
                               channel=Visit.Channel.DESK, actor=desk_officer,
                               patient_name="Budi", walk_in=True)
    row = VisitTask.objects.get(visit=visit)
    assert not actions.send_task_to_bpjs(task_id=row.pk)
    row.refresh_from_db()
    assert row.last_error.startswith("tidak tersambung")


def test_a_facility_without_bpjs_settings_sends_nothing(polyclinic, desk_officer,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.book_visit(polyclinic=polyclinic, date=timezone.localdate(),
                           channel=Visit.Channel.DESK, actor=desk_officer,
                           patient_name="Budi", walk_in=True)
    assert callbacks == []
