"""Benchmark: Balai's public pages against a bare Django view, over HTTP, under concurrency.

    .venv/bin/python bench/public_pages.py --database sqlite
    .venv/bin/python bench/public_pages.py --database postgres     # or DATABASE_URL=postgres://…
    .venv/bin/python bench/public_pages.py --database sqlite --clients 1,10 --seconds 10

One run starts two gunicorn servers with the settings of `make run` (scripts/serve: 2 workers,
4 threads, access log): one serving a bare Django view that renders a one-line template
(bench/bare/), one serving Balai with its demo data (bench/public_settings.py: config.settings
with the status look-up and API rate limits lifted, so that the run does not time 429 answers).
Then, for each page and each number of concurrent clients, it warms up and measures for a fixed
time with keep-alive connections: requests per second, p50 and p95 latency, and the ratio of
the page's throughput to the bare view's at the same concurrency. Every answer must be 200.

Anonymous clients without cookies, like a first visit or a reverse proxy; each client keeps its
connection. The load generator runs in this process (asyncio, one thread), on the same machine:
it takes CPU from the servers, the same for the bare view as for Balai.

Data: the demo (`load_demo`) in var/bench/public.sqlite3 or the PostgreSQL database
balai_bench_public (BENCH_POSTGRES_URL to change the server). Results are written to
bench/results/public-<database>.json and printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import harness  # noqa: E402

PY = os.environ.get("PY", str(ROOT / ".venv" / "bin" / "python"))
GUNICORN = str(Path(PY).parent / "gunicorn")


def database_url(database: str) -> str:
    if database == "sqlite":
        path = ROOT / "var" / "bench" / "public.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if database == "postgres":
        base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
        return f"{base.rstrip('/')}/balai_bench_public"
    return database  # a DATABASE_URL


def server_env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.public_settings",
                "BALAI_VAR_DIR": str(ROOT / "var" / "bench"),
                "ALLOWED_HOSTS": "127.0.0.1,localhost", "PYTHONPATH": str(ROOT)})
    return env


def prepare(url: str) -> dict[str, str]:
    """Migrate and load the demo (idempotent); the paths of one service and one application."""
    if url.startswith("postgres"):
        harness.ensure_postgres_database(url)
    env = server_env(url)
    for command in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"],
                    ["load_demo"]):
        subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True,  # noqa: S603
                       stdout=subprocess.DEVNULL)
    script = ("from balai.catalogue import queries; from balai.applications.models import "
              "Application; s = queries.public_services().order_by('code').first(); "
              "a = Application.objects.exclude(number='').order_by('id').first(); "
              "print(s.code, a.number)")
    out = subprocess.run([PY, "manage.py", "shell", "-c", script], cwd=ROOT, env=env,  # noqa: S603
                         check=True, capture_output=True, text=True).stdout.split()
    return {"service": out[-2], "application": out[-1]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(app: str, env: dict[str, str], workers: int, threads: int) -> tuple:
    port = free_port()
    log = open(ROOT / "var" / "bench" / f"gunicorn-{app.split('.')[0]}.log", "w")  # noqa: SIM115
    # The flags of scripts/serve (`make run`).
    process = subprocess.Popen(  # noqa: S603
        [GUNICORN, app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", str(threads), "--access-logfile", "-", "--graceful-timeout", "10"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn {app} exited; see {log.name}") from None
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn {app} did not start")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                   path: str) -> int:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html,"
                 f"application/json\r\nAccept-Encoding: identity\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:] if h)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    if headers.get("connection", "").lower() == "close":
        raise ConnectionResetError
    return status


async def _client(port: int, path: str, until: float, warm_until: float,
                  timings: list[float], statuses: dict[int, int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while True:
            started = time.perf_counter()
            if started >= until:
                return
            try:
                status = await _request(reader, writer, path)
            except (ConnectionResetError, asyncio.IncompleteReadError):
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            if started >= warm_until:
                timings.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
    finally:
        writer.close()


def measure(port: int, path: str, clients: int, seconds: float, warmup: float) -> dict:
    timings: list[float] = []
    statuses: dict[int, int] = {}

    async def run() -> None:
        now = time.perf_counter()
        await asyncio.gather(*(_client(port, path, now + warmup + seconds, now + warmup,
                                       timings, statuses) for _ in range(clients)))

    asyncio.run(run())
    timings.sort()
    if not timings:
        return {"requests": 0, "rps": 0.0, "p50_ms": 0.0, "p95_ms": 0.0, "statuses": statuses}
    return {"requests": len(timings), "rps": round(len(timings) / seconds, 1) if seconds else 0,
            "p50_ms": round(statistics.median(timings) * 1000, 1),
            "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)] * 1000, 1),
            "statuses": statuses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL", "sqlite"),
                        help="sqlite, postgres or a DATABASE_URL (default: $DATABASE_URL or "
                             "sqlite)")
    parser.add_argument("--clients", default="1,10", help="concurrency levels, e.g. 1,10")
    parser.add_argument("--seconds", type=float, default=8.0, help="measured time per page")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up time per page")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--label", default="", help="added to the results file name")
    args = parser.parse_args()

    url = database_url(args.database)
    kind = "postgres" if url.startswith("postgres") else "sqlite"
    print(f"preparing {kind} ({url.rsplit('@', 1)[-1]}) …", flush=True)
    found = prepare(url)
    pages = [
        ("bare view", None, "/"),
        ("home", "balai", "/"),
        ("catalogue", "balai", "/layanan/"),
        ("service page", "balai", f"/layanan/{found['service']}/"),
        ("status page", "balai", f"/status/{found['application']}/"),
        ("dashboard", "balai", "/transparansi/dasbor/"),
        ("API catalogue", "balai", "/api/v1/services"),
    ]
    bare, bare_port = start_gunicorn("bench.bare.wsgi", {**os.environ, "PYTHONPATH": str(ROOT)},
                                     args.workers, args.threads)
    balai, balai_port = start_gunicorn("config.wsgi", server_env(url), args.workers,
                                       args.threads)
    levels = [int(n) for n in args.clients.split(",")]
    results = []
    try:
        # Every worker imports, connects and compiles templates on its first requests: not
        # part of the measurement.
        for _name, server, path in pages:
            measure(balai_port if server else bare_port, path, clients=4, seconds=0,
                    warmup=3)
        for clients in levels:
            for name, server, path in pages:
                port = balai_port if server else bare_port
                load = os.getloadavg()[0]
                r = measure(port, path, clients, args.seconds, args.warmup)
                r.update({"page": name, "path": path, "clients": clients,
                          "load_1min": round(load, 2)})
                if set(r["statuses"]) != {200}:  # also when none answered in time
                    raise SystemExit(f"{name} ({path}) answered {r['statuses']}")
                results.append(r)
                print(f"  {clients:3} clients  {name:14} {r['rps']:8.1f} req/s  "
                      f"p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  load {load:.1f}",
                      flush=True)
    finally:
        stop(balai)
        stop(bare)
    bare_rps = {r["clients"]: r["rps"] for r in results if r["page"] == "bare view"}
    for r in results:
        r["ratio_to_bare"] = round(r["rps"] / bare_rps[r["clients"]], 2)
    label = f"-{args.label}" if args.label else ""
    out = ROOT / "bench" / "results" / f"public-{kind}{label}.json"
    out.write_text(json.dumps({"database": kind, "clients": levels, "seconds": args.seconds,
                               "workers": args.workers, "threads": args.threads,
                               "cpus": os.cpu_count(), "results": results}, indent=2))
    print(f"\n{kind}, {args.workers} workers x {args.threads} threads, {os.cpu_count()} CPUs\n")
    print("| clients | page | req/s | ratio to bare | p50 ms | p95 ms | load (1 min) |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['clients']} | {r['page']} | {r['rps']} | {r['ratio_to_bare']} | "
              f"{r['p50_ms']} | {r['p95_ms']} | {r['load_1min']} |")
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
