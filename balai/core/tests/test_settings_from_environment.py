"""Production mode is one switch and refuses to start half-configured; `check --deploy` is clean."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    prefixes = ("BALAI_", "DJANGO_", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "BALAI_PRODUCTION": "true",
        "BALAI_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "balai.kuburayakab.go.id",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "BALAI_DATA_KEYS": "k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "BALAI_INDEX_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    })
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=env,  # noqa: S603 - our own manage.py
                          capture_output=True, text=True, timeout=120, check=False)


def test_production_check_deploy_reports_no_warnings(tmp_path):
    result = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL",
                                     "BALAI_DATA_KEYS", "BALAI_INDEX_KEY"])
def test_production_refuses_to_start_without(tmp_path, missing):
    result = _manage(_production_env(tmp_path, **{missing: None}), "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and missing in result.stderr
    assert not (tmp_path / "var" / "dev-secrets.json").exists()


def test_production_refuses_a_weak_secret_key(tmp_path):
    result = _manage(_production_env(tmp_path, SECRET_KEY="django-insecure-short"), "check")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_a_boolean_setting_accepts_only_true_or_false(tmp_path):
    result = _manage(_production_env(tmp_path, BALAI_PRODUCTION="yes"), "check")
    assert result.returncode != 0 and "BALAI_PRODUCTION must be 'true' or 'false'" in result.stderr


def test_development_mode_generates_its_secrets_into_var(tmp_path):
    env = _production_env(tmp_path, BALAI_PRODUCTION=None, SECRET_KEY=None, DATABASE_URL=None,
                          BALAI_DATA_KEYS=None, BALAI_INDEX_KEY=None, ALLOWED_HOSTS=None)
    result = _manage(env, "check")
    assert result.returncode == 0, result.stderr
    secrets_file = tmp_path / "var" / "dev-secrets.json"
    assert secrets_file.exists()
    assert oct(secrets_file.stat().st_mode & 0o777) == "0o600"
    first = secrets_file.read_text()
    assert _manage(env, "check").returncode == 0
    assert secrets_file.read_text() == first


def test_sqlite_runs_in_wal_mode(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database lives in memory, where SQLite reports "memory"; on a file it is WAL.
    assert mode in ("wal", "memory")
