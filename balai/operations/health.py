"""Readiness checks: the database, the cache, the file storage and the task queue.

Each check is cheap (one trivial query, one cache round trip, one tiny file, one indexed
aggregate), so a load balancer may poll /readyz every few seconds. A check reports only
ok/failed, its latency and, when it fails, the exception's class name: never a message, a
path or a host name.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone

from balai.operations.queries import oldest_ready_task_age

PROBE = b"balai readiness probe"
PROBE_PREFIX = "readyz/"


class CheckFailed(Exception):
    """A check ran but found the component not ready."""


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    latency_ms: float
    error: str = ""

    def as_dict(self) -> dict[str, object]:
        result: dict[str, object] = {"ok": self.ok, "latency_ms": self.latency_ms}
        if self.error:
            result["error"] = self.error
        return result


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise CheckFailed("unexpected answer")


def check_cache() -> None:
    key = f"balai:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=30)
    try:
        if cache.get(key) != "1":
            raise CheckFailed("cache does not keep values")
    finally:
        cache.delete(key)


def check_storage() -> None:
    # Through the default storage, encryption included: this also proves the data keys work.
    storage = storages["default"]
    name = storage.save(f"{PROBE_PREFIX}{uuid.uuid4().hex}.probe", ContentFile(PROBE))
    try:
        with storage.open(name) as handle:
            if handle.read() != PROBE:
                raise CheckFailed("storage returned other content")
    finally:
        storage.delete(name)


def check_task_queue() -> None:
    age = oldest_ready_task_age(now=timezone.now())
    if age > settings.BALAI_READY_MAX_TASK_AGE:
        raise CheckFailed("oldest ready task is too old")


CHECKS: list[tuple[str, Callable[[], None]]] = [
    ("database", check_database),
    ("cache", check_cache),
    ("storage", check_storage),
    ("task_queue", check_task_queue),
]


def run_checks() -> list[CheckResult]:
    results = []
    for name, check in CHECKS:
        started = time.perf_counter()
        error = ""
        try:
            check()
        except CheckFailed:
            error = "CheckFailed"
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            error = type(exc).__name__
        results.append(CheckResult(name, not error,
                                   round((time.perf_counter() - started) * 1000, 2), error))
    return results
