"""Suite-wide fixtures: no network, and a real browser (Debian's chromium) for journeys."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("BALAI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
]


def pytest_configure(config: pytest.Config) -> None:
    # Playwright's sync API runs an event loop in the test thread; the Django ORM calls the
    # tests make between page actions are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def no_js_page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A page in a browser with JavaScript switched off: every journey must still work."""
    context = browser.new_context(base_url=live_server.url, locale="id-ID",
                                  java_script_enabled=False)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Throttle counters live in the cache (balai.core.ratelimit): each test starts afresh."""
    from django.core.cache import cache

    cache.clear()
    yield


# Personas for every app's tests (built through the accounts actions): see balai/core/testing.py.
from balai.core.testing import (  # noqa: E402,F401
    admin_user,
    auditor,
    citizen,
    kubu_raya,
    office_a,
    office_b,
    officer,
    officer_other_office,
    operator,
    other_citizen,
)


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


def _ledger_flushable(enabled: bool) -> None:
    """Let a transactional test's closing flush empty the append-only ledger, then put the
    triggers and the chain head (created by a migration, removed by the flush) back."""
    from importlib import import_module

    from django.db import connection

    triggers = import_module("balai.ledger.migrations.0004_sequencer_batches")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in triggers.APPEND_ONLY_TABLES:
                cursor.execute(f"ALTER TABLE {table} {'DISABLE' if enabled else 'ENABLE'} "
                               "TRIGGER USER")
        elif enabled:
            for sql in triggers.SQLITE_DOWN:
                cursor.execute(sql)
        else:
            for sql in triggers.SQLITE_UP:
                cursor.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS"))
    if not enabled:
        from balai.ledger.models import LedgerHead

        LedgerHead.objects.get_or_create(pk=1)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    # Transactional tests (browser journeys) end with a flush of every table, which the
    # ledger's append-only triggers rightly refuse.
    if not _is_transactional(item):
        yield
        return
    from django.db import DatabaseError
    from pytest_django.plugin import blocking_manager_key

    blocker = item.config.stash[blocking_manager_key]
    with blocker.unblock():
        _ledger_flushable(True)
    yield
    if nextitem is None:  # after the last test the test database is already gone
        return
    # The test database may have been torn down with this test's session (xdist hands a
    # worker its last test without a successor); the next one recreates it, triggers included.
    with blocker.unblock(), contextlib.suppress(DatabaseError):
        _ledger_flushable(False)
