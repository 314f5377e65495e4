"""Operations settings that are wrong stop Balai at start-up, never later at run time."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def test_an_unknown_log_format_stops_start_up():
    env = {**os.environ, "LOG_FORMAT": "xml", "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"],  # noqa: S603
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "LOG_FORMAT must be 'text' or 'json'" in result.stderr


@pytest.mark.parametrize(("name", "value", "message"), [
    ("BALAI_METRICS_ALLOWED_IPS", "10.0.0.300", "BALAI_METRICS_ALLOWED_IPS"),
    ("BALAI_BACKUP_KEYS", "b1:not-base64!", "bukan base64"),
])
def test_invalid_operations_settings_stop_start_up(name, value, message):
    env = {**os.environ, name: value, "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"],  # noqa: S603
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr
