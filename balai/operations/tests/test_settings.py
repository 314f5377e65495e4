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



SHOW_DATABASES = ("import django; django.setup(); from django.conf import settings as s; "
                  "print(sorted(s.DATABASES), s.DATABASE_ROUTERS, "
                  "'balai.operations.dbrouter.ReplicaMiddleware' in s.MIDDLEWARE)")


def _start(code: str, **env_changes: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    for name, value in env_changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run([sys.executable, "-c", code],  # noqa: S603
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_a_replica_url_installs_the_replica_router_and_its_middleware():
    result = _start(SHOW_DATABASES, DATABASE_URL="postgres://balai@db1/balai",
                    DATABASE_REPLICA_URL="postgres://balai@db2/balai")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "['default', 'replica'] ['balai.operations.dbrouter.ReplicaRouter'] True")


def test_without_a_replica_url_there_is_one_database_and_no_router():
    result = _start(SHOW_DATABASES, DATABASE_URL="postgres://balai@db1/balai",
                    DATABASE_REPLICA_URL=None)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['default'] [] False"


def test_a_replica_without_a_primary_url_stops_start_up():
    result = _start("import django; django.setup()", DATABASE_URL=None,
                    DATABASE_REPLICA_URL="postgres://balai@db2/balai")
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL needs DATABASE_URL" in result.stderr
