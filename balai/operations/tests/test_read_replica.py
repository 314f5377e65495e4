"""The read replica, against a real PostgreSQL streaming replica (tests/conftest.py).

The tests are transactional: the replica sees only what the primary committed.
"""

from __future__ import annotations

import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, reverse_lazy

from balai.accounts.demo import OPD
from balai.catalogue.loader import SERVICES_DIR
from balai.catalogue.models import Service
from balai.core.testing import make_citizen, make_office, sign_in
from balai.operations import dbrouter
from balai.regions.queries import get_village

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """The pages here must be rendered, not served from the page cache: what is measured is
    where their queries go."""
    settings.BALAI_PAGE_CACHE_SECONDS = 0


WRITES = ("INSERT", "UPDATE", "DELETE")
PROFILE = reverse_lazy("accounts:profile")


def _wait_on_replica(sql: str, params: list[object], *, timeout: float = 10.0) -> None:
    """Waits until the replica has replayed the primary's commits up to `sql` returning a row."""
    deadline = time.monotonic() + timeout
    with connections["replica"].cursor() as cursor:
        while True:
            cursor.execute(sql, params)
            if cursor.fetchone() is not None:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"the replica did not receive: {sql} {params}")
            time.sleep(0.05)


def _caught_up() -> None:
    """Waits until the replica replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        lsn = cursor.fetchone()[0]
    _wait_on_replica("SELECT 1 WHERE pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])


def _publish_one_service() -> Service:
    for code, name, short, kind in OPD:
        make_office(code=code, name=name, short_name=short, kind=kind)
    call_command("load_services", str(SERVICES_DIR / "kia.yaml"), stdout=StringIO())
    return Service.objects.get(code="kia")


def _capture(client, method: str, path: str, data=None):
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections["replica"]) as replica:
        response = getattr(client, method)(path, data) if data else getattr(client, method)(path)
    return response, primary, replica


def _writes(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper()
            .startswith(WRITES)]


def test_a_row_committed_on_the_primary_streams_to_the_replica(replica_db):
    office = make_office(code="REPLIKA-1")
    _wait_on_replica("SELECT 1 FROM accounts_office WHERE code = %s", [office.code])
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True  # a standby, not a second primary


def test_the_replica_refuses_writes(replica_db):
    with pytest.raises(DatabaseError, match="read-only"), connections["replica"].cursor() as c:
        c.execute("INSERT INTO accounts_office (code, name, short_name, kind) "
                  "VALUES ('X', 'X', 'X', 'x')")


def test_an_anonymous_public_page_reads_from_the_replica(client, replica_db):
    service = _publish_one_service()
    _caught_up()
    response, primary, replica = _capture(client, "get", reverse("catalogue:index"))
    assert response.status_code == 200
    assert str(service.name) in response.content.decode()
    assert len(replica.captured_queries) > 0
    assert primary.captured_queries == []
    assert dbrouter.WROTE_COOKIE not in response.cookies


def test_a_writer_reads_from_the_primary_within_the_window_then_from_the_replica(
        client, replica_db, settings, kubu_raya):
    settings.BALAI_REPLICA_STICKY_SECONDS = 1
    citizen = make_citizen(village=get_village("61.12.01.2001"))
    sign_in(client, citizen.user)
    _caught_up()
    # The replica stops replaying: from now on it lags behind the primary.
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        response, primary, replica = _capture(client, "post", PROFILE, {
            "phone": "081299990000", "email": "baru@contoh.id", "address": "Jl. Baru 1",
            "kecamatan": "61.12.09", "desa": "61.12.09.2001"})
        assert response.status_code == 302
        assert dbrouter.WROTE_COOKIE in response.cookies
        assert _writes(primary) and replica.captured_queries == []  # writes: the primary only

        # Within the window the citizen reads the new address from the primary.
        response, primary, replica = _capture(client, "get", PROFILE)
        assert response.status_code == 200 and "Jl. Baru 1" in response.content.decode()
        assert replica.captured_queries == []

        # After it, reads go to the (still lagging) replica: the old address. Only the
        # session comes from the primary.
        time.sleep(1.2)
        response, primary, replica = _capture(client, "get", PROFILE)
        assert response.status_code == 200
        assert citizen.address in response.content.decode()
        assert "Jl. Baru 1" not in response.content.decode()
        assert replica.captured_queries
        assert all("django_session" in q["sql"] for q in primary.captured_queries)
        assert dbrouter.WROTE_COOKIE not in response.cookies
    finally:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    # Caught up, the replica has the new address too.
    _caught_up()
    response, primary, replica = _capture(client, "get", PROFILE)
    assert response.status_code == 200 and "Jl. Baru 1" in response.content.decode()
    assert replica.captured_queries


def test_a_post_reads_from_the_primary(client, replica_db):
    _publish_one_service()
    _caught_up()
    # A POST is never routed to the replica, even for its reads.
    response, primary, replica = _capture(client, "post", reverse("catalogue:index"), {"x": 1})
    assert response.status_code == 200
    assert primary.captured_queries and replica.captured_queries == []


def test_when_the_replica_is_down_public_pages_read_from_the_primary(client, replica_db):
    service = _publish_one_service()
    _caught_up()
    assert _capture(client, "get", reverse("catalogue:index"))[2].captured_queries
    replica_db.stop()
    try:
        with CaptureQueriesContext(connections["default"]) as primary:
            response = client.get(reverse("catalogue:index"))
        assert response.status_code == 200 and str(service.name) in response.content.decode()
        assert primary.captured_queries
        # Later requests do not try the replica again until the retry delay has passed.
        started = time.monotonic()
        assert client.get(reverse("catalogue:index")).status_code == 200
        assert time.monotonic() - started < 2
    finally:
        replica_db.start()
        dbrouter.reset_replica_health()
    response, primary, replica = _capture(client, "get", reverse("catalogue:index"))
    assert response.status_code == 200 and replica.captured_queries
