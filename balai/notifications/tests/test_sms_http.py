"""HttpSmsBackend against a real HTTP server on 127.0.0.1, started by the test."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from balai.notifications.actions import deliver_message, queue_message
from balai.notifications.models import Message
from balai.notifications.sms import HttpSmsBackend, SmsError


class FakeProvider:
    """What the provider answers next, and what it was sent."""

    def __init__(self):
        self.status = 200
        self.answer = {"id": "prov-123"}
        self.delay = 0.0
        self.headers = {}
        self.requests = []


@pytest.fixture
def provider():
    state = FakeProvider()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            state.requests.append({"path": self.path, "headers": dict(self.headers),
                                   "json": json.loads(self.rfile.read(length))})
            time.sleep(state.delay)
            body = (state.answer if isinstance(state.answer, bytes)
                    else json.dumps(state.answer).encode())
            try:
                self.send_response(state.status)
                for name, value in state.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout test)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_port}/v1/sms"
    yield state
    server.shutdown()
    server.server_close()


def _backend(provider, **overrides):
    options = {"url": provider.url, "token": "rahasia-token", "sender": "BALAI", "timeout": 2}
    return HttpSmsBackend(**(options | overrides))


def test_http_sms_posts_json_with_bearer_token_and_returns_provider_id(provider):
    assert _backend(provider).send(to="6281234567890", body="Kode Anda 482913") == "prov-123"
    (request,) = provider.requests
    assert request["path"] == "/v1/sms"
    assert request["headers"]["Authorization"] == "Bearer rahasia-token"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["json"] == {"to": "6281234567890", "from": "BALAI",
                               "text": "Kode Anda 482913"}


def test_http_sms_reads_message_id_when_there_is_no_id(provider):
    provider.answer = {"message_id": 98765, "status": "accepted"}
    assert _backend(provider).send(to="6281234567890", body="Halo") == "98765"


def test_http_sms_server_error_raises_sms_error_with_the_reason(provider):
    provider.status = 500
    provider.answer = {"error": "gateway down"}
    with pytest.raises(SmsError, match="HTTP 500") as excinfo:
        _backend(provider).send(to="6281234567890", body="Halo")
    assert "gateway down" in str(excinfo.value)


def test_http_sms_timeout_raises_sms_error(provider):
    provider.delay = 1.0
    started = time.monotonic()
    with pytest.raises(SmsError, match="tidak dapat dihubungi"):
        _backend(provider, timeout=0.2).send(to="6281234567890", body="Halo")
    assert time.monotonic() - started < 1.0


def test_http_sms_unreachable_provider_raises_sms_error(provider):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    with pytest.raises(SmsError, match="tidak dapat dihubungi"):
        _backend(provider, url=f"http://127.0.0.1:{free_port}/").send(to="628123", body="Halo")


def test_http_sms_answer_without_id_raises_sms_error(provider):
    provider.answer = {"status": "ok"}
    with pytest.raises(SmsError, match="ID pesan"):
        _backend(provider).send(to="6281234567890", body="Halo")


def test_http_sms_answer_that_is_not_json_raises_sms_error(provider):
    provider.answer = b"<html>OK</html>"
    with pytest.raises(SmsError, match="bukan JSON"):
        _backend(provider).send(to="6281234567890", body="Halo")


def test_http_sms_does_not_follow_redirects_with_the_token(provider):
    provider.status = 302
    provider.headers = {"Location": "http://127.0.0.1:9/elsewhere"}
    with pytest.raises(SmsError, match="HTTP 302"):
        _backend(provider).send(to="6281234567890", body="Halo")
    assert len(provider.requests) == 1


def test_http_sms_backend_refuses_to_start_without_url(settings):
    settings.SMS_HTTP_URL = ""
    with pytest.raises(ImproperlyConfigured):
        HttpSmsBackend()


@pytest.mark.django_db
def test_message_is_delivered_through_the_configured_http_provider(provider, settings):
    settings.SMS_BACKEND = "balai.notifications.sms.HttpSmsBackend"
    settings.SMS_HTTP_URL = provider.url
    settings.SMS_HTTP_TOKEN = "token-dari-env"
    settings.SMS_HTTP_SENDER = "KUBURAYA"
    message = queue_message(channel=Message.Channel.SMS, address="0812 3456 7890",
                            body="Kode pendaftaran Balai: 482913")
    deliver_message(message_id=message.pk)
    message.refresh_from_db()
    assert (message.status, message.provider_id) == (Message.Status.SENT, "prov-123")
    (request,) = provider.requests
    assert request["json"] == {"to": "6281234567890", "from": "KUBURAYA",
                               "text": "Kode pendaftaran Balai: 482913"}
    assert request["headers"]["Authorization"] == "Bearer token-dari-env"


@pytest.mark.django_db
def test_message_refused_by_the_http_provider_is_retried_with_the_error(provider, settings):
    settings.SMS_BACKEND = "balai.notifications.sms.HttpSmsBackend"
    settings.SMS_HTTP_URL = provider.url
    provider.status = 500
    provider.answer = {"error": "gateway down"}
    message = queue_message(channel=Message.Channel.SMS, address="081234567890", body="Halo")
    deliver_message(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == Message.Status.QUEUED
    assert message.attempts == 1
    assert "HTTP 500" in message.last_error and "gateway down" in message.last_error
