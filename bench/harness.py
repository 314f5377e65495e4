"""Measure pages the way a server sees them: the whole Django stack, in process, one client.

`measure(client, path, requests=…)` issues GET requests through Django's test client (middleware,
sessions, templates, the database: everything but the socket) and reports requests per second
and latency percentiles. Numbers are for comparing sizes of the same data on the same machine,
which is what the scale targets (ratio at most 1.3) are about.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def setup_django(*, database: str, size: int) -> str:
    """Point Django at the benchmark database for `database` ("sqlite" or "postgres")."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("BALAI_VAR_DIR", str(ROOT / "var" / "bench"))
    if database == "sqlite":
        path = ROOT / "var" / "bench" / f"bench-{size}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
        os.environ["DATABASE_URL"] = f"{base.rstrip('/')}/balai_bench_{size}"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    return os.environ["DATABASE_URL"]


def ensure_postgres_database(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


@dataclass
class Measurement:
    name: str
    path: str
    requests: int
    rps: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    status: int


def measure(client: Any, name: str, path: str, *, requests: int = 200,
            warmup: int = 20) -> Measurement:
    status = 0
    for _ in range(warmup):
        status = client.get(path).status_code
    if status != 200:
        raise RuntimeError(f"{name}: GET {path} answered {status}")
    timings = []
    started = time.perf_counter()
    for _ in range(requests):
        t0 = time.perf_counter()
        response = client.get(path)
        timings.append(time.perf_counter() - t0)
        status = response.status_code
    elapsed = time.perf_counter() - started
    timings.sort()
    return Measurement(
        name=name, path=path, requests=requests, rps=round(requests / elapsed, 1),
        p50_ms=round(statistics.median(timings) * 1000, 2),
        p95_ms=round(timings[int(len(timings) * 0.95) - 1] * 1000, 2),
        max_ms=round(timings[-1] * 1000, 2), status=status,
    )


def as_dict(measurement: Measurement) -> dict[str, Any]:
    return asdict(measurement)
