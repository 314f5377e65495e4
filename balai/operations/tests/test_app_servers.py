"""Two app servers behind nginx, sharing sessions and rate limits through Redis (REDIS_URL).

Two real gunicorn processes of Balai run on loopback ports against the test database (SQLite:
a copy of it in a file; PostgreSQL: the test database itself), with REDIS_URL pointing at a Redis
database of their own; nginx balances between them round-robin and says which one answered in
an X-Upstream header. Its configuration is the example of docs/deployment.md.

Needs nginx (Debian package `nginx`) and a Redis server (BALAI_TEST_REDIS_URL, by default
database 5 of 127.0.0.1:6379, emptied first). Without them the test is skipped, except under
CI=true, where it fails. Under xdist each worker uses the next database (6, 7, ...).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.urls import reverse

from balai.core.testing import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(settings.BASE_DIR)
# One Redis database per xdist worker (5, 6, ...), so parallel workers never empty each other's.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = os.environ.get("BALAI_TEST_REDIS_URL", f"redis://127.0.0.1:6379/{5 + _WORKER % 10}")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

# The suite's settings (fast hashing, static files from the app folders), with the cache and
# session engine that config.settings chose from REDIS_URL (test_settings replaces the cache).
SERVER_SETTINGS = """\
from config.test_settings import *  # noqa: F403
from config.settings import CACHES, SESSION_ENGINE  # noqa: F401
"""

NGINX_CONF = """\
{user}worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {mime_types};

    upstream balai {{
        server 127.0.0.1:{port_a};
        server 127.0.0.1:{port_b};
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 20m;
        location /static/ {{
            alias {static}/;
            expires 30d;
        }}
        location / {{
            proxy_pass http://balai;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $request_id;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log.read_text()}")
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within 60 s:\n{log.read_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _database_url(tmp: Path) -> str:
    """A URL the app servers reach the test's data by: committed rows of the test database."""
    if connection.vendor == "sqlite":
        # The SQLite test database lives in this process's memory: copy it into a file.
        path = tmp / "balai.sqlite3"
        target = sqlite3.connect(path)
        try:
            connection.ensure_connection()
            connection.connection.backup(target)
        finally:
            target.close()
        return f"sqlite:///{path}"
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class Cluster:
    base: str  # nginx
    servers: dict[str, str]  # "127.0.0.1:port" -> direct base URL of that gunicorn


@pytest.fixture
def cluster(transactional_db, citizen, tmp_path) -> Iterator[Cluster]:
    if not Path(NGINX).exists():
        _missing("the app-server test needs nginx (apt-get install nginx)")
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.RedisError as exc:
        _missing(f"the app-server test needs a Redis server at {REDIS_URL} ({exc})")

    (tmp_path / "balai_app_server_settings.py").write_text(SERVER_SETTINGS)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "balai_app_server_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DATABASE_URL": _database_url(tmp_path),
        "REDIS_URL": REDIS_URL,
        "BALAI_VAR_DIR": str(settings.VAR_DIR),  # the same development keys as this process
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        servers = {}
        for name in ("a", "b"):
            port = _free_port()
            log = tmp_path / f"gunicorn-{name}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
                    [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi",
                     "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"],
                    cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
            processes.append(process)
            servers[f"127.0.0.1:{port}"] = (f"http://127.0.0.1:{port}", process, log)
        for url, process, log in servers.values():
            _wait_for(f"{url}/healthz", process, log)

        port = _free_port()
        port_a, port_b = (address.split(":")[1] for address in servers)
        conf = tmp_path / "nginx.conf"
        conf.write_text(NGINX_CONF.format(
            user="user root;\n" if os.geteuid() == 0 else "", tmp=tmp_path, port=port,
            port_a=port_a, port_b=port_b, static=ROOT / "static",
            mime_types="/etc/nginx/mime.types"))
        log = tmp_path / "nginx-error.log"
        log.touch()
        nginx = subprocess.Popen(  # noqa: S603 - our own nginx, fixed arguments
            [NGINX, "-c", str(conf), "-p", str(tmp_path), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=log.open("ab"))
        processes.append(nginx)
        _wait_for(f"http://127.0.0.1:{port}/healthz", nginx, log)
        yield Cluster(base=f"http://127.0.0.1:{port}",
                      servers={address: url for address, (url, _, _) in servers.items()})
    finally:
        for process in reversed(processes):
            _stop(process)


def _sign_in(http: requests.Session, base: str, nik: str) -> requests.Response:
    login = base + reverse("accounts:login")
    page = http.get(login, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return http.post(login, data={"csrfmiddlewaretoken": token, "username": nik,
                                  "password": PASSWORD},
                     allow_redirects=False, timeout=10)


def test_a_session_started_on_one_app_server_continues_on_the_other(cluster, citizen):
    import redis

    http = requests.Session()
    signed_in = _sign_in(http, cluster.base, citizen.nik)
    assert signed_in.status_code == 302, signed_in.text[:500]
    assert signed_in.headers["Location"] == reverse("accounts:profile")
    assert signed_in.headers["X-Upstream"] in cluster.servers

    # Through nginx, round-robin: the profile is shown whichever app server answers.
    profile = reverse("accounts:profile")
    answered_by = []
    for _ in range(4):
        response = http.get(cluster.base + profile, allow_redirects=False, timeout=10)
        assert response.status_code == 200, response.headers.get("Location")
        answered_by.append(response.headers["X-Upstream"])
    assert set(answered_by) == set(cluster.servers)

    # And on each app server directly, with the cookie nginx's answers set.
    for url in cluster.servers.values():
        response = http.get(url + profile, allow_redirects=False, timeout=10)
        assert response.status_code == 200, response.headers.get("Location")
    # Without the cookie the same page sends to the sign-in page: the session is what counts.
    anonymous = requests.get(cluster.base + profile, allow_redirects=False, timeout=10)
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith(reverse("accounts:login"))

    # The session is cached in Redis (cached_db), not only in the database.
    keys = redis.Redis.from_url(REDIS_URL).keys("*sessions.cached_db*")
    assert len(keys) == 1

    # Signing out on one app server ends the session on the other one too.
    logout = reverse("accounts:logout")
    first, second = cluster.servers.values()
    page = http.get(first + profile, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = http.post(first + logout, data={"csrfmiddlewaretoken": token},
                         allow_redirects=False, timeout=10)
    assert response.status_code == 302
    response = http.get(second + profile, allow_redirects=False, timeout=10)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("accounts:login"))

    # Static files come from nginx itself, not from an app server.
    response = requests.get(cluster.base + "/static/css/balai.css", timeout=10)
    assert response.status_code == 200
    assert "X-Upstream" not in response.headers
    assert response.content == (ROOT / "static" / "css" / "balai.css").read_bytes()

def test_a_rate_limit_is_counted_across_app_servers(cluster):
    count_max, window = settings.BALAI_RATE_LIMITS["status_lookup"]["ip"]
    assert count_max >= 4  # each app server alone stays under the limit below
    # The windows are fixed: start early enough in one that all requests fall in it.
    if window - time.time() % window < 10:
        time.sleep(window - time.time() % window + 0.1)
    status = cluster.base + reverse("applications:status")
    answers = [requests.get(status, timeout=10) for _ in range(count_max)]
    assert [response.status_code for response in answers] == [200] * count_max
    per_server = {address: 0 for address in cluster.servers}
    for response in answers:
        per_server[response.headers["X-Upstream"]] += 1
    assert all(count < count_max for count in per_server.values()), per_server

    # The next request is refused whichever app server gets it: they share one counter.
    refused = [requests.get(status, timeout=10) for _ in range(2)]
    assert [response.status_code for response in refused] == [429, 429]
    assert {response.headers["X-Upstream"] for response in refused} == set(cluster.servers)
    assert int(refused[0].headers["Retry-After"]) >= 1
    assert "Terlalu banyak percobaan" in refused[0].text
    # The counter lives in Redis, where both app servers read and write it.
    import redis

    assert len(redis.Redis.from_url(REDIS_URL).keys("*rl:status_lookup:ip:*")) == 1
    # Directly on each app server as well (same client address: loopback).
    for url in cluster.servers.values():
        assert requests.get(url + reverse("applications:status"), timeout=10).status_code == 429



@pytest.mark.parametrize(("redis_url", "expected"), [
    ("", "django.core.cache.backends.filebased.FileBasedCache "
         "django.contrib.sessions.backends.db"),
    ("redis://127.0.0.1:6379/5", "django.core.cache.backends.redis.RedisCache "
                                 "django.contrib.sessions.backends.cached_db"),
])
def test_redis_url_chooses_the_cache_and_the_session_engine(redis_url, expected):
    env = {key: value for key, value in os.environ.items()
           if key not in ("REDIS_URL", "CACHE_BACKEND")}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings",
                "BALAI_VAR_DIR": str(settings.VAR_DIR)})
    if redis_url:
        env["REDIS_URL"] = redis_url
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)")
    result = subprocess.run([sys.executable, "-c", code],  # noqa: S603
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
