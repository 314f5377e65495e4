import pytest
from django.core.exceptions import ImproperlyConfigured

from balai.core import env


def test_env_bool_accepts_only_true_and_false(monkeypatch):
    monkeypatch.setenv("X_FLAG", "true")
    assert env.env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "false")
    assert env.env_bool("X_FLAG", True) is False
    monkeypatch.setenv("X_FLAG", "1")
    with pytest.raises(ImproperlyConfigured):
        env.env_bool("X_FLAG", False)


def test_env_int_rejects_words(monkeypatch):
    monkeypatch.setenv("X_NUM", "lima")
    with pytest.raises(ImproperlyConfigured):
        env.env_int("X_NUM", 1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("X_LIST", "a.example, b.example,,")
    assert env.env_list("X_LIST") == ["a.example", "b.example"]


def test_env_secret_reads_the_file_named_by_name_file(monkeypatch, tmp_path):
    secret = tmp_path / "s"
    secret.write_text("rahasia\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env.env_secret("X_SECRET") == "rahasia"
