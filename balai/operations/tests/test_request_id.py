import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from balai.operations.logging import JsonFormatter, RequestIdFilter

ROOT = Path(__file__).resolve().parents[3]


def test_a_request_gets_an_id_on_its_response(client):
    response = client.get("/healthz")
    assert len(response["X-Request-ID"]) == 32


def test_a_valid_request_id_from_the_proxy_is_kept(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="5f0c7c1e-9a1b-4c9e-8f5e-2b7f6f8a1d3c")
    assert response["X-Request-ID"] == "5f0c7c1e-9a1b-4c9e-8f5e-2b7f6f8a1d3c"


@pytest.mark.parametrize("forged", ["short", "a" * 129, "abc def ghi", "abcdefgh\nFAKE LINE",
                                    "<script>alert(1)</script>"])
def test_an_invalid_request_id_is_replaced(client, forged):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=forged)
    assert response["X-Request-ID"] != forged
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_every_log_record_of_a_request_carries_its_id_as_json(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        # Django logs every 404 on django.request.
        client.get("/layanan/tidak-ada-layanan-ini/", HTTP_X_REQUEST_ID="req-12345678")
        logging.getLogger("django.request").warning("after the request")
    finally:
        logger.removeHandler(handler)
    during, after = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert during["request_id"] == "req-12345678"
    assert during["level"] == "WARNING"
    assert during["logger"] == "django.request"
    assert "tidak-ada-layanan-ini" in during["message"]
    assert during["time"].endswith("Z")
    assert during["status_code"] == 404  # an `extra=` field of Django's record is kept
    assert after["request_id"] == "-"


def test_log_format_json_switches_the_configured_logging_to_json_lines():
    env = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    script = ("import django, logging; django.setup(); "
              "logging.getLogger('balai.uji').warning('halo %s', 'dunia')")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,  # noqa: S603
                            capture_output=True, text=True, check=True, timeout=120)
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "halo dunia"
    assert line["logger"] == "balai.uji"
    assert line["request_id"] == "-"
